// A real Prometheus scrapes a real `shmscope serve`: PromQL returns the nattch of a real segment;
// promtool accepts the alert rules and a real /metrics body; every query of the Grafana
// dashboard is valid PromQL, and the ones that need no watch or orphan return data.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cleanupAll, spawnTracked, trackShmid, waitForLine } from '../../helpers/native'
import { freePort, startServe, type Serve } from '../../e2e/harness'
import { attacherBin, creatorBin } from '../../e2e/programs'

const run = promisify(execFile)
const PROMETHEUS = '/usr/bin/prometheus'
const PROMTOOL = '/usr/bin/promtool'
const rules = join(__dirname, '../../../deploy/prometheus/shmscope-rules.yml')
const dashboard = join(__dirname, '../../../deploy/grafana/shmscope-dashboard.json')
const have = existsSync(PROMETHEUS) && existsSync(PROMTOOL)

describe.skipIf(!have)(`Prometheus${have ? '' : ' — SKIPPED: /usr/bin/prometheus and promtool are not installed'}`, () => {
  let serve: Serve
  let prometheus: ChildProcess | undefined
  let promPort = 0
  let dir = ''
  let shmid = 0

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'shmscope-prom-'))
    const [creator, attacher] = await Promise.all([creatorBin(), attacherBin()])
    const owner = spawnTracked(creator)
    shmid = trackShmid(Number((await waitForLine(owner, /shmid (\d+)/))[1]))
    const a = [spawnTracked(attacher, [String(shmid)]), spawnTracked(attacher, [String(shmid)])]
    await Promise.all(a.map((c) => waitForLine(c, /attached/)))
    serve = await startServe(['--interval-ms', '200'])
    const target = new URL(serve.url).host
    promPort = await freePort()
    writeFileSync(
      join(dir, 'prometheus.yml'),
      `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files:\n  - ${rules}\nscrape_configs:\n  - job_name: shmscope\n    static_configs:\n      - targets: ["${target}"]\n`
    )
    prometheus = spawn(PROMETHEUS, [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${promPort}`], { stdio: 'ignore' })
  }, 120_000)

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      await new Promise<void>((resolve) => {
        const hard = setTimeout(() => prometheus?.kill('SIGKILL'), 5000)
        prometheus?.once('exit', () => {
          clearTimeout(hard)
          resolve()
        })
        prometheus?.kill('SIGTERM')
      })
    }
    await serve?.stop()
    await cleanupAll()
    rmSync(dir, { recursive: true, force: true })
  })

  it('answers a PromQL query with the nattch of a real segment', async () => {
    const query = `shmscope_sysv_nattch_apps{shmid="${shmid}"}`
    let last = ''
    const deadline = Date.now() + 45_000
    while (Date.now() < deadline) {
      try {
        const res = await fetch(`http://127.0.0.1:${promPort}/api/v1/query?query=${encodeURIComponent(query)}`)
        last = await res.text()
        const data = JSON.parse(last) as { data?: { result?: { value: [number, string]; metric: Record<string, string> }[] } }
        const r = data.data?.result?.[0]
        if (r) {
          expect(r.value[1]).toBe('3')
          expect(r.metric['job']).toBe('shmscope')
          return
        }
      } catch {
        // Prometheus is still starting.
      }
      await new Promise((res) => setTimeout(res, 500))
    }
    throw new Error(`no result for ${query}; last answer: ${last.slice(0, 300)}`)
  }, 60_000)

  it("answers every query of the Grafana dashboard (with its variables filled as Grafana would)", async () => {
    const board = JSON.parse(readFileSync(dashboard, 'utf8')) as { panels: { title: string; targets?: { expr?: string }[] }[] }
    const queries = board.panels.flatMap((p) => (p.targets ?? []).flatMap((t) => (t.expr ? [{ panel: p.title, expr: t.expr }] : [])))
    expect(queries.length).toBeGreaterThan(15)
    // Queries about things this test does not make (watches, orphans, POSIX objects, swap, a detach) may be empty.
    const mayBeEmpty = /watch_|orphaned|posix_|swap|skipped|since_detach/
    // The first scrape may not have happened yet when the test starts.
    await expect.poll(async () => ((await promQuery('shmscope_sysv_segments')).data?.result ?? []).length, { timeout: 45_000, interval: 500 }).toBeGreaterThan(0)
    for (const { panel, expr } of queries) {
      const filled = expr.replace(/\$\{?instance\}?/g, '.*').replace(/\$__rate_interval|\$__interval/g, '1m')
      const answer = await promQuery(filled)
      expect(answer.status, `${panel}: ${filled}: ${answer.error ?? ''}`).toBe('success')
      if (!mayBeEmpty.test(expr)) expect(answer.data?.result?.length ?? 0, `${panel}: ${filled} returned nothing`).toBeGreaterThan(0)
    }
  }, 60_000)

  async function promQuery(query: string): Promise<{ status: string; error?: string; data?: { result?: unknown[] } }> {
    const res = await fetch(`http://127.0.0.1:${promPort}/api/v1/query?query=${encodeURIComponent(query)}`)
    return (await res.json()) as { status: string; error?: string; data?: { result?: unknown[] } }
  }

  it('loads the alert rules, and promtool accepts them and a real /metrics body', async () => {
    const res = await fetch(`http://127.0.0.1:${promPort}/api/v1/rules`)
    const names = [...(await res.text()).matchAll(/"name":"(Shm\w+)"/g)].map((m) => m[1])
    expect(names).toEqual(expect.arrayContaining(['ShmSegmentsNearLimit', 'ShmOrphanedSegments', 'ShmWatchedSegmentDeserted', 'ShmMonitorSkippingTicks']))
    await run(PROMTOOL, ['check', 'rules', rules])
    const body = await (await fetch(new URL('/metrics', serve.url))).text()
    expect(body).toMatch(new RegExp(`shmscope_sysv_nattch\\{shmid="${shmid}"`))
    const checked = spawn(PROMTOOL, ['check', 'metrics'])
    const out: string[] = []
    checked.stdout.on('data', (b: Buffer) => out.push(b.toString()))
    checked.stderr.on('data', (b: Buffer) => out.push(b.toString()))
    checked.stdin.end(body)
    const code = await new Promise<number | null>((resolve) => checked.on('exit', resolve))
    expect(out.join(''), 'promtool check metrics').toBe('')
    expect(code).toBe(0)
  }, 30_000)
})
