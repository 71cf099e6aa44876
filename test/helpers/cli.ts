// Test support: run the `shmscope` CLI from source (node --import tsx src/cli/index.ts), or as
// another user from a world-readable bundle (the repository may not be readable to that user).
import { execFile } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync, chmodSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

export interface CliRun {
  /** Exit code (null if killed by a signal). */
  code: number | null
  stdout: string
  stderr: string
  /** stdout as bytes (for `read --format raw`). */
  stdoutBytes: Buffer
}

export interface RunCliOptions {
  /** Run as this uid/gid with no supplementary groups (setpriv); needs root. */
  asUser?: { uid: number; gid: number }
  timeoutMs?: number
  env?: NodeJS.ProcessEnv
}

function run(command: string, args: string[], options: RunCliOptions, cwd: string): Promise<CliRun> {
  return new Promise((resolvePromise) => {
    execFile(
      command,
      args,
      { cwd, encoding: 'buffer', timeout: options.timeoutMs ?? 30_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...options.env } },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : null) : 0
        resolvePromise({ code, stdout: stdout.toString('utf8'), stderr: stderr.toString('utf8'), stdoutBytes: stdout })
      }
    )
  })
}

let bundleDir: string | undefined
let bundling: Promise<string> | undefined

/**
 * Bundle src/cli/index.ts with esbuild into a fresh world-readable temp directory, with
 * koffi (and its prebuilt platform package) copied next to it. Built once per test process.
 */
async function readableBundle(): Promise<string> {
  if (bundleDir) return bundleDir
  bundling ??= (async () => {
    const { build } = await import('esbuild')
    const dir = mkdtempSync(join(tmpdir(), 'shmscope-cli-'))
    chmodSync(dir, 0o755)
    await build({
      entryPoints: [join(REPO_ROOT, 'src/cli/index.ts')],
      outfile: join(dir, 'cli.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: ['koffi', 'electron'],
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      logLevel: 'silent',
      plugins: [
        {
          // Other commands may be half-written while tests run: an import that does not
          // resolve stays external and only fails if that command is run.
          name: 'unresolved-as-external',
          setup(b) {
            b.onResolve({ filter: /^\./ }, async (args) => {
              if (args.pluginData === 'probe') return undefined
              const r = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'probe' })
              return r.errors.length > 0 ? { path: args.path, external: true } : undefined
            })
          }
        }
      ]
    })
    for (const pkg of ['koffi', '@koromix']) {
      const from = join(REPO_ROOT, 'node_modules', pkg)
      if (existsSync(from)) cpSync(from, join(dir, 'node_modules', pkg), { recursive: true, dereference: true })
    }
    // Everything readable (and directories searchable) by everyone.
    await run('chmod', ['-R', 'a+rX', dir], {}, dir)
    bundleDir = dir
    return dir
  })()
  return bundling
}

/** Run `shmscope <args>`; never rejects. */
export async function runCli(args: string[], options: RunCliOptions = {}): Promise<CliRun> {
  if (options.asUser) {
    const dir = await readableBundle()
    const { uid, gid } = options.asUser
    return run('setpriv', [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', process.execPath, join(dir, 'cli.mjs'), ...args], options, dir)
  }
  return run(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/cli/index.ts'), ...args], options, REPO_ROOT)
}

/** Remove the bundle made for other users (call from afterAll). */
export function removeCliBundle(): void {
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true })
  bundleDir = undefined
  bundling = undefined
}
