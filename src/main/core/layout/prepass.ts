// Text pass before the C grammar sees a header: expands object-like macros that stand for
// attributes or type names, and lifts every __attribute__((...)) out of the text (blanked in
// place so that lines and columns stay put), because tree-sitter-c parses attributes in
// several legal positions (`enum __attribute__((packed)) E`, `typedef unsigned __attribute__((aligned(2))) u;`)
// as errors or as the wrong construct.

/** One attribute list lifted out of the text. */
export interface LiftedAttribute {
  /** Character index of `__attribute__` in the text handed to the parser. */
  index: number
  items: AttributeItem[]
}

export interface AttributeItem {
  /** `packed`, `aligned`, ... without surrounding underscores. */
  name: string
  /** Raw argument text, when there are parentheses. */
  args: string | undefined
  /** Character index where `args` starts. */
  argsIndex: number
}

export interface Prepassed {
  text: string
  attributes: LiftedAttribute[]
}

const TYPE_WORDS = /\b(?:unsigned|signed|long|short|int|char|float|double|void|_Bool|bool|struct|union|enum|const|volatile|__attribute__|_Alignas|alignas|__extension__|\w+_t)\b/

/** Expands attribute/type macros and lifts attributes. */
export function prepass(source: string): Prepassed {
  const expanded = expandDecorativeMacros(dropCplusplusGroups(source))
  return liftAttributes(expanded)
}

/**
 * Expands function-like macro calls whose arguments close on the same line, as the C
 * preprocessor would (`SIZE_OF(struct Rec)` is no expression the grammar can parse).
 */
function expandCalls(line: string, functions: Map<string, { params: string[]; body: string }>): string {
  let out = ''
  let rest = line
  const re = /[A-Za-z_]\w*/g
  for (;;) {
    re.lastIndex = 0
    let m: RegExpExecArray | null
    let done = true
    while ((m = re.exec(rest))) {
      const fn = functions.get(m[0])
      const open = rest.slice(m.index + m[0].length).search(/\S/) + m.index + m[0].length
      if (!fn || rest[open] !== '(') continue
      const close = matchParen(rest, open)
      if (close < 0) continue
      const args = splitTopLevel(rest.slice(open + 1, close))
      if (args.length !== fn.params.length && !(fn.params.length === 0 && args.length === 1 && args[0] === '')) continue
      const byName = new Map(fn.params.map((p, k) => [p, args[k] as string]))
      out += rest.slice(0, m.index) + fn.body.replace(/[A-Za-z_]\w*/g, (w) => byName.get(w) ?? w)
      rest = rest.slice(close + 1)
      done = false
      break
    }
    if (done) return out + rest
  }
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '(') depth++
    else if (c === ')') depth--
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim())
      start = i + 1
    }
  }
  parts.push(text.slice(start).trim())
  return parts
}

/**
 * Blanks `#ifdef __cplusplus` groups (`extern "C" {` ... `}` split over two of them is not C
 * the grammar can parse); a C compiler never sees them either. Lines stay where they were.
 */
function dropCplusplusGroups(source: string): string {
  const lines = source.split('\n')
  // Per open conditional: undefined when it is not about __cplusplus, else whether its
  // current branch is dropped.
  const stack: (boolean | undefined)[] = []
  const dropping = (): boolean => stack.some((d) => d === true)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string
    const d = /^\s*#\s*(ifdef|ifndef|if|elif|else|endif)\b(.*)$/.exec(line)
    const wasDropping = dropping()
    if (d) {
      const [, kind, rest = ''] = d
      const cpp = /^\s*(?:defined\s*\(?\s*)?__cplusplus\b\s*\)?\s*(?:\/[/*].*)?$/.test(rest)
      if (kind === 'ifdef' || kind === 'if') stack.push(cpp ? true : undefined)
      else if (kind === 'ifndef') stack.push(cpp ? false : undefined)
      else if (kind === 'else' || kind === 'elif') {
        const top = stack.length - 1
        if (stack[top] !== undefined) stack[top] = kind === 'else' ? !stack[top] : true
      } else if (kind === 'endif') {
        const top = stack.pop()
        if (top !== undefined || wasDropping) lines[i] = ''
        continue
      }
      if (stack[stack.length - 1] !== undefined) {
        lines[i] = ''
        continue
      }
    }
    if (wasDropping || dropping()) lines[i] = ''
  }
  return lines.join('\n')
}

function expandDecorativeMacros(source: string): string {
  const lines = source.split('\n')
  const macros = new Map<string, string>()
  const functions = new Map<string, { params: string[]; body: string }>()
  let inDirective = false
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string
    const wasDirective: boolean = inDirective
    inDirective = (wasDirective || /^\s*#/.test(line)) && /\\\s*$/.test(line)
    if (wasDirective) continue
    const def = /^\s*#\s*define\s+([A-Za-z_]\w*)\b(?!\()(.*)$/.exec(line)
    if (def) {
      const name = def[1] as string
      let body = (def[2] ?? '').replace(/\/\*.*?\*\//g, ' ').replace(/\/\/.*$/, '')
      if (/\\\s*$/.test(line)) continue // multi-line macros stay as they are
      body = body.trim()
      if (body === '' || TYPE_WORDS.test(body)) macros.set(name, body)
      continue
    }
    const fdef = /^\s*#\s*define\s+([A-Za-z_]\w*)\(([^)]*)\)(.*)$/.exec(line)
    if (fdef) {
      if (!/\\\s*$/.test(line)) {
        const params = (fdef[2] as string).split(',').map((p) => p.trim()).filter((p) => p !== '')
        functions.set(fdef[1] as string, { params, body: (fdef[3] ?? '').replace(/\/\*.*?\*\//g, ' ').replace(/\/\/.*$/, '').trim() })
      }
      continue
    }
    const undef = /^\s*#\s*undef\s+([A-Za-z_]\w*)/.exec(line)
    if (undef) {
      macros.delete(undef[1] as string)
      functions.delete(undef[1] as string)
      continue
    }
    if (/^\s*#/.test(line)) continue
    let out = nameUnnamedBitfields(line)
    for (let round = 0; round < 8; round++) {
      const next = out.replace(/[A-Za-z_]\w*/g, (word) => {
        const body = macros.get(word)
        return body === undefined ? word : body.padEnd(word.length, ' ')
      })
      const expanded = functions.size ? expandCalls(next, functions) : next
      if (expanded === out) break
      out = expanded
    }
    lines[i] = out
  }
  return lines.join('\n')
}

/** Placeholder member name for unnamed bitfields; the declaration converter drops it again. */
export const UNNAMED_BITFIELD = '__shmscope_unnamed'

const BITFIELD_TYPE_WORD = /\b(int|unsigned|signed|long|short|char|_Bool|bool|\w+_t|[su](?:8|16|32|64)|__u(?:8|16|32|64))(\s*):(?!:)/g

/**
 * The grammar mis-parses some unnamed bitfields (`long long :0;`), so every `type :width`
 * gets a placeholder name (this shifts later columns on that line only).
 */
function nameUnnamedBitfields(line: string): string {
  if (!line.includes(':')) return line
  return line.replace(BITFIELD_TYPE_WORD, (_m, word: string, space: string) => `${word} ${UNNAMED_BITFIELD}${space}:`)
}

function liftAttributes(text: string): Prepassed {
  const attributes: LiftedAttribute[] = []
  const chars = text.split('')
  const re = /\b__attribute__\s*\(\(/g
  let m: RegExpExecArray | null
  while ((m = re.exec(text))) {
    if (insideCommentOrDirective(text, m.index)) continue
    const open = m.index + m[0].length - 2
    const close = matchParen(text, open)
    if (close < 0) break
    const innerStart = open + 2
    const inner = text.slice(innerStart, close - 1)
    attributes.push({ index: m.index, items: splitItems(inner, innerStart) })
    for (let j = m.index; j <= close; j++) if (chars[j] !== '\n') chars[j] = ' '
    re.lastIndex = close + 1
  }
  return { text: chars.join(''), attributes }
}

/** Index of the `)` matching the `(` at `open`, or -1. */
function matchParen(text: string, open: number): number {
  let depth = 0
  for (let i = open; i < text.length; i++) {
    const c = text[i]
    if (c === '(') depth++
    else if (c === ')' && --depth === 0) return i
  }
  return -1
}

function splitItems(inner: string, base: number): AttributeItem[] {
  const items: AttributeItem[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i <= inner.length; i++) {
    const c = inner[i]
    if (c === '(') depth++
    else if (c === ')') depth--
    if ((c === ',' && depth === 0) || i === inner.length) {
      const raw = inner.slice(start, i)
      const m = /^\s*([A-Za-z_]\w*)\s*(?:\(([\s\S]*)\))?\s*$/.exec(raw)
      if (m) {
        const args = m[2]
        const argsIndex = args === undefined ? base + start : base + start + raw.indexOf('(') + 1
        items.push({ name: (m[1] as string).replace(/^__(.*)__$/, '$1'), args, argsIndex })
      }
      start = i + 1
    }
  }
  return items
}

function insideCommentOrDirective(text: string, index: number): boolean {
  const lineStart = text.lastIndexOf('\n', index - 1) + 1
  const before = text.slice(lineStart, index)
  if (/^\s*#/.test(before) || before.includes('//')) return true
  const open = text.lastIndexOf('/*', index)
  return open >= 0 && text.indexOf('*/', open) > index
}
