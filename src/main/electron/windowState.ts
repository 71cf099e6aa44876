// Owns the remembered window bounds: window-state.json in the app's userData folder (no 'electron' import; main passes the paths and screens).
import { readFileSync, writeFileSync, renameSync } from 'node:fs'
import { join } from 'node:path'

export interface WindowBounds {
  x?: number
  y?: number
  width: number
  height: number
  maximized?: boolean
}

export interface Area {
  x: number
  y: number
  width: number
  height: number
}

export const DEFAULT_BOUNDS: WindowBounds = { width: 1280, height: 820 }
const FILE = 'window-state.json'

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v)

/**
 * The saved bounds when they still fit on one of today's screens (a monitor may have gone
 * away since), else the defaults.
 */
export function loadBounds(userDataDir: string, screens: Area[]): WindowBounds {
  let saved: unknown
  try {
    saved = JSON.parse(readFileSync(join(userDataDir, FILE), 'utf8'))
  } catch {
    return { ...DEFAULT_BOUNDS }
  }
  const s = saved as Record<string, unknown>
  if (!isInt(s['width']) || !isInt(s['height']) || s['width'] < 400 || s['height'] < 300 || s['width'] > 20_000 || s['height'] > 20_000) return { ...DEFAULT_BOUNDS }
  const bounds: WindowBounds = { width: s['width'], height: s['height'], maximized: s['maximized'] === true }
  if (isInt(s['x']) && isInt(s['y'])) {
    const x = s['x']
    const y = s['y']
    const visible = screens.some((a) => x + 100 > a.x && y >= a.y - 10 && x < a.x + a.width - 100 && y < a.y + a.height - 50)
    if (visible) Object.assign(bounds, { x, y })
  }
  return bounds
}

/** Write the bounds atomically (a crash mid-write leaves the previous file). */
export function saveBounds(userDataDir: string, bounds: WindowBounds): void {
  const path = join(userDataDir, FILE)
  try {
    writeFileSync(`${path}.tmp`, JSON.stringify(bounds))
    renameSync(`${path}.tmp`, path)
  } catch {
    // Remembering the window is a nicety: a read-only profile must not stop the app.
  }
}
