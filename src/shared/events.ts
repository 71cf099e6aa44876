// Lifecycle events produced by diffing one snapshot against the previous one.

export type ShmEventType =
  | 'created'
  | 'removed'
  | 'attached'
  | 'detached'
  | 'marked-dest'
  | 'perms-changed'
  | 'resized'

/** One line of `watch --json` without a target (CONTRACT.md "Watch events"). */
export interface ShmEvent {
  tMs: number
  type: ShmEventType
  kind: 'sysv' | 'posix'
  shmid?: number
  name?: string
  key?: number
  /** attached/detached: the process, when /proc/<pid>/maps showed who. */
  pid?: number
  comm?: string
  /** attached/detached: attach count after the change (monitor excluded). */
  nattch?: number
  /** True when inferred from atime/dtime/lpid changes rather than seen in two snapshots. */
  inferred?: boolean
  /** perms-changed / resized: the old and new values. */
  from?: number
  to?: number
}
