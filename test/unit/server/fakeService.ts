// Test double of the monitor service: canned answers, recorded calls, ticks pushed by the test.
import type { ApiService } from '../../../src/main/server/rpc'
import type { Snapshot, TickDelta } from '../../../src/shared'

export const SNAPSHOT: Snapshot = {
  takenAtMs: 1_700_000_000_000,
  sysv: [
    {
      shmid: 7, key: 0x4243, keyHex: '0x00004243', sizeBytes: 64, nattch: 1, mode: 0o640, permsOctal: '640', dest: false, locked: false,
      uid: 0, gid: 0, cuid: 0, cgid: 0, owner: 'root', cpid: 10, lpid: 10, creatorCommand: null, atimeMs: null, dtimeMs: null, ctimeMs: null,
      rssBytes: 4096, swapBytes: 0, attachments: [], attachmentsHidden: 0
    }
  ],
  posix: [],
  limits: { shmmaxBytes: 1 << 30, shmallPages: 1 << 20, shmmni: 4096, pageSizeBytes: 4096 },
  usage: { segments: 1, sizeBytes: 64, rssBytes: 4096 }
}

export interface FakeService extends ApiService {
  calls: { method: string; args: unknown[] }[]
  emit(tick: TickDelta): void
}

export function fakeService(): FakeService {
  const listeners = new Set<(t: TickDelta) => void>()
  const calls: { method: string; args: unknown[] }[] = []
  const record = <T>(method: string, value: T) => async (...args: unknown[]): Promise<T> => {
    calls.push({ method, args })
    return value
  }
  const demo = { running: false, processes: [], headers: [] }
  return {
    calls,
    emit: (tick) => listeners.forEach((l) => l(tick)),
    subscribe(l) {
      listeners.add(l)
      return () => listeners.delete(l)
    },
    getInfo: record('getInfo', { version: 't', hostname: 'h', pid: 1, transport: 'serve', readOnly: true, abi: 'x86_64' as const }),
    getSnapshot: record('getSnapshot', SNAPSHOT),
    readPayload: async (...args: unknown[]) => {
      calls.push({ method: 'readPayload', args })
      return { ok: true as const, bytes: new Uint8Array([1, 2, 255]), offset: 0, sizeBytes: 64, torn: false, takenAtMs: 1 }
    },
    queryHistory: record('queryHistory', { objectId: 'sysv:7', tMs: [], series: {}, marks: [], rawPoints: 0 }),
    listEvents: record('listEvents', []),
    compileLayout: record('compileLayout', { ok: true as const, types: [] }),
    startWatch: record('startWatch', { ok: false as const, error: 'no' }),
    stopWatch: record('stopWatch', undefined),
    listWatches: record('listWatches', []),
    listLayouts: record('listLayouts', []),
    saveLayout: record('saveLayout', { ok: false as const, error: 'no' }),
    deleteLayout: record('deleteLayout', undefined),
    getStatus: record('getStatus', {
      settings: { intervalMs: 500, paused: false, historyBudgetBytes: 1 << 24 }, ticks: 3, skippedTicks: 0, lastTickMs: 0, lastDurationMs: 1, recording: null, replay: null
    }),
    setSettings: record('setSettings', { ok: true as const, value: { intervalMs: 500, paused: false, historyBudgetBytes: 1 << 24 } }),
    startRecording: record('startRecording', { ok: false as const, error: 'no' }),
    stopRecording: record('stopRecording', { ok: false as const, error: 'no' }),
    listRecordings: record('listRecordings', []),
    loadRecording: record('loadRecording', { ok: true as const, value: null }),
    listDemoScenarios: record('listDemoScenarios', []),
    startDemo: record('startDemo', { ok: true as const, value: demo }),
    stopDemo: record('stopDemo', demo),
    getDemoStatus: record('getDemoStatus', demo),
    connectRemote: record('connectRemote', { ok: true as const, value: { mode: 'local' as const, state: 'open' as const } }),
    getConnection: record('getConnection', { mode: 'local' as const, state: 'open' as const })
  }
}

export function tick(seq: number): TickDelta {
  return {
    seq, tMs: 1_700_000_000_000 + seq, durationMs: 1, skippedTicks: 0,
    upserted: { sysv: [], posix: [] }, removed: { sysv: [], posix: [] },
    usage: SNAPSHOT.usage, events: [],
    samples: [{ watchId: 'w1', target: '7', type: 'T', abi: 'x86_64', takenAtMs: 1, torn: false, value: { a: 1 }, bytes: new Uint8Array([0, 1, 2, 250]) }]
  }
}
