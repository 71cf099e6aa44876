// The `shmscope layout` table: padding holes where the compiler leaves them, a flexible array
// member splitting the padding before it from the tail padding after it.
import { describe, expect, it } from 'vitest'
import { layoutTable } from '../../../src/cli/commands/layout'
import { compileHeader, layoutOf } from '../../../src/main/core/layout/index'

const table = async (source: string, type: string): Promise<string[]> => layoutTable(layoutOf(await compileHeader(source), type, 'x86_64').json).split('\n')

describe('layoutTable', () => {
  it('shows the hole after a char before a double, and the tail padding', async () => {
    const rows = await table('struct S { char c; double d; int i; };', 'S')
    expect(rows[0]).toBe('S (x86_64): 24 bytes, aligned to 8')
    expect(rows.slice(2).map((r) => r.trim().split(/\s+/).slice(0, 3).join(' '))).toEqual(['0 1 char', '1 7 (padding)', '8 8 double', '16 4 int', '20 4 (padding)'])
  })

  it('splits the padding at a flexible array member', async () => {
    const rows = await table('struct F { short n; _Alignas(16) char a; short m; double tail[]; };', 'F')
    expect(rows.slice(2).map((r) => r.trim().split(/\s+/).slice(0, 3).join(' '))).toEqual([
      '0 2 short',
      '2 14 (padding)',
      '16 1 char',
      '17 1 (padding)',
      '18 2 short',
      '20 4 (padding)',
      '24 0 double[]',
      '24 8 (padding)'
    ])
  })
})
