// The layout corpus checked against real compilers on all four ABIs: size, alignment, every
// member's offset and size, every bitfield's position and width. Nothing here is typed by hand:
// the expected numbers are compiled out of the headers in test/fixtures/layout/corpus.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ABIS, type Abi } from '../../../src/shared/layout'
import { compileHeader, layoutOf, type Layout } from '../../../src/main/core/layout/index'
import { compilerFacts } from './oracle'

const dir = join(__dirname, '../../fixtures/layout/corpus')
const headers = readdirSync(dir).filter((f) => f.endsWith('.h')).sort()
/** Headers that include C library headers: only the host compiler has them. */
const needsLibc = (text: string): boolean => /#include\s*<(sys\/|time\.h|pthread\.h|semaphore\.h)/.test(text)

async function layouts(file: string, abi: Abi): Promise<Layout[]> {
  const text = readFileSync(join(dir, file), 'utf8')
  const header = await compileHeader(text, { file })
  const out: Layout[] = []
  for (const name of header.typeNames()) {
    if (name.startsWith('enum ')) continue
    const layout = layoutOf(header, name, abi)
    if (layout.json.fields.length > 0 && layout.json.fields[0]?.path !== '') out.push(layout)
  }
  return out
}

describe('corpus', () => {
  it('has at least 40 distinct struct/union types', async () => {
    let n = 0
    for (const file of headers) n += new Set((await layouts(file, 'x86_64')).map((l) => JSON.stringify(l.json.fields))).size
    expect(n, `${n} distinct types`).toBeGreaterThanOrEqual(40)
  })

  describe.each(ABIS)('%s', (abi) => {
    for (const file of headers) {
      const text = readFileSync(join(dir, file), 'utf8')
      const only = /\/\*\s*abis:([^*-]*)/.exec(text)?.[1]?.trim().split(/\s+/)
      const run = (abi === 'x86_64' || !needsLibc(text)) && (!only || only.includes(abi))
      it.runIf(run)(`${file} matches the compiler`, async () => {
        const ls = await layouts(file, abi)
        const facts = await compilerFacts(text, ls.map((l) => ({ typeName: l.typeName, fields: l.json.fields })), abi)
        const mismatches: string[] = []
        ls.forEach((l, i) => {
          const want = facts[i]
          if (!want) throw new Error('oracle returned too few answers')
          const t = l.typeName
          if (l.json.sizeBytes !== want.sizeBytes) mismatches.push(`${t}: sizeof ${l.json.sizeBytes}, compiler ${want.sizeBytes}`)
          if (l.json.alignBytes !== want.alignBytes) mismatches.push(`${t}: alignof ${l.json.alignBytes}, compiler ${want.alignBytes}`)
          for (const f of l.json.fields) {
            const w = want.fields.get(f.path)
            if (!w) {
              mismatches.push(`${t}.${f.path}: compiler has no answer`)
              continue
            }
            for (const key of ['offsetBytes', 'sizeBytes', 'bitOffset', 'bitWidth'] as const) {
              const expected = w[key]
              if (expected !== undefined && f[key] !== expected) mismatches.push(`${t}.${f.path}: ${key} ${f[key]}, compiler ${expected}`)
            }
          }
        })
        expect(mismatches).toEqual([])
      })
    }
  })
})
