// Owns the IPC registration of the app window: one handler per ShmscopeApi method, the tick stream, and refusal of anything else.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent, type IpcMainEvent } from 'electron'
import { API_CHANNELS, SUBSCRIBE_CHANNEL, TICK_CHANNEL, dispatchIpc, senderAllowed, type SenderDescriptor, type TrustedPage } from './ipcDispatch'
import { SizeIndex } from '../core/validate'
import type { ApiService } from '../server/rpc'

function describe(event: IpcMainInvokeEvent | IpcMainEvent): SenderDescriptor {
  const frame = event.senderFrame
  return { webContentsId: event.sender.id, isMainFrame: frame !== null && frame.parent === null, url: frame?.url ?? '' }
}

/** Register every handler; returns a function that removes them. */
export function registerIpc(service: ApiService, win: BrowserWindow, urlPrefix: string): () => void {
  const trusted: TrustedPage = { webContentsIds: new Set([win.webContents.id]), urlPrefixes: [urlPrefix] }
  const sizes = new SizeIndex()
  void service.getSnapshot().then((s) => sizes.reset(s), () => undefined)

  for (const channel of API_CHANNELS) {
    ipcMain.handle(channel, (event, ...args: unknown[]) => dispatchIpc(service, trusted, channel, describe(event), args, { sizeOfTarget: sizes.sizeOfTarget }))
  }

  // One subscription per window, started when the page asks and stopped when it goes away.
  let unsubscribe: (() => void) | undefined
  const stop = (): void => {
    unsubscribe?.()
    unsubscribe = undefined
  }
  const unsubscribeSizes = service.subscribe((tick) => sizes.apply(tick))
  const onSubscribe = (event: IpcMainEvent, on: unknown): void => {
    if (!senderAllowed(describe(event), trusted) || typeof on !== 'boolean') return
    stop()
    if (!on) return
    unsubscribe = service.subscribe((tick) => {
      if (!win.isDestroyed()) win.webContents.send(TICK_CHANNEL, tick)
    })
  }
  ipcMain.on(SUBSCRIBE_CHANNEL, onSubscribe)
  // A reload drops the page's listeners: stop pushing until it subscribes again.
  win.webContents.on('did-start-navigation', (_e, _url, _inPlace, isMainFrame) => {
    if (isMainFrame) stop()
  })

  return () => {
    stop()
    unsubscribeSizes()
    for (const channel of API_CHANNELS) ipcMain.removeHandler(channel)
    ipcMain.off(SUBSCRIBE_CHANNEL, onSubscribe)
  }
}
