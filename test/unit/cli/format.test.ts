import { describe, expect, it } from 'vitest'
import { hexDump } from '../../../src/cli/format/hexdump'
import { formatTable, modeString, humanBytes, printable, displayWidth } from '../../../src/cli/format/table'
import { parseCount, parseCommandArgs, requireTarget } from '../../../src/cli/format/args'
import { CliError } from '../../../src/cli/errors'

describe('hexDump', () => {
  it('prints offsets, hex in two groups of eight and an ASCII column', () => {
    const bytes = Buffer.from('hello sysv\0\x01\x7f~ABCDEFG')
    expect(hexDump(bytes, 0x20)).toBe(
      [
        '00000020  68 65 6c 6c 6f 20 73 79  73 76 00 01 7f 7e 41 42  |hello sysv...~AB|',
        '00000030  43 44 45 46 47                                    |CDEFG|',
        '00000035'
      ].join('\n')
    )
  })

  it('collapses repeated lines like hexdump -C', () => {
    const out = hexDump(new Uint8Array(64)).split('\n')
    expect(out).toEqual(['00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|', '*', '00000040'])
  })

  it('prints only the end offset for no bytes', () => {
    expect(hexDump(new Uint8Array(0), 5)).toBe('00000005')
  })
})

describe('tables', () => {
  it('aligns columns, numbers to the right, wide characters counted twice', () => {
    const out = formatTable([{ header: 'name' }, { header: 'bytes', right: true }], [['/共有', '5'], ['/abcdef', '1234567']])
    expect(out.split('\n')).toEqual(['name       bytes', '/共有          5', '/abcdef  1234567'])
    expect(displayWidth('共有')).toBe(4)
  })

  it('never lets a control character break a row', () => {
    expect(printable('a\nb\tc\x01')).toBe('a\\nb\\tc\\x01')
  })

  it('formats modes and sizes', () => {
    expect(modeString(0o640)).toBe('rw-r-----')
    expect(modeString(0o777)).toBe('rwxrwxrwx')
    expect(humanBytes(512)).toBe('512 B')
    expect(humanBytes(5000)).toBe('4.9 KiB')
  })
})

describe('arguments', () => {
  it('reads counts in decimal and hex and refuses the rest as usage errors', () => {
    expect(parseCount('--offset', '16')).toBe(16)
    expect(parseCount('--offset', '0x10')).toBe(16)
    expect(parseCount('--offset', undefined)).toBeUndefined()
    for (const bad of ['-1', '1.5', 'ten', '']) {
      expect(() => parseCount('--offset', bad)).toThrow(CliError)
    }
    try {
      parseCount('--length', 'x')
    } catch (e) {
      expect((e as CliError).exitCode).toBe(1)
    }
  })

  it('turns unknown options, missing values and extra arguments into exit 1', () => {
    const opts = { json: { type: 'boolean' as const }, length: { type: 'string' as const } }
    for (const argv of [['--nope'], ['--length'], ['a', 'b']]) {
      let err: unknown
      try {
        parseCommandArgs(argv, opts, 1)
      } catch (e) {
        err = e
      }
      expect(err, argv.join(' ')).toBeInstanceOf(CliError)
      expect((err as CliError).exitCode).toBe(1)
      expect((err as CliError).message).not.toContain('\n')
    }
    expect(parseCommandArgs(['4', '--json'], opts, 1)).toMatchObject({ positionals: ['4'], values: { json: true } })
  })

  it('requires a well-formed target', () => {
    expect(requireTarget('key:16963', 'read')).toEqual({ kind: 'sysv-key', key: 16963 })
    expect(() => requireTarget(undefined, 'read')).toThrow(/needs a target/)
    expect(() => requireTarget('bogus', 'read')).toThrow(/not a target/)
  })
})
