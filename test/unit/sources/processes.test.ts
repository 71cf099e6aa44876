import { describe, expect, it } from 'vitest'
import { parseStartTicks, parseBootTimeS, parseCmdline, mayBeCreator } from '../../../src/main/core/sources/processes'
import { parseIdNames, nameOf } from '../../../src/main/core/sources/users'

describe('process facts', () => {
  it('reads the start time even when comm has spaces and parentheses', () => {
    const rest = Array.from({ length: 30 }, (_, i) => String(i + 3))
    rest[19] = '123456' // field 22
    expect(parseStartTicks(`42 (my (odd) prog) ${rest.join(' ')}`)).toBe(123456)
    expect(parseStartTicks('garbage')).toBeUndefined()
  })

  it('reads btime and command lines', () => {
    expect(parseBootTimeS('cpu 1 2 3\nbtime 1795340000\nprocesses 9\n')).toBe(1795340000)
    expect(parseCmdline(Buffer.from('node\0mk.mjs\0--x\0'))).toBe('node mk.mjs --x')
    expect(parseCmdline(Buffer.alloc(0))).toBe('')
  })

  it('refuses a creator that started after the segment last changed (pid reuse)', () => {
    expect(mayBeCreator(1000, 1000)).toBe(true)
    expect(mayBeCreator(900, 1000)).toBe(true)
    expect(mayBeCreator(1001, 1000)).toBe(true) // within btime's rounding
    expect(mayBeCreator(1005, 1000)).toBe(false)
    expect(mayBeCreator(undefined, 1000)).toBe(false)
  })
})

describe('users', () => {
  it('maps ids to names, first entry wins, numbers for unknown ids', () => {
    const names = parseIdNames('root:x:0:0:root:/root:/bin/bash\n# comment\nnobody:x:65534:65534::/:/bin/false\ntoor:x:0:0::/:/bin/sh\nbroken\n')
    expect(nameOf(names, 0)).toBe('root')
    expect(nameOf(names, 65534)).toBe('nobody')
    expect(nameOf(names, 1234)).toBe('1234')
  })
})
