// The packaged app, built here with electron-builder --dir for x64 and arm64 against a stand-in
// Electron (the real binary cannot be downloaded on these machines): the asar holds the app and
// not the dev-only packages, koffi's native binary is unpacked for the right machine on both, the
// desktop entry is configured, and the packaged CLI runs (x64, under this Node).
import { execFile } from 'node:child_process'
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { createRequire } from 'node:module'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const root = join(__dirname, '../../..')
const asar = createRequire(join(root, 'package.json'))('@electron/asar') as {
  listPackage(path: string, options: { isPack: boolean }): string[]
  extractAll(archive: string, dest: string): void
}
const work = mkdtempSync(join(tmpdir(), 'shmscope-package-'))
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version
const E_MACHINE: Record<string, number> = { x64: 62, arm64: 183 }

/** e_machine of an ELF file (bytes 18-19, little-endian on both targets). */
function elfMachine(path: string): number {
  const b = readFileSync(path)
  if (b.subarray(0, 4).toString('latin1') !== '\x7fELF') throw new Error(`${path} is not an ELF file`)
  return b.readUInt16LE(18)
}

const unpacked = (arch: string): string => join(work, arch, arch === 'x64' ? 'linux-unpacked' : `linux-${arch}-unpacked`)
const arches = ['x64', 'arm64']

beforeAll(async () => {
  if (!existsSync(join(root, 'out', 'main', 'index.js'))) await run('npx', ['electron-vite', 'build'], { cwd: root })
  await run(process.execPath, [join(root, 'scripts', 'package-natives.mjs'), ...arches], { cwd: root })
  // A stand-in Electron distribution: electron-builder copies it and renames the executable.
  const dist = join(work, 'electron-dist')
  mkdirSync(join(dist, 'resources'), { recursive: true })
  copyFileSync('/bin/true', join(dist, 'electron'))
  for (const arch of arches) {
    await run('npx', ['electron-builder', '--dir', `--${arch}`, `-c.electronDist=${dist}`, `-c.directories.output=${join(work, arch)}`], { cwd: root, timeout: 240_000 })
  }
}, 600_000)
afterAll(() => rmSync(work, { recursive: true, force: true }))

describe.each(arches)('packaged for %s', (arch) => {
  it('has the app in the asar, and not the dev-only packages or sources', () => {
    const files = new Set(asar.listPackage(join(unpacked(arch), 'resources', 'app.asar'), { isPack: false }).map((f) => f.replace(/\\/g, '/')))
    for (const f of ['/package.json', '/out/main/index.js', '/out/main/cli.js', '/out/main/demoWorker.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/node_modules/koffi/package.json', '/node_modules/tree-sitter-c/tree-sitter-c.wasm', '/node_modules/web-tree-sitter/tree-sitter.wasm', '/node_modules/prom-client/package.json', '/node_modules/ws/package.json']) {
      expect(files.has(f), f).toBe(true)
    }
    for (const f of ['/node_modules/react', '/node_modules/recharts', '/node_modules/electron', '/node_modules/tree-sitter-c/src', '/src', '/test']) expect(files.has(f), f).toBe(false)
  })

  it(`unpacks koffi's native binary for ${arch} (ELF machine ${E_MACHINE[arch]}) and no other`, () => {
    const base = join(unpacked(arch), 'resources', 'app.asar.unpacked', 'node_modules', '@koromix')
    const binary = join(base, `koffi-linux-${arch}`, `linux_${arch}`, 'koffi.node')
    expect(existsSync(binary)).toBe(true)
    expect(elfMachine(binary)).toBe(E_MACHINE[arch])
    const other = arches.find((a) => a !== arch) as string
    expect(existsSync(join(base, `koffi-linux-${other}`))).toBe(false)
  })

  it('names the executable shmscope', () => {
    expect(existsSync(join(unpacked(arch), 'shmscope'))).toBe(true)
  })
})

describe('packaged CLI and desktop entry', () => {
  it('runs the packaged CLI with the packaged koffi (x64 here): --version and list --json', async () => {
    const app = join(work, 'x64-app')
    asar.extractAll(join(unpacked('x64'), 'resources', 'app.asar'), app)
    cpSync(join(unpacked('x64'), 'resources', 'app.asar.unpacked'), app, { recursive: true })
    const v = await run(process.execPath, [join(app, 'out', 'main', 'cli.js'), '--version'])
    expect(v.stdout.trim()).toBe(`shmscope ${version}`)
    const list = await run(process.execPath, [join(app, 'out', 'main', 'cli.js'), 'list', '--json'])
    const doc = JSON.parse(list.stdout) as { sysv: unknown[]; limits: { shmmni: number } }
    expect(doc.limits.shmmni).toBeGreaterThan(0)
    // koffi really loaded from the package: read reaches the reader (exit 2 for a missing id, not a load error).
    const read = await run(process.execPath, [join(app, 'out', 'main', 'cli.js'), 'read', '2147483000']).catch((e: { code: number; stderr: string }) => e)
    expect('code' in read ? read.code : 0).toBe(2)
  }, 60_000)

  it('configures the desktop entry, category and icons', () => {
    const yml = readFileSync(join(root, 'electron-builder.yml'), 'utf8')
    expect(yml).toMatch(/^\s+Categories: Development;System;Monitor;$/m)
    expect(yml).toMatch(/^\s+category: Development$/m)
    expect(yml).toMatch(/^artifactName: shmscope-\$\{version\}-\$\{arch\}\.\$\{ext\}$/m)
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      const png = readFileSync(join(root, 'build', 'icons', `${size}x${size}.png`))
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG')
      expect(png.readUInt32BE(16)).toBe(size)
    }
  })
})
