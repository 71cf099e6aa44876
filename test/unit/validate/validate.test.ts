import { describe, expect, it } from 'vitest'
import { validateCall, LIMITS, SizeIndex } from '../../../src/main/core/validate'
import { API_METHODS } from '../../../src/shared/api'

const sysv = { kind: 'sysv', shmid: 4 }

describe('validateCall', () => {
  it('refuses unknown methods, including prototype names', () => {
    for (const m of ['deleteEverything', 'constructor', '__proto__', 'subscribe', 42, undefined]) {
      const r = validateCall(m, [])
      expect(r.ok).toBe(false)
    }
  })

  it('accepts every API method with a well-formed call of no arguments where it takes none', () => {
    const noArgs = ['getInfo', 'getSnapshot', 'listWatches', 'listLayouts', 'getStatus', 'startRecording', 'stopRecording', 'listRecordings', 'listDemoScenarios', 'stopDemo', 'getDemoStatus']
    for (const m of noArgs) expect(validateCall(m, []).ok, m).toBe(true)
    expect(API_METHODS.length).toBeGreaterThan(noArgs.length)
  })

  it('refuses extra arguments and non-array argument lists', () => {
    expect(validateCall('getSnapshot', [1]).ok).toBe(false)
    expect(validateCall('getSnapshot', { 0: 1 }).ok).toBe(false)
    expect(validateCall('stopWatch', ['a', 'b']).ok).toBe(false)
  })

  it('readPayload: ids and lengths must be integers in range', () => {
    expect(validateCall('readPayload', [sysv, 0, 16]).ok).toBe(true)
    expect(validateCall('readPayload', [{ kind: 'sysv', shmid: 1.5 }, 0, 16]).ok).toBe(false)
    expect(validateCall('readPayload', [{ kind: 'sysv', shmid: '4' }, 0, 16]).ok).toBe(false)
    expect(validateCall('readPayload', [{ kind: 'sysv', shmid: -1 }, 0, 16]).ok).toBe(false)
    expect(validateCall('readPayload', [sysv, -1, 16]).ok).toBe(false)
    expect(validateCall('readPayload', [sysv, 0, -5]).ok).toBe(false)
    expect(validateCall('readPayload', [sysv, 0, 0]).ok).toBe(false)
    expect(validateCall('readPayload', [sysv, 0, LIMITS.readBytes + 1]).ok).toBe(false)
    expect(validateCall('readPayload', [sysv, 0, Number.NaN]).ok).toBe(false)
    expect(validateCall('readPayload', [sysv, 2 ** 60, 16]).ok).toBe(false)
    expect(validateCall('readPayload', [sysv, 0, 1e300]).ok).toBe(false)
  })

  it('readPayload: the range is bounded by the object when its size is known', () => {
    const ctx = { sizeOfTarget: () => 100 }
    const r = validateCall('readPayload', [sysv, 90, 4096], ctx)
    expect(r.ok && r.value.args).toEqual([sysv, 90, 10])
    expect(validateCall('readPayload', [sysv, 100, 1], ctx).ok).toBe(false)
    expect(validateCall('readPayload', [sysv, 5000, 1], ctx).ok).toBe(false)
  })

  it('targets: unknown kinds, extra fields and bad POSIX names are refused', () => {
    expect(validateCall('readPayload', [{ kind: 'file', path: '/etc/passwd' }, 0, 1]).ok).toBe(false)
    expect(validateCall('readPayload', [{ kind: 'sysv', shmid: 4, evil: 1 }, 0, 1]).ok).toBe(false)
    expect(validateCall('readPayload', [{ kind: 'posix', name: '/../../etc/passwd' }, 0, 1]).ok).toBe(false)
    expect(validateCall('readPayload', [{ kind: 'posix', name: 'noslash' }, 0, 1]).ok).toBe(false)
    expect(validateCall('readPayload', [{ kind: 'posix', name: '/ok' }, 0, 1]).ok).toBe(true)
    expect(validateCall('readPayload', [{ kind: 'sysv-key', key: 2 ** 32 }, 0, 1]).ok).toBe(false)
  })

  it('strings are bounded: oversized sources and names are refused', () => {
    expect(validateCall('compileLayout', ['struct A { int a; };', 'A', 'x86_64']).ok).toBe(true)
    expect(validateCall('compileLayout', ['x'.repeat(LIMITS.sourceChars + 1), undefined, undefined]).ok).toBe(false)
    expect(validateCall('compileLayout', ['', 'A'.repeat(LIMITS.nameChars + 1), undefined]).ok).toBe(false)
    expect(validateCall('compileLayout', ['', 'A', 'sparc']).ok).toBe(false)
    expect(validateCall('stopWatch', ['x'.repeat(1000)]).ok).toBe(false)
    expect(validateCall('startDemo', ['../../bin/sh']).ok).toBe(false)
    expect(validateCall('compileLayout', ['a\0b', undefined, undefined]).ok).toBe(false)
  })

  it('queries: enums and point budgets are checked', () => {
    expect(validateCall('queryHistory', [{ objectId: 'sysv:4', series: ['nattch'], maxPoints: 600 }]).ok).toBe(true)
    expect(validateCall('queryHistory', [{ objectId: 'sysv:4', series: ['nattch'], maxPoints: 0 }]).ok).toBe(false)
    expect(validateCall('queryHistory', [{ objectId: 'sysv:4', series: ['nattch'], maxPoints: 1e9 }]).ok).toBe(false)
    expect(validateCall('queryHistory', [{ objectId: 'file:/etc', series: [], maxPoints: 10 }]).ok).toBe(false)
    expect(validateCall('queryHistory', [{ objectId: 'sysv:4', series: Array(500).fill('a'), maxPoints: 10 }]).ok).toBe(false)
    expect(validateCall('listEvents', [{ types: ['created', 'detached'], pid: 12 }]).ok).toBe(true)
    expect(validateCall('listEvents', [{ types: ['exploded'] }]).ok).toBe(false)
    expect(validateCall('listEvents', [{ pid: 1.5 }]).ok).toBe(false)
  })

  it('settings: interval bounds and unknown keys', () => {
    expect(validateCall('setSettings', [{ intervalMs: 250 }]).ok).toBe(true)
    expect(validateCall('setSettings', [{ intervalMs: 1 }]).ok).toBe(false)
    expect(validateCall('setSettings', [{ intervalMs: 250.5 }]).ok).toBe(false)
    expect(validateCall('setSettings', [{ paused: 'yes' }]).ok).toBe(false)
    expect(validateCall('setSettings', [{ rootShell: true }]).ok).toBe(false)
    expect(validateCall('setSettings', [JSON.parse('{"__proto__": {"polluted": 1}}')]).ok).toBe(false)
  })

  it('recordings are named by the service, never arbitrary paths', () => {
    expect(validateCall('loadRecording', [undefined]).ok).toBe(true)
    expect(validateCall('loadRecording', ['/data/rec-1.ndjson.gz']).ok).toBe(true)
    expect(validateCall('loadRecording', ['/data/../../etc/shadow.ndjson.gz']).ok).toBe(false)
    expect(validateCall('loadRecording', ['/etc/shadow']).ok).toBe(false)
  })

  it('rebuilt arguments drop nothing that was valid and carry nothing extra', () => {
    const r = validateCall('startWatch', [{ target: sysv, source: 'struct A { int a; };', typeName: 'A', includeBytes: true }])
    expect(r.ok && r.value.args[0]).toEqual({ target: sysv, source: 'struct A { int a; };', typeName: 'A', abi: undefined, includeBytes: true })
  })
})

describe('SizeIndex', () => {
  it('follows snapshots and deltas, by shmid, key and name', () => {
    const idx = new SizeIndex()
    idx.reset({ sysv: [{ shmid: 4, key: 9, sizeBytes: 100 }], posix: [{ name: '/a', sizeBytes: 7 }] })
    expect(idx.sizeOfTarget({ kind: 'sysv', shmid: 4 })).toBe(100)
    expect(idx.sizeOfTarget({ kind: 'sysv-key', key: 9 })).toBe(100)
    expect(idx.sizeOfTarget({ kind: 'posix', name: '/a' })).toBe(7)
    idx.apply({ upserted: { sysv: [], posix: [] }, removed: { sysv: [4], posix: ['/a'] } })
    expect(idx.sizeOfTarget({ kind: 'sysv', shmid: 4 })).toBeUndefined()
    expect(idx.sizeOfTarget({ kind: 'posix', name: '/a' })).toBeUndefined()
  })
})
