// Owns the decisions the app makes before any window exists (pure, no 'electron' import): is this
// a CLI invocation, and can Chromium's sandbox start here at all.
import { readFileSync } from 'node:fs'

/** First arguments that make the executable a command-line tool instead of a window. */
const CLI_WORDS = new Set(['list', 'show', 'read', 'layout', 'decode', 'watch', 'serve', 'demo', 'help', '--help', '-h', '--version', '-V'])

/**
 * The user's arguments: after the app path under `electron .` (defaultApp), after the
 * executable when packaged. Chromium's own switches (`--no-sandbox`, `--enable-…`) are not ours.
 */
export function userArgs(argv: readonly string[], defaultApp: boolean): string[] {
  return argv.slice(defaultApp ? 2 : 1)
}

/** The CLI arguments when the first user argument is a shmscope command, else undefined. */
export function cliInvocation(args: readonly string[]): string[] | undefined {
  const first = args[0]
  return first !== undefined && CLI_WORDS.has(first) ? [...args] : undefined
}

export interface SandboxFacts {
  /** $APPIMAGE: set by the AppImage runtime (its mount is nosuid: no SUID sandbox helper). */
  appImage: boolean
  /** /proc/sys/kernel/apparmor_restrict_unprivileged_userns (Ubuntu 23.10+). */
  apparmorRestrictsUserns?: string
  /** /proc/sys/kernel/unprivileged_userns_clone (Debian's older switch). */
  usernsClone?: string
  /** /proc/sys/user/max_user_namespaces. */
  maxUserNamespaces?: string
  /** The user already passed --no-sandbox. */
  noSandbox: boolean
}

/**
 * Why Chromium's sandbox cannot start here, with the fix; undefined when it can. Inside an
 * AppImage the SUID helper cannot work, so the sandbox needs unprivileged user namespaces.
 */
export function sandboxProblem(f: SandboxFacts): string | undefined {
  if (!f.appImage || f.noSandbox) return undefined
  const restricted = f.apparmorRestrictsUserns?.trim() === '1' ? 'apparmor' : f.usernsClone?.trim() === '0' ? 'clone' : f.maxUserNamespaces?.trim() === '0' ? 'max' : undefined
  if (!restricted) return undefined
  const fix =
    restricted === 'apparmor'
      ? 'sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 (until reboot; put it in /etc/sysctl.d/60-shmscope.conf to keep it), or install an AppArmor profile that allows userns for this AppImage'
      : restricted === 'clone'
        ? 'sudo sysctl -w kernel.unprivileged_userns_clone=1'
        : 'sudo sysctl -w user.max_user_namespaces=10000'
  return [
    'shmscope cannot open its window: this system does not allow unprivileged user namespaces,',
    "which Chromium's sandbox needs when it runs from an AppImage.",
    `Fix: ${fix}.`,
    'Or, without a window: run this AppImage with "serve" and open the printed URL in a browser.',
    'Last resort: start it with --no-sandbox (turns off the renderer sandbox; not recommended).'
  ].join('\n')
}

const readProc = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}

/** The facts of this machine and process. */
export function sandboxFacts(argv: readonly string[], env: NodeJS.ProcessEnv): SandboxFacts {
  return {
    appImage: typeof env['APPIMAGE'] === 'string' && env['APPIMAGE'] !== '',
    apparmorRestrictsUserns: readProc('/proc/sys/kernel/apparmor_restrict_unprivileged_userns'),
    usernsClone: readProc('/proc/sys/kernel/unprivileged_userns_clone'),
    maxUserNamespaces: readProc('/proc/sys/user/max_user_namespaces'),
    noSandbox: argv.includes('--no-sandbox')
  }
}
