// Owns the app window: a sandboxed BrowserWindow, its CSP (also for file://), no navigation or new windows, remembered bounds.
import { BrowserWindow, screen, session, shell, app } from 'electron'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { loadBounds, saveBounds, type WindowBounds } from './windowState'

/** The page may load only its own files; it talks to main through the preload only. */
export const ELECTRON_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'"
].join('; ')

/** Where the renderer lives: the dev server in `electron-vite dev`, else out/renderer. */
export function rendererLocation(): { url: string; prefix: string } {
  const dev = process.env['ELECTRON_RENDERER_URL']
  if (!app.isPackaged && dev && /^http:\/\/(localhost|127\.0\.0\.1):\d+\/?/.test(dev)) return { url: dev, prefix: new URL(dev).origin + '/' }
  const file = join(dirname(fileURLToPath(import.meta.url)), '../renderer/index.html')
  const url = pathToFileURL(file).href
  return { url, prefix: url }
}

/** CSP on every response of the default session, file:// included, and no permission ever granted. */
export function hardenSession(): void {
  const ses = session.defaultSession
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [ELECTRON_CSP] } })
  })
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  ses.setPermissionCheckHandler(() => false)
}

export function createMainWindow(preloadPath: string): BrowserWindow {
  const userData = app.getPath('userData')
  const bounds = loadBounds(userData, screen.getAllDisplays().map((d) => d.workArea))
  const win = new BrowserWindow({
    ...(bounds.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    width: bounds.width,
    height: bounds.height,
    minWidth: 640,
    minHeight: 420,
    show: false,
    title: 'shmscope',
    backgroundColor: '#14161a',
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false
    }
  })
  if (bounds.maximized) win.maximize()
  win.once('ready-to-show', () => win.show())

  const { url, prefix } = rendererLocation()
  // Nothing navigates away from our page; links to the web open in the user's browser.
  win.webContents.on('will-navigate', (event, target) => {
    if (!target.startsWith(prefix)) event.preventDefault()
  })
  win.webContents.on('will-redirect', (event) => event.preventDefault())
  win.webContents.on('will-attach-webview', (event) => event.preventDefault())
  win.webContents.setWindowOpenHandler(({ url: target }) => {
    if (/^https:\/\//.test(target)) void shell.openExternal(target)
    return { action: 'deny' }
  })

  let saveTimer: NodeJS.Timeout | undefined
  const remember = (): void => {
    clearTimeout(saveTimer)
    saveTimer = setTimeout(() => {
      if (win.isDestroyed()) return
      const b: WindowBounds = { ...win.getNormalBounds(), maximized: win.isMaximized() }
      saveBounds(userData, b)
    }, 400)
  }
  win.on('resize', remember)
  win.on('move', remember)
  win.on('close', () => {
    clearTimeout(saveTimer)
    saveBounds(userData, { ...win.getNormalBounds(), maximized: win.isMaximized() })
  })
  void win.loadURL(url)
  return win
}
