// Electron shell entry: a shmscope command runs as the CLI (no window); otherwise one sandboxed
// window over the monitor service, a single instance, and a clear message where Chromium's
// sandbox cannot start. With main/electron/ the only code that imports 'electron'.
import { app, BrowserWindow, dialog } from 'electron'
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ShmscopeService } from './core/service'
import { createMainWindow, hardenSession, rendererLocation } from './electron/window'
import { registerIpc } from './electron/ipc'
import { cliInvocation, sandboxFacts, sandboxProblem, userArgs } from './electron/startup'
import { demoController } from './demoController'
import { createServiceSwitch } from './remote/switch'

const here = dirname(fileURLToPath(import.meta.url))
const args = userArgs(process.argv, process.defaultApp === true)
const cli = cliInvocation(args)

if (cli) {
  // The packaged executable as a command-line tool: Electron's own Node runs the CLI, so no
  // window, no display and no GPU are needed (`./shmscope.AppImage list --json`).
  const r = spawnSync(process.execPath, [join(here, 'cli.js'), ...cli], { stdio: 'inherit', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } })
  app.exit(r.status ?? (r.signal ? 0 : 5))
} else {
  const problem = sandboxProblem(sandboxFacts(process.argv, process.env))
  if (problem) {
    process.stderr.write(`${problem}\n`)
    void app.whenReady().then(() => {
      dialog.showErrorBox('shmscope cannot open its window', problem)
      app.exit(78)
    })
  } else if (!app.requestSingleInstanceLock()) {
    app.exit(0)
  } else {
    startApp()
  }
}

function startApp(): void {
  let service: ShmscopeService | undefined
  let unregister: (() => void) | undefined
  let win: BrowserWindow | undefined

  app.on('second-instance', () => {
    if (!win || win.isDestroyed()) return
    if (win.isMinimized()) win.restore()
    win.focus()
  })

  app.whenReady().then(async () => {
    hardenSession()
    service = new ShmscopeService({ transport: 'electron', dataDir: join(app.getPath('userData'), 'data'), demo: demoController() })
    await service.start()
    // The desktop app may watch another machine's serve instead of this one (Connect… in the toolbar).
    const api = createServiceSwitch(service)
    win = createMainWindow(join(here, '../preload/index.cjs'))
    unregister = registerIpc(api, win, rendererLocation().prefix)
    win.on('closed', () => {
      unregister?.()
      unregister = undefined
    })
  }, (err: unknown) => {
    dialog.showErrorBox('shmscope could not start', err instanceof Error ? err.message : String(err))
    app.exit(5)
  })

  app.on('window-all-closed', () => app.quit())

  // Let go of every attachment and stop the demo before the process goes.
  let disposed = false
  app.on('before-quit', (event) => {
    if (disposed || !service) return
    event.preventDefault()
    disposed = true
    void service.dispose().finally(() => app.quit())
  })
}
