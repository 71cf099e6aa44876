// Owns the argument checks of every ShmscopeApi call that arrives from a page (Electron IPC or the serve-mode WebSocket): pure, no I/O.
import { API_METHODS, type ApiMethod } from '../../shared/api'
import type { Target } from '../../shared/snapshot'
import { ABIS } from '../../shared/layout'
import type { ShmEventType } from '../../shared/events'

/** Bounds on what a page may ask for; every number is checked against one of these. */
export const LIMITS = {
  /** Largest readPayload length. */
  readBytes: 1 << 20,
  /** Largest C header source, in UTF-16 code units. */
  sourceChars: 512 * 1024,
  /** Type names, watch ids, layout names, scenario names. */
  nameChars: 256,
  /** `key:0x…`, `/name`, `sysv:4`, `posix:/name`. */
  targetChars: 512,
  /** Recording file paths. */
  pathChars: 4096,
  seriesCount: 64,
  maxPoints: 20_000,
  eventLimit: 100_000,
  intervalMinMs: 50,
  intervalMaxMs: 10_000,
  historyMinBytes: 1 << 20,
  historyMaxBytes: 2 ** 34
} as const

const EVENT_TYPES: readonly ShmEventType[] = ['created', 'removed', 'attached', 'detached', 'marked-dest', 'perms-changed', 'resized']

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string }

/** Facts about the machine that bound byte ranges; the validator itself stays pure. */
export interface ValidationContext {
  /** Current size of the object a target names, when known. */
  sizeOfTarget?: (target: Target) => number | undefined
}

class Invalid extends Error {}
const fail = (msg: string): never => {
  throw new Invalid(msg)
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false
  const proto = Object.getPrototypeOf(v) as unknown
  return proto === Object.prototype || proto === null
}

function obj(v: unknown, what: string, allowed: readonly string[]): Record<string, unknown> {
  if (!isPlainObject(v)) fail(`${what} must be an object`)
  const o = v as Record<string, unknown>
  for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(`${what} has an unknown field '${k.slice(0, 40)}'`)
  return o
}

function int(v: unknown, what: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) fail(`${what} must be an integer`)
  const n = v as number
  if (n < min || n > max) fail(`${what} must be between ${min} and ${max}`)
  return n
}

function finite(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${what} must be a finite number`)
  return v as number
}

function str(v: unknown, what: string, maxChars: number, pattern?: RegExp): string {
  if (typeof v !== 'string') fail(`${what} must be a string`)
  const s = v as string
  if (s.length > maxChars) fail(`${what} is longer than ${maxChars} characters`)
  if (s.includes('\0')) fail(`${what} contains a NUL character`)
  if (pattern && !pattern.test(s)) fail(`${what} is not well formed`)
  return s
}

function bool(v: unknown, what: string): boolean {
  if (typeof v !== 'boolean') fail(`${what} must be true or false`)
  return v as boolean
}

// JSON has no undefined: an optional argument may arrive as null.
const opt = <T>(v: unknown, check: (v: unknown) => T): T | undefined => (v === undefined || v === null ? undefined : check(v))

const POSIX_NAME = /^\/[^/\0]{1,254}$/
const OBJECT_ID = /^(sysv:\d{1,10}|posix:\/[^/\0]{1,254})$/
const TARGET_TEXT = /^(\d{1,10}|key:(0x[0-9a-fA-F]{1,8}|-?\d{1,10})|\/[^/\0]{1,254})$/
const ID_TEXT = /^[A-Za-z0-9._:-]{1,128}$/

/** A Target, rebuilt field by field so nothing unexpected travels on. */
export function checkTarget(v: unknown): Target {
  const kind = isPlainObject(v) ? v['kind'] : undefined
  if (kind === 'sysv') {
    const o = obj(v, 'target', ['kind', 'shmid'])
    return { kind, shmid: int(o['shmid'], 'target.shmid', 0, 0x7fffffff) }
  }
  if (kind === 'sysv-key') {
    const o = obj(v, 'target', ['kind', 'key'])
    return { kind, key: int(o['key'], 'target.key', 0, 0xffffffff) }
  }
  if (kind === 'posix') {
    const o = obj(v, 'target', ['kind', 'name'])
    return { kind, name: str(o['name'], 'target.name', 255, POSIX_NAME) }
  }
  return fail("target.kind must be 'sysv', 'sysv-key' or 'posix'")
}

const abi = (v: unknown): (typeof ABIS)[number] => {
  if (!ABIS.includes(v as (typeof ABIS)[number])) fail(`abi must be one of ${ABIS.join(', ')}`)
  return v as (typeof ABIS)[number]
}
const source = (v: unknown): string => str(v, 'source', LIMITS.sourceChars)
const typeName = (v: unknown): string => str(v, 'typeName', LIMITS.nameChars, /^[A-Za-z_][A-Za-z0-9_ ]*$/)
const objectId = (v: unknown): string => str(v, 'objectId', LIMITS.targetChars, OBJECT_ID)
const idText = (what: string) => (v: unknown) => str(v, what, 128, ID_TEXT)

function readPayload(args: unknown[], ctx: ValidationContext): unknown[] {
  const target = checkTarget(args[0])
  const offset = int(args[1], 'offset', 0, Number.MAX_SAFE_INTEGER)
  let length = int(args[2], 'length', 1, LIMITS.readBytes)
  const size = ctx.sizeOfTarget?.(target)
  if (size !== undefined) {
    if (offset >= size && !(offset === 0 && size === 0)) fail(`offset ${offset} is past the end of the object (${size} bytes)`)
    length = Math.max(0, Math.min(length, size - offset))
  }
  return [target, offset, length]
}

function historyQuery(v: unknown): unknown {
  const o = obj(v, 'query', ['objectId', 'series', 'fromMs', 'toMs', 'maxPoints'])
  if (!Array.isArray(o['series']) || o['series'].length > LIMITS.seriesCount) fail(`query.series must be an array of at most ${LIMITS.seriesCount} names`)
  const series = (o['series'] as unknown[]).map((s, i) => str(s, `query.series[${i}]`, LIMITS.nameChars))
  return {
    objectId: objectId(o['objectId']),
    series,
    fromMs: opt(o['fromMs'], (x) => finite(x, 'query.fromMs')),
    toMs: opt(o['toMs'], (x) => finite(x, 'query.toMs')),
    maxPoints: int(o['maxPoints'], 'query.maxPoints', 1, LIMITS.maxPoints)
  }
}

function eventQuery(v: unknown): unknown {
  const o = obj(v, 'query', ['types', 'objectId', 'pid', 'fromMs', 'limit'])
  const types = opt(o['types'], (t) => {
    if (!Array.isArray(t) || t.length > EVENT_TYPES.length) fail('query.types must be an array of event types')
    return (t as unknown[]).map((x) => (EVENT_TYPES.includes(x as ShmEventType) ? (x as ShmEventType) : fail(`unknown event type`)))
  })
  return {
    types,
    objectId: opt(o['objectId'], objectId),
    pid: opt(o['pid'], (p) => int(p, 'query.pid', 1, 0x7fffffff)),
    fromMs: opt(o['fromMs'], (x) => finite(x, 'query.fromMs')),
    limit: opt(o['limit'], (x) => int(x, 'query.limit', 1, LIMITS.eventLimit))
  }
}

function watchRequest(v: unknown): unknown {
  const o = obj(v, 'request', ['target', 'source', 'typeName', 'abi', 'includeBytes'])
  return {
    target: checkTarget(o['target']),
    source: source(o['source']),
    typeName: typeName(o['typeName']),
    abi: opt(o['abi'], abi),
    includeBytes: opt(o['includeBytes'], (b) => bool(b, 'request.includeBytes'))
  }
}

function savedLayout(v: unknown): unknown {
  const o = obj(v, 'layout', ['id', 'name', 'source', 'typeName', 'abi', 'bindTo'])
  return {
    id: opt(o['id'], idText('layout.id')),
    name: str(o['name'], 'layout.name', LIMITS.nameChars),
    source: source(o['source']),
    typeName: typeName(o['typeName']),
    abi: abi(o['abi']),
    bindTo: opt(o['bindTo'], (b) => str(b, 'layout.bindTo', LIMITS.targetChars, TARGET_TEXT))
  }
}

function settingsPatch(v: unknown): unknown {
  const o = obj(v, 'settings', ['intervalMs', 'paused', 'historyBudgetBytes'])
  const out: Record<string, unknown> = {}
  if (o['intervalMs'] !== undefined) out['intervalMs'] = int(o['intervalMs'], 'intervalMs', LIMITS.intervalMinMs, LIMITS.intervalMaxMs)
  if (o['paused'] !== undefined) out['paused'] = bool(o['paused'], 'paused')
  if (o['historyBudgetBytes'] !== undefined)
    out['historyBudgetBytes'] = int(o['historyBudgetBytes'], 'historyBudgetBytes', LIMITS.historyMinBytes, LIMITS.historyMaxBytes)
  return out
}

function recordingPath(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined
  const p = str(v, 'path', LIMITS.pathChars)
  // Recordings are listed by the service; a page never names an arbitrary file.
  if (p.split(/[\\/]/).includes('..') || !/\.ndjson(\.gz)?$/.test(p)) fail('path is not a recording')
  return p
}

const HOST_PATTERN = /^([A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])$/
const TOKEN_CHARS = /^[A-Za-z0-9._~-]{8,256}$/

function remoteTarget(v: unknown): unknown {
  if (v === null || v === undefined) return null
  const o = obj(v, 'remote', ['host', 'port', 'token'])
  const host = str(o['host'], 'host', 255)
  if (!HOST_PATTERN.test(host)) fail('host must be a host name or an IP address')
  const out: Record<string, unknown> = { host, port: int(o['port'], 'port', 1, 65535) }
  if (o['token'] !== undefined && o['token'] !== '') out['token'] = str(o['token'], 'token', 256, TOKEN_CHARS)
  return out
}

type Shape = { arity: number; check: (args: unknown[], ctx: ValidationContext) => unknown[] }
const none: Shape = { arity: 0, check: () => [] }
const one = (f: (v: unknown) => unknown): Shape => ({ arity: 1, check: (a) => [f(a[0])] })

const SHAPES: Record<ApiMethod, Shape> = {
  getInfo: none,
  getSnapshot: none,
  readPayload: { arity: 3, check: readPayload },
  queryHistory: one(historyQuery),
  listEvents: one(eventQuery),
  compileLayout: {
    arity: 3,
    check: (a) => [source(a[0]), opt(a[1], typeName), opt(a[2], abi)]
  },
  startWatch: one(watchRequest),
  stopWatch: one(idText('watchId')),
  listWatches: none,
  listLayouts: none,
  saveLayout: one(savedLayout),
  deleteLayout: one(idText('id')),
  getStatus: none,
  setSettings: one(settingsPatch),
  startRecording: none,
  stopRecording: none,
  listRecordings: none,
  loadRecording: { arity: 1, check: (a) => [recordingPath(a[0])] },
  listDemoScenarios: none,
  startDemo: one((v) => str(v, 'scenario', 64, /^[a-z0-9][a-z0-9-]*$/)),
  stopDemo: none,
  getDemoStatus: none,
  connectRemote: one(remoteTarget),
  getConnection: none
}

/** True when `name` is a method a page may call. */
export const isApiMethod = (name: unknown): name is ApiMethod =>
  typeof name === 'string' && (API_METHODS as readonly string[]).includes(name)

/**
 * Check one call. Unknown methods, extra arguments and anything malformed are refused with
 * one sentence; accepted arguments come back rebuilt (unknown fields never pass through).
 */
export function validateCall(method: unknown, args: unknown, ctx: ValidationContext = {}): Checked<{ method: ApiMethod; args: unknown[] }> {
  if (!isApiMethod(method)) return { ok: false, error: `unknown method '${String(method).slice(0, 60)}'` }
  if (!Array.isArray(args)) return { ok: false, error: 'arguments must be an array' }
  const shape = SHAPES[method]
  // Trailing undefineds are what optional parameters look like after a transport.
  let n = args.length
  while (n > shape.arity && (args[n - 1] === undefined || args[n - 1] === null)) n--
  if (n > shape.arity) return { ok: false, error: `${method} takes at most ${shape.arity} argument(s)` }
  try {
    return { ok: true, value: { method, args: shape.check(args, ctx) } }
  } catch (err) {
    if (err instanceof Invalid) return { ok: false, error: `${method}: ${err.message}` }
    throw err
  }
}

/**
 * Sizes of the objects the service last reported, kept from snapshots and tick deltas, so
 * that readPayload ranges are bounded by the object itself (ValidationContext.sizeOfTarget).
 */
export class SizeIndex {
  private sysv = new Map<number, { key: number; sizeBytes: number }>()
  private posix = new Map<string, number>()

  reset(snapshot: { sysv: { shmid: number; key: number; sizeBytes: number }[]; posix: { name: string; sizeBytes: number }[] }): void {
    this.sysv.clear()
    this.posix.clear()
    this.apply({ upserted: snapshot, removed: { sysv: [], posix: [] } })
  }

  apply(delta: {
    upserted: { sysv: { shmid: number; key: number; sizeBytes: number }[]; posix: { name: string; sizeBytes: number }[] }
    removed: { sysv: number[]; posix: string[] }
  }): void {
    for (const s of delta.upserted.sysv) this.sysv.set(s.shmid, { key: s.key, sizeBytes: s.sizeBytes })
    for (const p of delta.upserted.posix) this.posix.set(p.name, p.sizeBytes)
    for (const id of delta.removed.sysv) this.sysv.delete(id)
    for (const name of delta.removed.posix) this.posix.delete(name)
  }

  readonly sizeOfTarget = (target: Target): number | undefined => {
    if (target.kind === 'sysv') return this.sysv.get(target.shmid)?.sizeBytes
    if (target.kind === 'posix') return this.posix.get(target.name)
    if (target.key === 0) return undefined
    for (const s of this.sysv.values()) if (s.key === target.key) return s.sizeBytes
    return undefined
  }
}
