// Owns the demo scenarios: which processes each one runs, the C header it decodes with, and
// what to look at. Keys are ftok(private key file, project id); POSIX names carry the run's tag.
import { COUNTER_HEADER, LIFECYCLE_HEADER, MESSAGE_HEADER, RING_HEADER, SENSOR_HEADER, SHARED_DATA_HEADER } from './headers'
import type { WorkerConfig } from './worker'

export interface ProcessSpec {
  role: string
  config: WorkerConfig
  /** Start only after the previous processes reported the objects they made. */
  afterMade?: boolean
  /** Killed with SIGKILL this long after it started (the leak). */
  killAfterMs?: number
}

export interface HeaderSpec {
  name: string
  source: string
  typeName: string
  /** Project id of the key, or a POSIX name. */
  projId?: number
  posixName?: string
}

export interface Scenario {
  name: string
  title: string
  description: string
  /** What to look at, printed by `shmscope demo`. */
  lookAt: string[]
  processes: (run: RunFacts) => ProcessSpec[]
  headers: (run: RunFacts) => HeaderSpec[]
  /** Project id (or POSIX name) of the object the UI selects first. */
  highlight: (run: RunFacts) => { projId?: number; posixName?: string }
}

export interface RunFacts {
  keyFile: string
  /** `/shmscope-demo-<tag>`: every POSIX name of the run starts with it. */
  posixPrefix: string
}

export const PROJ = { message: 1, sharedData: 2, sensor: 10, locked: 20, lockSem: 21, unlocked: 22, leak: 30, doomed: 31, churn: 32 } as const

const k = (run: RunFacts, projId: number, extra: Omit<WorkerConfig, 'keyFile' | 'projId'> = {}): WorkerConfig => ({ keyFile: run.keyFile, projId, ...extra })

const SCENARIOS: Scenario[] = [
  {
    name: 'writer-reader',
    title: 'Writer and readers',
    description: 'A writer creates a segment from ftok(), leaves a message and waits; two readers attach, read and detach; then the writer marks it for removal while still attached, and lets go.',
    lookAt: ['nattch going 1 → 2 → 3 → 1 as readers come and go', 'the "marked for destruction" badge after IPC_RMID, and the segment vanishing at the last detach'],
    processes: (run) => [
      { role: 'writer', config: k(run, PROJ.message) },
      { role: 'reader', config: k(run, PROJ.message, { periodMs: 1100 }), afterMade: true },
      { role: 'reader', config: k(run, PROJ.message, { periodMs: 1700 }), afterMade: true }
    ],
    headers: () => [{ name: 'demo_message.h', source: MESSAGE_HEADER, typeName: 'demo_message_t', projId: PROJ.message }],
    highlight: () => ({ projId: PROJ.message })
  },
  {
    name: 'producer-consumer',
    title: 'Producer and consumers',
    description: 'The textbook struct { int counter; char message[256]; int ready; }: a producer updates it five times a second, two consumers poll it read-only.',
    lookAt: ['decode it with shared_data.h: counter climbing, message changing', 'the consumers attached read-only (r--s)'],
    processes: (run) => [
      { role: 'producer', config: k(run, PROJ.sharedData) },
      { role: 'consumer', config: k(run, PROJ.sharedData), afterMade: true },
      { role: 'consumer', config: k(run, PROJ.sharedData, { periodMs: 500 }), afterMade: true }
    ],
    headers: () => [{ name: 'shared_data.h', source: SHARED_DATA_HEADER, typeName: 'shared_data_t', projId: PROJ.sharedData }],
    highlight: () => ({ projId: PROJ.sharedData })
  },
  {
    name: 'sensors',
    title: 'Sensors',
    description: 'Three sensor processes, each writing struct SensorData { int sensor_id; double value; char status[16]; } ten times a second: smooth curves to chart.',
    lookAt: ['decode with sensor.h and chart "value": a slow wave per sensor', 'status switching between OK, HIGH and LOW'],
    processes: (run) => [1, 2, 3].map((id) => ({ role: 'sensor', config: k(run, PROJ.sensor + id - 1, { sensorId: id }) })),
    headers: () => [1, 2, 3].map((id) => ({ name: `sensor.h (sensor ${id})`, source: SENSOR_HEADER, typeName: 'struct SensorData', projId: PROJ.sensor + id - 1 })),
    highlight: () => ({ projId: PROJ.sensor })
  },
  {
    name: 'locked-counter',
    title: 'Locked and unlocked counter',
    description: 'Three workers add 1 to a shared counter under a System V semaphore, three others to a second counter without one. Each worker also counts its own increments: without the lock the counter falls short — lost updates.',
    lookAt: ['decode both with counter.h: counter vs the sum of increments[]', 'locked: equal at every sample; unlocked: the counter falls behind'],
    processes: (run) => [
      { role: 'counter-owner', config: k(run, PROJ.locked, { semProjId: PROJ.lockSem }) },
      { role: 'counter-owner', config: k(run, PROJ.unlocked) },
      ...[0, 1, 2].map((slot) => ({ role: 'counter-worker', config: k(run, PROJ.locked, { semProjId: PROJ.lockSem, slot }), afterMade: true })),
      ...[0, 1, 2].map((slot) => ({ role: 'counter-worker', config: k(run, PROJ.unlocked, { slot }), afterMade: true }))
    ],
    headers: () => [
      { name: 'counter.h (locked)', source: COUNTER_HEADER, typeName: 'counter_t', projId: PROJ.locked },
      { name: 'counter.h (no lock)', source: COUNTER_HEADER, typeName: 'counter_t', projId: PROJ.unlocked }
    ],
    highlight: () => ({ projId: PROJ.unlocked })
  },
  {
    name: 'posix-ring',
    title: 'POSIX ring buffer',
    description: 'A producer and a consumer share a ring buffer in a POSIX shm_open() object: head advanced by one, tail by the other.',
    lookAt: ['the /dev/shm object with both processes mapped', 'decode with ring.h: head and tail chasing each other'],
    processes: (run) => [
      { role: 'ring-producer', config: { name: `${run.posixPrefix}-ring` } },
      { role: 'ring-consumer', config: { name: `${run.posixPrefix}-ring` }, afterMade: true }
    ],
    headers: (run) => [{ name: 'ring.h', source: RING_HEADER, typeName: 'ring_t', posixName: `${run.posixPrefix}-ring` }],
    highlight: (run) => ({ posixName: `${run.posixPrefix}-ring` })
  },
  {
    name: 'lifecycle',
    title: 'Lifecycle troubles',
    description: 'A leaked segment (its creator killed before IPC_RMID: nattch 0, creator gone), a segment marked for destruction while still attached, and attach/detach churn.',
    lookAt: ['the "orphaned" badge on the leak', 'the "marked for destruction" badge', 'nattch going up and down on the churn segment, events in the log'],
    processes: (run) => [
      { role: 'leaker', config: k(run, PROJ.leak), killAfterMs: 1500 },
      { role: 'doomed', config: k(run, PROJ.doomed) },
      { role: 'churner', config: k(run, PROJ.churn, { slot: 0, periodMs: 700 }) },
      { role: 'churner', config: k(run, PROJ.churn, { slot: 1, periodMs: 1100 }), afterMade: true }
    ],
    headers: () => [
      { name: 'lifecycle.h (leak)', source: LIFECYCLE_HEADER, typeName: 'lifecycle_t', projId: PROJ.leak },
      { name: 'lifecycle.h (marked for destruction)', source: LIFECYCLE_HEADER, typeName: 'lifecycle_t', projId: PROJ.doomed },
      { name: 'lifecycle.h (churn)', source: LIFECYCLE_HEADER, typeName: 'lifecycle_t', projId: PROJ.churn }
    ],
    highlight: () => ({ projId: PROJ.leak })
  }
]

const ALL: Scenario = {
  name: 'all',
  title: 'Everything at once',
  description: 'Every scenario together: writer and readers, producer and consumers, sensors, the locked and unlocked counters, the POSIX ring and the lifecycle troubles.',
  lookAt: SCENARIOS.flatMap((s) => s.lookAt.slice(0, 1)),
  processes: (run) => SCENARIOS.flatMap((s) => s.processes(run)),
  headers: (run) => SCENARIOS.flatMap((s) => s.headers(run)),
  highlight: () => ({ projId: PROJ.sharedData })
}

export const scenarios: Scenario[] = [ALL, ...SCENARIOS]
export const scenarioNames = scenarios.map((s) => s.name)
export const findScenario = (name: string): Scenario | undefined => scenarios.find((s) => s.name === name)

/** Every System V project id a run may use (for the final sweep by key). */
export const ALL_PROJ_IDS: number[] = [PROJ.message, PROJ.sharedData, PROJ.sensor, PROJ.sensor + 1, PROJ.sensor + 2, PROJ.locked, PROJ.unlocked, PROJ.leak, PROJ.doomed, PROJ.churn]
export const SEM_PROJ_IDS: number[] = [PROJ.lockSem]
