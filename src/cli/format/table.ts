// Owns plain-text tables for the terminal: columns padded to their widest cell.

export interface Column {
  header: string
  /** Right-align (numbers). */
  right?: boolean
}

/** Display width of a cell: code points, with East Asian wide characters counted twice. */
export function displayWidth(text: string): number {
  let w = 0
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number
    if (cp < 0x20 || (cp >= 0x300 && cp < 0x370)) continue
    w += (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0x1f300 && cp <= 0x1faff) || (cp >= 0x20000 && cp <= 0x3fffd) ? 2 : 1
  }
  return w
}

/** Control characters in names would break the table: show them as `\n`, `\t`, `\xNN`. */
export function printable(text: string): string {
  let out = ''
  for (const c of text) {
    const code = c.charCodeAt(0)
    if (code >= 0x20 && code !== 0x7f) out += c
    else out += c === '\n' ? '\\n' : c === '\t' ? '\\t' : '\\x' + code.toString(16).padStart(2, '0')
  }
  return out
}

/** Lay out rows under headers, two spaces between columns, no trailing blanks. */
export function formatTable(columns: Column[], rows: string[][]): string {
  const cells = rows.map((r) => r.map(printable))
  const widths = columns.map((c, i) => cells.reduce((w, r) => Math.max(w, displayWidth(r[i] ?? '')), displayWidth(c.header)))
  const line = (r: string[]): string =>
    columns
      .map((c, i) => {
        const cell = r[i] ?? ''
        const pad = ' '.repeat((widths[i] as number) - displayWidth(cell))
        return c.right ? pad + cell : cell + pad
      })
      .join('  ')
      .trimEnd()
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join('\n')
}

/** `1.5 KiB`-style size for summaries (tables keep exact bytes). */
export function humanBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let v = n
  let u = 0
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024
    u++
  }
  return u === 0 ? `${n} B` : `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`
}

/** `rw-r-----` of permission bits. */
export function modeString(mode: number): string {
  const bits = 'rwxrwxrwx'
  let out = ''
  for (let i = 0; i < 9; i++) out += mode & (1 << (8 - i)) ? bits[i] : '-'
  return out
}

/** Local date and time of a ms timestamp, or `never` for null. */
export function formatTime(ms: number | null): string {
  if (ms === null) return 'never'
  const d = new Date(ms)
  const p = (n: number): string => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
}
