// The shape of bench/results.json (issue 8) and the helpers that write it.
import { writeFileSync } from 'node:fs'
import { cpus, totalmem, release } from 'node:os'

export interface SnapshotRow {
  segments: number
  attachedProcesses: number
  shmscopeMs: number
  lsipcMs: number
  floorMs: number
  vsLsipc: number
  vsFloor: number
  /** Extra context: repetitions, processes on the machine, sanity checks. */
  repetitions?: number
  /** The floor's reads done synchronously (readFileSync), for comparison. */
  floorSyncMs?: number
  /** The floor's reads done synchronously in a worker thread (main thread free). */
  floorWorkerMs?: number
  /** Reading /proc/sysvipc/shm alone: no tool that lists segments can be faster. */
  shmTableOnlyMs?: number
  /** bench/lib/referenceSnapshot.ts: a lean parser of the same sources, for comparison. */
  referenceMs?: number
  referenceSyncMs?: number
  referenceAttachmentsFound?: number
  /** The poll loop's snapshot (src/main/core/collector.ts) in its steady state, and lsipc / it. */
  pollCollectMs?: number
  pollVsLsipc?: number
  pollCollects?: { full: number; light: number; reused: number }
  /** lsipc / shmTableOnlyMs: the best vsLsipc any reader of /proc could reach. */
  maxPossibleVsLsipc?: number
  processesOnMachine?: number
  requestedSegments?: number
  clampedReason?: string
  ourAttachmentsFound?: number
  expectedAttachments?: number
}

export interface Results {
  machine: string
  startedAt: string
  finishedAt?: string
  snapshot: SnapshotRow[]
  pollCpu: { idle1000At10HzPct: number | null; watch64At20HzPct: number | null; via?: string; details?: Record<string, unknown> }
  decode: {
    sharedDataSamplesPerS: number | null
    wide500FieldsSamplesPerS: number | null
    sharedDataNumericSamplesPerS?: number | null
    wide500FieldsNumericSamplesPerS?: number | null
    details?: Record<string, unknown>
  }
  ui: {
    tickToScreenMs: number | null
    chart8x2000UpdateMs: number | null
    rendererHeapMbAfterHour: number | null
    mainRssMbAfterHour: number | null
    details?: Record<string, unknown>
  }
  notes: string[]
}

export function describeMachine(): string {
  const c = cpus()
  return `${c.length}x ${c[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Linux ${release()}, Node ${process.version}`
}

export function emptyResults(): Results {
  return {
    machine: describeMachine(),
    startedAt: new Date().toISOString(),
    snapshot: [],
    pollCpu: { idle1000At10HzPct: null, watch64At20HzPct: null },
    decode: { sharedDataSamplesPerS: null, wide500FieldsSamplesPerS: null },
    ui: { tickToScreenMs: null, chart8x2000UpdateMs: null, rendererHeapMbAfterHour: null, mainRssMbAfterHour: null },
    notes: []
  }
}

export function writeResults(path: string, results: Results): void {
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`)
}
