// Preload bridge: exposes `window.shmscope`, a ShmscopeApi over named IPC channels, with every argument checked here and again in main.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { ApiMethod, ShmscopeApi, TickDelta } from '../shared/api'
import { API_METHODS } from '../shared/api'
import { checkArgs } from './checks'

const TICK_CHANNEL = 'shmscope:tick'
const SUBSCRIBE_CHANNEL = 'shmscope:subscribe'

type IpcAnswer = { ok: true; value: unknown } | { ok: false; error: string }

async function call(method: ApiMethod, args: unknown[]): Promise<unknown> {
  const problem = checkArgs(method, args)
  if (problem) throw new Error(`${method}: ${problem}`)
  const answer = (await ipcRenderer.invoke(`shmscope:${method}`, ...args)) as IpcAnswer
  if (!answer.ok) throw new Error(answer.error)
  return answer.value
}

// One IPC listener feeds every page listener; main pushes only while someone listens.
const listeners = new Set<(tick: TickDelta) => void>()
const onTick = (_event: IpcRendererEvent, tick: TickDelta): void => {
  for (const l of listeners) l(tick)
}

function subscribe(listener: (tick: TickDelta) => void): () => void {
  if (typeof listener !== 'function') throw new TypeError('subscribe needs a function')
  if (listeners.size === 0) {
    ipcRenderer.on(TICK_CHANNEL, onTick)
    ipcRenderer.send(SUBSCRIBE_CHANNEL, true)
  }
  listeners.add(listener)
  return () => {
    if (!listeners.delete(listener) || listeners.size > 0) return
    ipcRenderer.off(TICK_CHANNEL, onTick)
    ipcRenderer.send(SUBSCRIBE_CHANNEL, false)
  }
}

const api: Record<string, unknown> = { subscribe }
for (const method of API_METHODS) api[method] = (...args: unknown[]) => call(method, args)

contextBridge.exposeInMainWorld('shmscope', api as unknown as ShmscopeApi)
