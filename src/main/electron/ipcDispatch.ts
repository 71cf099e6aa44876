// Owns the Electron IPC rules as pure logic (no 'electron' import, so it is unit-tested): channel names, sender checks, validation, dispatch.
import { API_METHODS, type ApiMethod } from '../../shared/api'
import { validateCall, type ValidationContext } from '../core/validate'
import type { ApiService } from '../server/rpc'

export const CHANNEL_PREFIX = 'shmscope:'
/** main -> page: one TickDelta per tick. */
export const TICK_CHANNEL = 'shmscope:tick'
/** page -> main: start/stop the tick stream for this window. */
export const SUBSCRIBE_CHANNEL = 'shmscope:subscribe'

export const channelOf = (method: ApiMethod): string => `${CHANNEL_PREFIX}${method}`
export const API_CHANNELS: readonly string[] = API_METHODS.map(channelOf)

/** Who sent an IPC message, as Electron's event describes it. */
export interface SenderDescriptor {
  /** webContents id of the sender. */
  webContentsId: number
  /** True for the top frame (senderFrame.parent === null). */
  isMainFrame: boolean
  /** URL of the sending frame. */
  url: string
}

/** What a sender must be: our window's main frame, showing our page. */
export interface TrustedPage {
  webContentsIds: ReadonlySet<number>
  /** The page's URL must start with one of these (file:///…/out/renderer/ or the dev server). */
  urlPrefixes: readonly string[]
}

/** Envelope the preload unwraps: errors travel as values so the page sees only the message. */
export type IpcAnswer = { ok: true; value: unknown } | { ok: false; error: string }

export function senderAllowed(sender: SenderDescriptor, trusted: TrustedPage): boolean {
  if (!trusted.webContentsIds.has(sender.webContentsId)) return false
  if (!sender.isMainFrame) return false
  return trusted.urlPrefixes.some((p) => sender.url.startsWith(p))
}

/** The method a channel names, or undefined for anything else. */
export function methodOfChannel(channel: string): ApiMethod | undefined {
  if (!channel.startsWith(CHANNEL_PREFIX)) return undefined
  const name = channel.slice(CHANNEL_PREFIX.length)
  return (API_METHODS as readonly string[]).includes(name) ? (name as ApiMethod) : undefined
}

/** Check the sender, the channel and the arguments, then run the call on the service. */
export async function dispatchIpc(
  service: ApiService,
  trusted: TrustedPage,
  channel: string,
  sender: SenderDescriptor,
  args: unknown[],
  ctx: ValidationContext = {}
): Promise<IpcAnswer> {
  if (!senderAllowed(sender, trusted)) return { ok: false, error: 'refused: not sent by the shmscope window' }
  const method = methodOfChannel(channel)
  if (!method) return { ok: false, error: `refused: unknown channel '${channel.slice(0, 60)}'` }
  const checked = validateCall(method, args, ctx)
  if (!checked.ok) return { ok: false, error: checked.error }
  try {
    const fn = service[method] as (...a: unknown[]) => Promise<unknown>
    return { ok: true, value: await fn.apply(service, checked.value.args) }
  } catch (err) {
    return { ok: false, error: (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? 'failed' }
  }
}
