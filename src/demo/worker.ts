// One demo process: `demoWorker <role> <json config>`. Each role is a small real application
// (writer, reader, producer, sensor, counter worker, ring producer…) working on real System V
// segments, semaphores and /dev/shm objects. It reports what it creates as JSON lines on stdout
// ({"made":…}) so the demo can remove every object afterwards, and stops on SIGTERM.
import {
  ftok,
  posixOpen,
  posixUnmap,
  semAdd,
  semCreate,
  semFind,
  semRemove,
  shmAttach,
  shmCreate,
  shmDetach,
  shmFind,
  shmRemove,
  type Mem
} from './native'
import { SIZES } from './headers'

export interface WorkerConfig {
  keyFile?: string
  projId?: number
  semProjId?: number
  name?: string
  slot?: number
  sensorId?: number
  periodMs?: number
  cleanup?: { shm: number[]; sem: number[]; posix: string[]; keys: number[]; semKeys: number[] }
  /** Multiplies the writer's waits (tests run the story faster). */
  timeScale?: number
}

let stopping = false
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
const say = (o: unknown): void => void process.stdout.write(`${JSON.stringify(o)}\n`)
const made = (kind: 'shm' | 'sem' | 'posix', id: number | string, key?: number): void => say({ made: { kind, id, key } })

function keyOf(c: WorkerConfig, proj = c.projId): number {
  if (!c.keyFile || proj === undefined) throw new Error('this role needs keyFile and projId')
  return ftok(c.keyFile, proj)
}

/** Create a segment (IPC_EXCL: never a user's), attach it read-write, report it. */
function createAttached(key: number, sizeBytes: number): { shmid: number; mem: Mem } {
  const shmid = shmCreate(key, sizeBytes)
  made('shm', shmid, key)
  return { shmid, mem: shmAttach(shmid, sizeBytes) }
}

const roles: Record<string, (c: WorkerConfig) => Promise<void>> = {
  /** Creates the segment, leaves a message, waits for readers, marks it for removal while attached, lets go; again. */
  async writer(c) {
    const key = keyOf(c)
    for (let gen = 1; !stopping; gen++) {
      const { shmid, mem } = createAttached(key, SIZES.message)
      const text = `Hello from the writer (pid ${process.pid}), generation ${gen}`
      mem.writeInt32(0, process.pid)
      mem.writeInt32(4, Buffer.byteLength(text))
      mem.writeText(8, 248, text)
      const ts = c.timeScale ?? 1
      await sleep(9000 * ts)
      if (stopping) return
      shmRemove(shmid) // marked for destruction: it lives until the last detach
      await sleep(4000 * ts)
      shmDetach(mem)
      await sleep(2000 * ts)
    }
  },
  /** Attaches read-only whenever the writer's segment exists, reads, detaches. */
  async reader(c) {
    const key = keyOf(c)
    while (!stopping) {
      const id = shmFind(key)
      if (id >= 0) {
        try {
          const mem = shmAttach(id, SIZES.message, true)
          mem.read(0, SIZES.message)
          await sleep(1500)
          shmDetach(mem)
        } catch {
          // Removed between shmget and shmat: try again later.
        }
      }
      await sleep(c.periodMs ?? 1200)
    }
  },
  async producer(c) {
    const { mem } = createAttached(keyOf(c), SIZES.sharedData)
    for (let n = 1; !stopping; n++) {
      mem.writeInt32(260, 0)
      mem.writeInt32(0, n)
      mem.writeText(4, 256, `update ${n} from producer ${process.pid}`)
      mem.writeInt32(260, 1)
      await sleep(c.periodMs ?? 200)
    }
  },
  async consumer(c) {
    const key = keyOf(c)
    let mem: Mem | undefined
    while (!stopping) {
      if (!mem) {
        const id = shmFind(key)
        if (id >= 0) mem = shmAttach(id, SIZES.sharedData, true)
      } else mem.readInt32(0)
      await sleep(c.periodMs ?? 300)
    }
  },
  async sensor(c) {
    const { mem } = createAttached(keyOf(c), SIZES.sensor)
    const id = c.sensorId ?? 1
    const t0 = Date.now()
    mem.writeInt32(0, id)
    while (!stopping) {
      const t = (Date.now() - t0) / 1000
      const value = 20 + id * 3 + 6 * Math.sin((t * 2 * Math.PI) / (14 + id * 5)) + 0.4 * Math.sin(t * 3.1 * id)
      mem.writeDouble(8, Math.round(value * 100) / 100)
      mem.writeText(16, 16, value > 27 + id * 3 ? 'HIGH' : value < 15 + id * 3 ? 'LOW' : 'OK')
      await sleep(100)
    }
  },
  /** Owns a counter segment (and its semaphore when locked) and keeps it attached. */
  async 'counter-owner'(c) {
    const { mem } = createAttached(keyOf(c), SIZES.counter)
    mem.writeInt32(4, 3)
    if (c.semProjId !== undefined) {
      const semKey = keyOf(c, c.semProjId)
      made('sem', semCreate(semKey), semKey)
    }
    while (!stopping) await sleep(500)
  },
  /** Adds 1 to the counter in a loop (read, think, write), under the semaphore when there is one. */
  async 'counter-worker'(c) {
    const key = keyOf(c)
    let id = -1
    for (let i = 0; i < 50 && id < 0; i++, await sleep(100)) id = shmFind(key)
    if (id < 0) throw new Error('the counter segment did not appear')
    let semid = -1
    // A locked worker never runs without its lock: wait for the owner's semaphore.
    if (c.semProjId !== undefined) for (let i = 0; i < 50 && semid < 0; i++, await sleep(100)) semid = semFind(keyOf(c, c.semProjId))
    if (c.semProjId !== undefined && semid < 0) throw new Error('the counter semaphore did not appear')
    const mem = shmAttach(id, SIZES.counter)
    const slot = 8 + 4 * (c.slot ?? 0)
    let mine = 0
    const pause = new Int32Array(new SharedArrayBuffer(4))
    while (!stopping) {
      for (let i = 0; i < 50; i++) {
        if (semid >= 0) semAdd(semid, -1)
        const v = mem.readInt32(0)
        // Between the read and the write, this worker is sometimes held up (as if preempted):
        // without the lock, what the others add meanwhile is overwritten — a lost update.
        if (i === 25) Atomics.wait(pause, 0, 0, 2)
        mem.writeInt32(0, v + 1)
        // Inside the lock, so that a reader of the locked counter always sees counter == sum.
        mem.writeInt32(slot, ++mine)
        if (semid >= 0) semAdd(semid, 1)
      }
      await sleep(15)
    }
  },
  async 'ring-producer'(c) {
    const name = c.name as string
    const mem = posixOpen(name, SIZES.ring, true)
    made('posix', name)
    mem.writeInt32(8, 32)
    let head = 0
    while (!stopping) {
      const tail = mem.readInt32(4)
      if (head - tail < 32) {
        mem.writeInt32(16 + 4 * (head % 32), Math.round(100 * Math.sin(head / 5)))
        mem.writeInt32(0, ++head)
        mem.writeInt32(12, head)
      }
      await sleep(c.periodMs ?? 150)
    }
    posixUnmap(mem)
  },
  async 'ring-consumer'(c) {
    let mem: Mem | undefined
    for (let i = 0; i < 50 && !mem; i++) {
      try {
        mem = posixOpen(c.name as string, SIZES.ring, false)
      } catch {
        await sleep(100)
      }
    }
    if (!mem) throw new Error('the ring did not appear')
    while (!stopping) {
      const head = mem.readInt32(0)
      const tail = mem.readInt32(4)
      if (tail < head) mem.writeInt32(4, tail + 1)
      await sleep(c.periodMs ?? 250)
    }
  },
  /** Creates a segment and is then killed by the demo before it can IPC_RMID it: a leak. */
  async leaker(c) {
    const { mem } = createAttached(keyOf(c), SIZES.lifecycle)
    mem.writeInt32(0, process.pid)
    mem.writeText(8, 24, 'leaked: creator killed')
    say({ ready: true })
    while (!stopping) await sleep(500)
  },
  /** Marks its own segment for destruction at once and stays attached: a dying segment. */
  async doomed(c) {
    const { shmid, mem } = createAttached(keyOf(c), SIZES.lifecycle)
    mem.writeInt32(0, process.pid)
    mem.writeText(8, 24, 'marked for destruction')
    shmRemove(shmid)
    while (!stopping) await sleep(500)
  },
  /** Attaches and detaches over and over; the first one creates the segment. */
  async churner(c) {
    const key = keyOf(c)
    let id = shmFind(key)
    if (id < 0 && c.slot === 0) {
      id = shmCreate(key, SIZES.lifecycle)
      made('shm', id, key)
    }
    for (let i = 0; i < 50 && id < 0; i++, await sleep(100)) id = shmFind(key)
    for (let gen = 1; !stopping; gen++) {
      const mem = shmAttach(id, SIZES.lifecycle)
      mem.writeInt32(4, gen)
      mem.writeText(8, 24, 'churn')
      await sleep(c.periodMs ?? 600)
      shmDetach(mem)
      await sleep(c.periodMs ?? 600)
    }
  },
  /** Removes everything listed (and whatever still holds the demo's keys). */
  async cleanup(c) {
    const todo = c.cleanup ?? { shm: [], sem: [], posix: [], keys: [], semKeys: [] }
    const shm = new Set(todo.shm)
    for (const k of todo.keys) {
      const id = shmFind(k)
      if (id >= 0) shm.add(id)
    }
    const sem = new Set(todo.sem)
    for (const k of todo.semKeys) {
      const id = semFind(k)
      if (id >= 0) sem.add(id)
    }
    const { rmSync } = await import('node:fs')
    say({ removed: { shm: [...shm].filter(shmRemove), sem: [...sem].filter(semRemove), posix: todo.posix.filter((n) => (rmSync(`/dev/shm${n}`, { force: true }), true)) } })
  }
}

async function main(): Promise<void> {
  const [role, json] = process.argv.slice(2)
  const run = role === undefined ? undefined : roles[role]
  if (!run) throw new Error(`unknown role '${role ?? ''}' (one of ${Object.keys(roles).join(', ')})`)
  const stop = (): void => {
    stopping = true
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
  await run(JSON.parse(json ?? '{}') as WorkerConfig)
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`demo worker: ${err instanceof Error ? err.message : String(err)}\n`)
    process.exit(1)
  }
)
