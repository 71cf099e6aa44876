// The desktop app itself, launched by Playwright's Electron driver: runs only where an Electron binary and a display exist, and says so when skipped.
import { describe, expect, it } from 'vitest'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron as electron } from 'playwright-core'
import { REPO } from './harness'

function electronBinary(): string | undefined {
  const pkg = join(REPO, 'node_modules', 'electron')
  const pathFile = join(pkg, 'path.txt')
  if (!existsSync(pathFile)) return undefined
  const bin = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(bin) ? bin : undefined
}

/** The page-side globals the evaluate callbacks touch (tests compile without DOM types). */
declare const window: { shmscope?: Record<string, (...a: unknown[]) => Promise<unknown>>; location: { href: string } }

const binary = electronBinary()
const display = Boolean(process.env['DISPLAY'] || process.env['WAYLAND_DISPLAY'])
const built = existsSync(join(REPO, 'out', 'main', 'index.js'))
const reason = !binary ? 'no Electron binary in node_modules/electron/dist (it cannot be downloaded here)' : !display ? 'no DISPLAY or WAYLAND_DISPLAY' : 'out/ is not built'

describe('Electron app', () => {
  it.skipIf(!binary || !display || !built)(`opens a sandboxed window whose page sees only window.shmscope${binary && display && built ? '' : ` — SKIPPED: ${reason}`}`, async () => {
    const app = await electron.launch({
      executablePath: binary as string,
      args: [REPO, `--user-data-dir=${mkdtempSync(join(tmpdir(), 'shmscope-electron-'))}`],
      timeout: 60_000
    })
    try {
      const page = await app.firstWindow()
      await page.waitForSelector('.toolbar', { timeout: 30_000 })
      expect(await page.title()).toBe('shmscope')
      const bridge = await page.evaluate(() => ({
        keys: Object.keys(window.shmscope ?? {}).sort(),
        hasProcess: typeof (globalThis as { process?: unknown }).process !== 'undefined',
        hasRequire: typeof (globalThis as { require?: unknown }).require !== 'undefined'
      }))
      expect(bridge.keys).toContain('getSnapshot')
      expect(bridge.keys).toContain('subscribe')
      expect(bridge.hasProcess).toBe(false)
      expect(bridge.hasRequire).toBe(false)
      const snapshot = (await page.evaluate(() => window.shmscope?.['getSnapshot']?.())) as { sysv: unknown[] }
      expect(Array.isArray(snapshot.sysv)).toBe(true)
      // Bad arguments are refused by the bridge before and after IPC.
      const refused = await page.evaluate(() =>
        (window.shmscope?.['readPayload']?.({ kind: 'sysv', shmid: 1.5 }, -1, 1e12) ?? Promise.resolve()).then(
          () => 'accepted',
          (e: Error) => e.message
        )
      )
      expect(refused).not.toBe('accepted')
      // Navigation away is denied.
      await page.evaluate(() => {
        window.location.href = 'https://example.invalid/'
      })
      await page.waitForTimeout(500)
      expect(page.url()).toMatch(/^file:/)
      // One window only: window.open is denied.
      await page.evaluate(() => void (globalThis as { open?: (u: string) => unknown }).open?.('https://example.invalid/'))
      await page.waitForTimeout(300)
      expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1)
    } finally {
      await app.close()
    }
  })
})
