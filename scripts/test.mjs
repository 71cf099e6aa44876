#!/usr/bin/env node
// `npm test`: typecheck, lint, build, then every test suite (unit, integration on the real
// kernel, end-to-end in Chromium). Ends with one plain line: `N passed, N failed, N skipped`.
import { spawnSync } from 'node:child_process'
import { readFileSync, mkdirSync, existsSync } from 'node:fs'

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'
let passed = 0
let failed = 0
let skipped = 0

function step(name, command, args) {
  process.stdout.write(`\n== ${name}: ${command} ${args.join(' ')}\n`)
  const started = Date.now()
  const r = spawnSync(command, args, { stdio: 'inherit', env: process.env })
  const ok = r.status === 0
  process.stdout.write(`== ${name}: ${ok ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`)
  return ok
}

for (const [name, cmd, args] of [
  ['typecheck', 'npm', ['run', '--silent', 'typecheck']],
  ['lint', 'npm', ['run', '--silent', 'lint']],
  ['build', 'npm', ['run', '--silent', 'build']]
]) {
  if (step(name, cmd, args)) passed++
  else failed++
}

mkdirSync('test-artifacts', { recursive: true })
const report = 'test-artifacts/vitest.json'
const extra = process.argv.slice(2)
step('tests', npx, ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra])
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'))
  passed += r.numPassedTests ?? 0
  failed += r.numFailedTests ?? 0
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0)
  // A test file that failed to load ran no test at all: count it as one failure.
  failed += (r.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length
} else {
  failed++
  process.stdout.write('no test report was written: the test runner itself failed\n')
}

process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`)
process.exit(failed > 0 ? 1 : 0)
