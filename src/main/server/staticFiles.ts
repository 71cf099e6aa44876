// Owns serving the built renderer (out/renderer): finding it, mapping URL paths to files inside it (never outside), content types.
import { existsSync, realpathSync } from 'node:fs'
import { basename, dirname, extname, join, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8'
}

export const contentTypeOf = (file: string): string => TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'

/**
 * The built renderer: next to the running bundle (out/main -> out/renderer) when built,
 * or under the repository root when running from source (src/main/server -> out/renderer).
 */
export function findRendererDir(fromUrl: string = import.meta.url): string | undefined {
  let dir = dirname(fileURLToPath(fromUrl))
  for (let i = 0; i < 6; i++) {
    // Only a built copy counts (out/renderer), never the source folder src/renderer.
    const candidate = basename(dir) === 'out' ? join(dir, 'renderer') : join(dir, 'out', 'renderer')
    if (existsSync(join(candidate, 'index.html'))) return candidate
    dir = dirname(dir)
  }
  const cwd = join(process.cwd(), 'out', 'renderer')
  return existsSync(join(cwd, 'index.html')) ? cwd : undefined
}

/**
 * The file a URL path names inside `root`, or undefined. Percent-decoding happens once;
 * NUL, backslashes and any `..` segment are refused before joining; the result (symlinks
 * resolved) must still lie inside the root.
 */
export function resolveStaticPath(root: string, urlPath: string): string | undefined {
  let path: string
  try {
    path = decodeURIComponent(urlPath)
  } catch {
    return undefined
  }
  if (!path.startsWith('/') || path.includes('\0') || path.includes('\\')) return undefined
  const segments = path.split('/').filter((s) => s !== '')
  if (segments.some((s) => s === '..' || s === '.')) return undefined
  if (segments.some((s) => s.startsWith('.'))) return undefined
  const rel = segments.length === 0 ? 'index.html' : segments.join(sep)
  const rootReal = realpathSync(root)
  const candidate = resolve(rootReal, rel)
  if (!candidate.startsWith(rootReal + sep)) return undefined
  if (!existsSync(candidate)) return undefined
  const real = realpathSync(candidate)
  return real.startsWith(rootReal + sep) ? real : undefined
}
