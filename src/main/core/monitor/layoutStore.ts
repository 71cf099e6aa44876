// Owns the user's saved layouts: a JSON file in the data folder, written atomically, each
// optionally bound to a key or POSIX name so that its watch starts again when the object appears.
import { promises as fsp } from 'node:fs'
import { randomUUID } from 'node:crypto'
import { dirname, join } from 'node:path'
import type { SavedLayout } from '../../../shared/api'
import { isAbi } from '../layout/index'

const FILE = 'layouts.json'
const MAX_LAYOUTS = 500

export class LayoutStore {
  private layouts: SavedLayout[] | undefined
  private writing: Promise<void> = Promise.resolve()

  /** `dir` undefined keeps layouts in memory only. */
  constructor(private readonly dir: string | undefined) {}

  private get path(): string | undefined {
    return this.dir === undefined ? undefined : join(this.dir, FILE)
  }

  async list(): Promise<SavedLayout[]> {
    if (this.layouts) return [...this.layouts]
    this.layouts = []
    const path = this.path
    if (path) {
      try {
        const parsed = JSON.parse(await fsp.readFile(path, 'utf8')) as unknown
        if (Array.isArray(parsed)) this.layouts = parsed.filter(isSavedLayout).slice(0, MAX_LAYOUTS)
      } catch {
        // No file yet, or one we cannot read: start empty rather than fail.
      }
    }
    return [...this.layouts]
  }

  async save(input: Omit<SavedLayout, 'id' | 'updatedAtMs'> & { id?: string }, nowMs = Date.now()): Promise<SavedLayout> {
    const all = await this.list()
    const existing = input.id === undefined ? undefined : all.find((l) => l.id === input.id)
    if (!existing && all.length >= MAX_LAYOUTS) throw new Error(`at most ${MAX_LAYOUTS} layouts can be saved; delete some first`)
    const saved: SavedLayout = {
      id: existing?.id ?? randomUUID(),
      name: input.name,
      source: input.source,
      typeName: input.typeName,
      abi: input.abi,
      updatedAtMs: nowMs
    }
    if (input.bindTo) saved.bindTo = input.bindTo
    // One layout per binding: saving for the same key or name replaces the older one.
    this.layouts = [...all.filter((l) => l.id !== saved.id && !(saved.bindTo && l.bindTo === saved.bindTo)), saved]
    await this.persist()
    return saved
  }

  async remove(id: string): Promise<void> {
    const all = await this.list()
    this.layouts = all.filter((l) => l.id !== id)
    await this.persist()
  }

  private persist(): Promise<void> {
    const path = this.path
    const snapshot = JSON.stringify(this.layouts ?? [], null, 1)
    if (!path) return Promise.resolve()
    this.writing = this.writing.then(async () => {
      await fsp.mkdir(dirname(path), { recursive: true, mode: 0o700 })
      const tmp = `${path}.${process.pid}.tmp`
      await fsp.writeFile(tmp, snapshot, { mode: 0o600 })
      await fsp.rename(tmp, path)
    })
    return this.writing
  }
}

function isSavedLayout(v: unknown): v is SavedLayout {
  if (typeof v !== 'object' || v === null) return false
  const o = v as Record<string, unknown>
  return (
    typeof o['id'] === 'string' &&
    typeof o['name'] === 'string' &&
    typeof o['source'] === 'string' &&
    typeof o['typeName'] === 'string' &&
    typeof o['abi'] === 'string' &&
    isAbi(o['abi']) &&
    typeof o['updatedAtMs'] === 'number' &&
    (o['bindTo'] === undefined || typeof o['bindTo'] === 'string')
  )
}
