// Owns which monitor the transports speak to: this machine's service, or a `shmscope serve` on
// another machine (RemoteService), switched by connectRemote without the page reconnecting.
import type { ConnectionInfo, RemoteTarget, Result, TickDelta } from '../../shared/api'
import { API_METHODS } from '../../shared/api'
import type { ApiService } from '../server/rpc'
import { RemoteService } from '../server/remoteClient'

const FIRST_CONNECT_MS = 8000

export interface ServiceSwitch extends ApiService {
  dispose(): Promise<void>
}

/** ApiService over `local`, or over a remote once connectRemote() names one. */
export function createServiceSwitch(local: ApiService): ServiceSwitch {
  let remote: RemoteService | undefined
  let detail: string | undefined
  const listeners = new Set<(t: TickDelta) => void>()
  const forward = (t: TickDelta): void => listeners.forEach((l) => l(t))
  let unsubscribe = local.subscribe(forward)
  let seq = 0
  const current = (): ApiService => remote?.api ?? local

  const connection = (): ConnectionInfo => {
    if (!remote) return { mode: 'local', state: 'open' }
    const info: ConnectionInfo = { mode: 'remote', where: remote.where, state: remote.state() }
    if (detail && info.state !== 'open') info.detail = detail
    return info
  }

  /** A tick with a sequence gap: pages fetch the snapshot again from whichever monitor is current now. */
  const announceSwitch = async (): Promise<void> => {
    const snap = await current().getSnapshot().catch(() => undefined)
    if (!snap) return
    seq += 1_000_000
    forward({ seq, tMs: snap.takenAtMs, durationMs: 0, skippedTicks: 0, upserted: { sysv: [], posix: [] }, removed: { sysv: [], posix: [] }, usage: snap.usage, events: [], samples: [] })
  }

  const use = (next: RemoteService | undefined): void => {
    unsubscribe()
    remote?.dispose()
    remote = next
    detail = undefined
    unsubscribe = (next?.api ?? local).subscribe(forward)
    next?.onState((_s, why) => {
      if (why) detail = why
      if (_s === 'open') void announceSwitch()
    })
  }

  const sw: Record<string, unknown> = {
    subscribe(listener: (t: TickDelta) => void) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    async connectRemote(target: RemoteTarget | null): Promise<Result<ConnectionInfo>> {
      if (target === null) {
        use(undefined)
        void announceSwitch()
        return { ok: true, value: connection() }
      }
      const next = new RemoteService(target)
      use(next)
      // Wait for the first answer so that a wrong token or address is reported at once.
      const first = await Promise.race([
        next.api.getInfo().then(
          () => undefined,
          (e: unknown) => (e instanceof Error ? e.message : String(e))
        ),
        new Promise<string>((resolve) => next.onState((s, why) => s === 'closed' && why && resolve(why))),
        new Promise<string>((resolve) => setTimeout(() => resolve(`no answer from ${next.where} within ${FIRST_CONNECT_MS / 1000} s`), FIRST_CONNECT_MS))
      ])
      if (first !== undefined) {
        const why = detail ?? first
        use(undefined)
        return { ok: false, error: `cannot watch ${target.host}:${target.port}: ${why}` }
      }
      return { ok: true, value: connection() }
    },
    async getConnection(): Promise<ConnectionInfo> {
      return connection()
    },
    async getInfo() {
      const info = await current().getInfo()
      return { ...info, remoteView: true, ...(remote ? { transport: 'remote' } : {}) }
    },
    async dispose() {
      unsubscribe()
      remote?.dispose()
      remote = undefined
      listeners.clear()
    }
  }
  for (const m of API_METHODS) {
    if (m in sw) continue
    sw[m] = (...args: unknown[]) => (current()[m] as (...a: unknown[]) => Promise<unknown>)(...args)
  }
  return sw as unknown as ServiceSwitch
}
