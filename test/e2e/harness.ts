// End-to-end harness: a real `shmscope serve` from source on a free port, and Debian's Chromium (fresh profile) driven by playwright-core.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ChildProcess } from 'node:child_process'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { spawnTracked, waitForLine } from '../helpers/native'

/** The page-side DOM as the evaluate callbacks use it (tests compile without DOM types). */
interface PageElement {
  textContent: string | null
  getAttribute(name: string): string | null
  querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement>
}
export interface PageDocument {
  querySelector(selector: string): PageElement | null
  querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement>
  documentElement: { dataset: Record<string, string | undefined>; classList: { contains(c: string): boolean } }
}
declare const document: PageDocument

export const REPO = fileURLToPath(new URL('../../', import.meta.url))
export const CHROMIUM = '/usr/bin/chromium'
export const SCREENSHOTS = join(REPO, 'test-artifacts', 'screenshots')
export const haveChromium = existsSync(CHROMIUM)
export const haveRenderer = existsSync(join(REPO, 'out', 'renderer', 'index.html'))

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const a = s.address()
      const port = typeof a === 'object' && a ? a.port : 0
      s.close(() => resolve(port))
    })
  })
}

export interface Serve {
  url: string
  child: ChildProcess
  stop(): Promise<void>
}

/** `shmscope serve` run from source (tsx), as a user would start it; resolves once it prints its URL. */
export async function startServe(extra: string[] = []): Promise<Serve> {
  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), 'shmscope-e2e-data-'))
  const child = spawnTracked(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'serve', '--port', String(port), ...extra], {
    cwd: REPO,
    // Recordings and saved layouts of the run go to a folder of its own.
    env: { ...process.env, SHMSCOPE_DEBUG: '1', SHMSCOPE_DATA_DIR: dataDir }
  })
  const m = await waitForLine(child, /serving on (http:\/\/\S+)/, 60_000)
  return {
    url: m[1] as string,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        const done = (): void => {
          rmSync(dataDir, { recursive: true, force: true })
          resolve()
        }
        if (child.exitCode !== null || child.signalCode !== null) return done()
        const hard = setTimeout(() => child.kill('SIGKILL'), 5000)
        child.once('exit', () => {
          clearTimeout(hard)
          done()
        })
        child.kill('SIGTERM')
      })
  }
}

export interface Browser {
  context: BrowserContext
  page: Page
  /** Console errors and page errors seen so far (CSP violations show up here). */
  problems: string[]
  close(): Promise<void>
}

/** Headless Chromium with the flags of ENVIRONMENT.md and a fresh --user-data-dir. */
export async function openBrowser(width = 1400, height = 900): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'shmscope-e2e-profile-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width, height },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    timeout: 60_000
  })
  const page = context.pages()[0] ?? (await context.newPage())
  const problems: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text())
  })
  page.on('pageerror', (e) => problems.push(e.message))
  return {
    context,
    page,
    problems,
    close: async () => {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    }
  }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  const path = join(SCREENSHOTS, `${name}.png`)
  await page.screenshot({ path })
  return path
}

/** The text of the nattch cell in the row of `objectId`, or null while the row is absent. */
export async function nattchCell(page: Page, objectId: string): Promise<string | null> {
  return page.evaluate((id) => {
    const row = document.querySelector(`tr[data-object-id="${id}"]`)
    const header = [...document.querySelectorAll('thead th')].findIndex((th) => (th.textContent ?? '').trim().startsWith('nattch'))
    if (!row || header < 0) return null
    return (row.querySelectorAll('td')[header]?.textContent ?? '').trim()
  }, objectId)
}
