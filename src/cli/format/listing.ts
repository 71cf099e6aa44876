// Owns the human renderings of a snapshot: the `list` tables and the `show` description.
import type { Attachment, PosixObject, Snapshot, SysvSegment } from '../../shared/snapshot'
import { formatTable, formatTime, humanBytes, modeString, printable } from './table'

/** `12200,12201 (+1 hidden)`: who is attached, shortened past a few pids. */
function attachedCell(attachments: Attachment[], hidden = 0): string {
  const pids = attachments.map((a) => String(a.pid) + (a.readOnly ? '(ro)' : ''))
  let text = pids.length > 4 ? `${pids.slice(0, 4).join(',')},…+${pids.length - 4}` : pids.join(',')
  if (hidden > 0) text += `${text ? ' ' : ''}+${hidden} hidden`
  return text || '-'
}

function statusCell(s: SysvSegment): string {
  const flags = [s.dest ? 'dest' : '', s.locked ? 'locked' : ''].filter(Boolean)
  return flags.length ? flags.join(',') : '-'
}

/** The System V table, `ipcs -m` columns first. */
export function sysvTable(segments: SysvSegment[]): string {
  return formatTable(
    [
      { header: 'key' },
      { header: 'shmid', right: true },
      { header: 'owner' },
      { header: 'perms' },
      { header: 'bytes', right: true },
      { header: 'nattch', right: true },
      { header: 'status' },
      { header: 'cpid', right: true },
      { header: 'attached pids' },
      { header: 'creator' }
    ],
    segments.map((s) => [
      s.keyHex,
      String(s.shmid),
      s.owner,
      s.permsOctal,
      String(s.sizeBytes),
      String(s.nattch),
      statusCell(s),
      String(s.cpid),
      attachedCell(s.attachments, s.attachmentsHidden),
      s.creatorCommand === null ? '-' : truncate(s.creatorCommand, 40)
    ])
  )
}

/** The POSIX table. */
export function posixTable(objects: PosixObject[]): string {
  return formatTable(
    [{ header: 'name' }, { header: 'kind' }, { header: 'owner' }, { header: 'perms' }, { header: 'bytes', right: true }, { header: 'modified' }, { header: 'attached pids' }],
    objects.map((o) => [o.name, o.kind, o.owner, o.permsOctal, String(o.sizeBytes), formatTime(o.mtimeMs), attachedCell(o.attachments)])
  )
}

function truncate(text: string, max: number): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text
}

/** The whole `list` output. */
export function listText(snapshot: Snapshot, show: { sysv: boolean; posix: boolean }): string {
  const parts: string[] = []
  if (show.sysv) {
    const { usage, limits } = snapshot
    parts.push(
      `System V shared memory: ${usage.segments} segment${usage.segments === 1 ? '' : 's'}, ${humanBytes(usage.sizeBytes)} (${humanBytes(usage.rssBytes)} resident); max ${limits.shmmni} segments`
    )
    parts.push(snapshot.sysv.length ? sysvTable(snapshot.sysv) : '(none)')
  }
  if (show.posix) {
    if (parts.length) parts.push('')
    parts.push(`POSIX shared memory (/dev/shm): ${snapshot.posix.length} object${snapshot.posix.length === 1 ? '' : 's'}`)
    parts.push(snapshot.posix.length ? posixTable(snapshot.posix) : '(none)')
  }
  if (snapshot.unreadableProcesses) {
    const n = snapshot.unreadableProcesses
    parts.push('', `(${n} process${n === 1 ? '' : 'es'} could not be inspected; attachments there are counted as hidden)`)
  }
  return parts.join('\n')
}

function attachmentsTable(attachments: Attachment[]): string {
  if (attachments.length === 0) return '  (none found)'
  const table = formatTable(
    [{ header: 'pid', right: true }, { header: 'comm' }, { header: 'mode' }, { header: 'command line' }],
    attachments.map((a) => [String(a.pid), a.comm, a.readOnly ? 'read-only' : 'read-write', a.cmdline ?? ''])
  )
  return table
    .split('\n')
    .map((l) => '  ' + l)
    .join('\n')
}

const field = (name: string, value: string): string => `  ${(name + ':').padEnd(15)}${printable(value)}`

/** `show` for a System V segment. */
export function showSysvText(s: SysvSegment): string {
  const status = [s.dest ? 'marked for destruction (IPC_RMID): goes away at the last detach' : '', s.locked ? 'locked in memory (SHM_LOCK)' : ''].filter(Boolean)
  return [
    `System V segment ${s.shmid}`,
    field('key', `${s.keyHex} (${s.key})${s.key === 0 ? (s.dest ? ' removed' : ' IPC_PRIVATE') : ''}`),
    field('size', `${s.sizeBytes} bytes (${humanBytes(s.sizeBytes)})`),
    field('perms', `${s.permsOctal} (${modeString(s.mode)})`),
    field('status', status.length ? status.join('; ') : 'normal'),
    field('owner', `${s.owner} (uid ${s.uid}, gid ${s.gid})`),
    field('creator', `uid ${s.cuid}, gid ${s.cgid}, pid ${s.cpid}${s.creatorCommand !== null ? ` (${s.creatorCommand})` : ' (no longer running)'}`),
    field('last pid', `${s.lpid} (last shmat/shmdt)`),
    field('nattch', `${s.nattch}${s.attachmentsHidden ? ` (${s.attachmentsHidden} in processes that could not be inspected)` : ''}`),
    field('attached', formatTime(s.atimeMs)),
    field('detached', formatTime(s.dtimeMs)),
    field('changed', formatTime(s.ctimeMs)),
    field('resident', s.rssBytes === null ? 'unknown (kernel does not say)' : `${s.rssBytes} bytes`),
    field('swapped', s.swapBytes === null ? 'unknown (kernel does not say)' : `${s.swapBytes} bytes`),
    'Attached processes:',
    attachmentsTable(s.attachments)
  ].join('\n')
}

/** `show` for a POSIX object. */
export function showPosixText(o: PosixObject): string {
  return [
    `POSIX ${o.kind === 'semaphore' ? 'named semaphore' : 'shared-memory object'} ${o.name}`,
    field('file', `/dev/shm/${o.name.slice(1)}`),
    field('size', `${o.sizeBytes} bytes (${humanBytes(o.sizeBytes)})`),
    field('perms', `${o.permsOctal} (${modeString(o.mode)})`),
    field('owner', `${o.owner} (uid ${o.uid}, gid ${o.gid})`),
    field('modified', formatTime(o.mtimeMs)),
    field('inode', String(o.inode)),
    'Attached processes:',
    attachmentsTable(o.attachments)
  ].join('\n')
}
