import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { parseKernelInteger, pageSizeFromAuxv, readLimits } from '../../../src/main/core/sources/limits'

describe('limits', () => {
  it('keeps integers above 2^53 as exact decimal strings', () => {
    expect(parseKernelInteger('18446744073692774399\n')).toBe('18446744073692774399')
    expect(parseKernelInteger('9007199254740991')).toBe(9007199254740991)
    expect(parseKernelInteger('9007199254740993')).toBe('9007199254740993')
    expect(parseKernelInteger('4096\n')).toBe(4096)
    expect(parseKernelInteger('x')).toBeUndefined()
  })

  it('reads the captured /proc/sys/kernel files', async () => {
    const limits = await readLimits(join(__dirname, '../../fixtures/proc/kernel'))
    expect(limits.shmmaxBytes).toBe('18446744073692774399')
    expect(limits.shmallPages).toBe('18446744073692774399')
    expect(limits.shmmni).toBe(4096)
    expect(limits.pageSizeBytes).toBeGreaterThanOrEqual(4096)
  })

  it('finds AT_PAGESZ in an auxv vector', () => {
    const words = [33n, 0x7ffen, 6n, 16384n, 17n, 100n, 0n, 0n]
    const buf = Buffer.alloc(words.length * 8)
    words.forEach((w, i) => buf.writeBigUInt64LE(w, i * 8))
    expect(pageSizeFromAuxv(buf, 8)).toBe(16384)
    const buf32 = Buffer.alloc(words.length * 4)
    words.forEach((w, i) => buf32.writeUInt32LE(Number(w), i * 4))
    expect(pageSizeFromAuxv(buf32, 4)).toBe(16384)
    expect(pageSizeFromAuxv(Buffer.alloc(16), 8)).toBeUndefined()
  })
})
