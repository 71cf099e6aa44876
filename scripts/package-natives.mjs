#!/usr/bin/env node
// Puts koffi's native binary for each target architecture into build/natives/koffi-linux-<arch>/
// (a copy of the @koromix/koffi-linux-<arch> package), for electron-builder to pack. npm installs
// only the host's binary, so the others are fetched from the npm registry with `npm pack`.
// Usage: node scripts/package-natives.mjs [x64] [arm64]
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const version = JSON.parse(readFileSync(join(root, 'node_modules/koffi/package.json'), 'utf8')).version
const arches = process.argv.slice(2).length ? process.argv.slice(2) : ['x64', 'arm64']

for (const arch of arches) {
  if (!['x64', 'arm64'].includes(arch)) throw new Error(`unsupported architecture ${arch} (x64 or arm64)`)
  const dest = join(root, 'build', 'natives', `koffi-linux-${arch}`)
  const binary = join(dest, `linux_${arch}`, 'koffi.node')
  const stamp = join(dest, 'package.json')
  if (existsSync(binary) && existsSync(stamp) && JSON.parse(readFileSync(stamp, 'utf8')).version === version) {
    process.stdout.write(`natives: koffi ${version} for ${arch} already in ${dest}\n`)
    continue
  }
  rmSync(dest, { recursive: true, force: true })
  mkdirSync(dirname(dest), { recursive: true })
  const installed = join(root, 'node_modules', '@koromix', `koffi-linux-${arch}`)
  if (existsSync(join(installed, `linux_${arch}`, 'koffi.node'))) {
    cpSync(installed, dest, { recursive: true })
  } else {
    const tmp = mkdtempSync(join(tmpdir(), 'shmscope-natives-'))
    try {
      const tgz = execFileSync('npm', ['pack', `@koromix/koffi-linux-${arch}@${version}`, '--pack-destination', tmp, '--silent'], { cwd: tmp, encoding: 'utf8' }).trim().split('\n').pop()
      execFileSync('tar', ['-xzf', join(tmp, tgz), '-C', tmp])
      cpSync(join(tmp, 'package'), dest, { recursive: true })
    } finally {
      rmSync(tmp, { recursive: true, force: true })
    }
  }
  // Only the glibc binary is shipped (the musl one is for Alpine).
  rmSync(join(dest, `musl_${arch}`), { recursive: true, force: true })
  if (!existsSync(binary)) throw new Error(`no ${binary} in @koromix/koffi-linux-${arch}@${version}`)
  process.stdout.write(`natives: koffi ${version} for ${arch} -> ${dest}\n`)
}
