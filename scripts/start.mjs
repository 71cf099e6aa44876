#!/usr/bin/env node
// `npm start`: builds when out/ is missing, then opens the desktop app; where Electron cannot run (no binary, no display)
// it says why in one line and starts serve mode instead, so the UI is always one URL away.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const extra = process.argv.slice(2)
const t0 = Date.now()

function ensureBuilt() {
  const needed = ['out/main/index.js', 'out/main/cli.js', 'out/preload/index.cjs', 'out/renderer/index.html']
  if (needed.every((f) => existsSync(join(root, f)))) return
  process.stdout.write('shmscope: building (out/ is missing)…\n')
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'
  const r = spawnSync(npx, ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) {
    process.stderr.write('shmscope: the build failed; see the messages above\n')
    process.exit(5)
  }
}

/**
 * The Electron executable, found the way the electron package finds it but without its
 * download fallback (require('electron') would try to fetch the binary). A reason when none.
 */
function electronBinary() {
  const pkg = join(root, 'node_modules', 'electron')
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return { path: join(process.env.ELECTRON_OVERRIDE_DIST_PATH, 'electron') }
  const pathFile = join(pkg, 'path.txt')
  if (!existsSync(pathFile)) return { reason: 'the Electron binary is not installed (it cannot be downloaded here)' }
  const bin = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(bin) ? { path: bin } : { reason: `the Electron binary is missing (${bin})` }
}

function serveInstead(reason) {
  process.stdout.write(`shmscope: ${reason}; starting serve mode instead — open the URL below in a browser\n`)
  const child = spawn(process.execPath, [join(root, 'bin', 'shmscope.mjs'), 'serve', ...extra], { cwd: root, stdio: 'inherit' })
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 5)))
}

ensureBuilt()
const electron = electronBinary()
if (!electron.path) serveInstead(electron.reason)
else if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) serveInstead('no display (neither DISPLAY nor WAYLAND_DISPLAY is set)')
else {
  const child = spawn(electron.path, [root, ...extra], { cwd: root, stdio: 'inherit' })
  let started = false
  child.on('spawn', () => (started = true))
  child.on('error', (err) => {
    if (!started) serveInstead(`Electron could not start (${err.message})`)
  })
  child.on('exit', (code, signal) => {
    // Electron dying at once (missing libraries, no usable sandbox) still leaves the user a UI.
    if (started && code !== 0 && code !== null && Date.now() - t0 < 3000) return serveInstead(`Electron exited at start with code ${code}`)
    process.exit(code ?? (signal ? 0 : 5))
  })
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
}
