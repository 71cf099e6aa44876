// Plain-data shapes of one snapshot of the machine's shared memory: the `list --json`
// document of CONTRACT.md. Fields the contract documents as `null` stay `null` here.

/** A process that has the object mapped, found in /proc/<pid>/maps. */
export interface Attachment {
  pid: number
  /** Short process name from /proc/<pid>/comm. */
  comm: string
  /** True when the mapping is `r--s` (attached with SHM_RDONLY / opened O_RDONLY). */
  readOnly: boolean
  /** Full command line, when readable. */
  cmdline?: string
}

/** One System V shared-memory segment, as /proc/sysvipc/shm describes it. */
export interface SysvSegment {
  shmid: number
  key: number
  /** `0x%08x` of the key, as ipcs prints it. */
  keyHex: string
  sizeBytes: number
  /** Attach count as the kernel reports it (the monitor's own attach included). */
  nattch: number
  /** Permission bits only (`perms & 0o777`). */
  mode: number
  permsOctal: string
  /** SHM_DEST (01000): IPC_RMID was called; the segment dies at its last detach. */
  dest: boolean
  /** SHM_LOCKED (02000): locked in memory with SHM_LOCK. */
  locked: boolean
  uid: number
  gid: number
  cuid: number
  cgid: number
  /** User name of `uid`, or the number as a string when it has none. */
  owner: string
  cpid: number
  lpid: number
  /** The creator's command line while it runs, else null. */
  creatorCommand: string | null
  atimeMs: number | null
  dtimeMs: number | null
  ctimeMs: number | null
  /** Resident bytes; null on kernels whose /proc/sysvipc/shm has no rss column. */
  rssBytes: number | null
  swapBytes: number | null
  attachments: Attachment[]
  /** nattch minus the attachments found in readable /proc/<pid>/maps (never negative). */
  attachmentsHidden: number
  /**
   * Set by the monitor: its own read-only attachments counted in nattch (payload watches);
   * `nattch - monitorAttaches` is the count as the applications see it.
   */
  monitorAttaches?: number
}

/** One object in /dev/shm: a shm_open() object or a named semaphore (`sem.*`). */
export interface PosixObject {
  /** Name with its leading slash, as shm_open() takes it: `/my_shared_memory`. */
  name: string
  kind: 'shm' | 'semaphore'
  sizeBytes: number
  mode: number
  permsOctal: string
  uid: number
  gid: number
  owner: string
  mtimeMs: number
  inode: number
  attachments: Attachment[]
}

/** Kernel limits from /proc/sys/kernel/shm*. Values above 2^53 are decimal strings. */
export interface ShmLimits {
  shmmaxBytes: number | string
  shmallPages: number | string
  shmmni: number
  pageSizeBytes: number
}

/** Totals over all System V segments. */
export interface ShmUsage {
  segments: number
  sizeBytes: number
  rssBytes: number
}

/** Everything one poll sees. */
export interface Snapshot {
  takenAtMs: number
  sysv: SysvSegment[]
  posix: PosixObject[]
  limits: ShmLimits
  usage: ShmUsage
  /** Processes whose /proc/<pid>/maps could not be read during this snapshot. */
  unreadableProcesses?: number
}

/** What a command or the UI points at (CONTRACT.md "Targets"). */
export type Target =
  | { kind: 'sysv'; shmid: number }
  | { kind: 'sysv-key'; key: number }
  | { kind: 'posix'; name: string }
