// Every metadata field of one object, as a definition list.
import type { ShmObject } from '../../model/objects'
import { formatBytes, formatDateTime } from '../../model/format'
import { buildRows } from '../../model/segments'
import { Badges } from '../Segments/Badges'

function Item(props: { label: string; children: React.ReactNode }): React.JSX.Element {
  return (
    <div className="meta-item">
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </div>
  )
}

export function MetaGrid(props: { object: ShmObject }): React.JSX.Element {
  const o = props.object
  if (o.kind === 'posix') {
    const p = o.obj
    return (
      <dl className="meta">
        <Item label="name">{p.name}</Item>
        <Item label="kind">{p.kind === 'shm' ? 'shared memory (shm_open)' : 'named semaphore'}</Item>
        <Item label="size">{formatBytes(p.sizeBytes)} ({p.sizeBytes} bytes)</Item>
        <Item label="perms">{p.permsOctal}</Item>
        <Item label="owner">{`${p.owner} (uid ${p.uid}, gid ${p.gid})`}</Item>
        <Item label="modified">{formatDateTime(p.mtimeMs)}</Item>
        <Item label="inode">{p.inode}</Item>
        <Item label="processes">{p.attachments.length}</Item>
      </dl>
    )
  }
  const s = o.seg
  const row = buildRows({ takenAtMs: 0, sysv: [s], posix: [], limits: { shmmaxBytes: 0, shmallPages: 0, shmmni: 0, pageSizeBytes: 4096 }, usage: { segments: 1, sizeBytes: 0, rssBytes: 0 } })[0]
  return (
    <dl className="meta">
      <Item label="shmid">{s.shmid}</Item>
      <Item label="key">{s.key === 0 ? `IPC_PRIVATE (${s.keyHex})` : `${s.keyHex} (${s.key})`}</Item>
      <Item label="size">{formatBytes(s.sizeBytes)} ({s.sizeBytes} bytes)</Item>
      <Item label="nattch">
        <span data-testid="detail-nattch">{s.nattch - (s.monitorAttaches ?? 0)}</span>
        {(s.monitorAttaches ?? 0) > 0 && <span className="muted">{` (kernel: ${s.nattch}, with shmscope's read-only attach)`}</span>}
        {s.attachmentsHidden > 0 && ` (${s.attachmentsHidden} hidden)`}
      </Item>
      <Item label="status">{row && <Badges badges={row.badges} />}</Item>
      <Item label="perms">{s.permsOctal}</Item>
      <Item label="owner">{`${s.owner} (uid ${s.uid}, gid ${s.gid})`}</Item>
      <Item label="creator uid/gid">{`${s.cuid} / ${s.cgid}`}</Item>
      <Item label="creator pid">{s.cpid}</Item>
      <Item label="creator command">{s.creatorCommand ?? <span className="muted">not running</span>}</Item>
      <Item label="last pid">{s.lpid}</Item>
      <Item label="last attach">{formatDateTime(s.atimeMs)}</Item>
      <Item label="last detach">{formatDateTime(s.dtimeMs)}</Item>
      <Item label="last change">{formatDateTime(s.ctimeMs)}</Item>
      <Item label="rss / swap">{`${formatBytes(s.rssBytes)} / ${formatBytes(s.swapBytes)}`}</Item>
    </dl>
  )
}
