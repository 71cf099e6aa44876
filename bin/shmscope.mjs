#!/usr/bin/env node
// The `shmscope` command: runs the CLI that `npm install` built into out/main.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const entry = new URL('../out/main/cli.js', import.meta.url)
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write(`shmscope: not built yet; run 'npm run build' in ${fileURLToPath(new URL('..', import.meta.url))}\n`)
  process.exit(5)
}
await import(entry.href)
