// The renderer's view of the preload bridge: `window.shmscope` is a ShmscopeApi (present in Electron, absent in a browser).
import type { ShmscopeApi } from '../shared/api'

declare global {
  interface Window {
    shmscope?: ShmscopeApi
  }
}

export {}
