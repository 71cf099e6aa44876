// The segments table: sortable columns, arrow-key selection, rows keyed by object so live updates keep scroll and selection.
import { useEffect, useRef } from 'react'
import type { SegmentRow, SortKey, SortState } from '../../model/segments'
import { formatBytes, formatClock } from '../../model/format'
import { Badges } from './Badges'

const COLUMNS: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: 'key', label: 'key' },
  { key: 'idText', label: 'id / name' },
  { key: 'owner', label: 'owner' },
  { key: 'perms', label: 'perms' },
  { key: 'sizeBytes', label: 'size', numeric: true },
  { key: 'nattch', label: 'nattch', numeric: true },
  { key: 'status', label: 'status' },
  { key: 'cpid', label: 'creator' },
  { key: 'lpid', label: 'last pid' },
  { key: 'lastAttachMs', label: 'last attach' },
  { key: 'lastDetachMs', label: 'last detach' }
]

const pidText = (pid: number | undefined, name: string | undefined): string => (pid === undefined || pid === 0 ? '—' : name ? `${pid} ${name}` : String(pid))

export interface SegmentsTableProps {
  rows: SegmentRow[]
  sort: SortState
  onSort: (key: SortKey) => void
  selectedId: string | undefined
  onSelect: (id: string) => void
  onOpen: (id: string) => void
}

export function SegmentsTable(p: SegmentsTableProps): React.JSX.Element {
  const selectedRef = useRef<HTMLTableRowElement | null>(null)
  useEffect(() => {
    selectedRef.current?.scrollIntoView({ block: 'nearest' })
  }, [p.selectedId])

  const onKeyDown = (e: React.KeyboardEvent): void => {
    if (p.rows.length === 0) return
    const at = p.rows.findIndex((r) => r.id === p.selectedId)
    const move = (i: number): void => {
      const r = p.rows[Math.max(0, Math.min(p.rows.length - 1, i))]
      if (r) p.onSelect(r.id)
      e.preventDefault()
    }
    if (e.key === 'ArrowDown') move(at + 1)
    else if (e.key === 'ArrowUp') move(at < 0 ? 0 : at - 1)
    else if (e.key === 'Home') move(0)
    else if (e.key === 'End') move(p.rows.length - 1)
    else if (e.key === 'PageDown') move(at + 10)
    else if (e.key === 'PageUp') move(at - 10)
    else if (e.key === 'Enter' && p.selectedId) {
      p.onOpen(p.selectedId)
      e.preventDefault()
    }
  }

  return (
    <div className="table-wrap" tabIndex={0} onKeyDown={onKeyDown} aria-label="Segments: arrow keys select, Enter opens" data-testid="segments-table">
      <table className="segments" aria-rowcount={p.rows.length}>
        <thead>
          <tr>
            {COLUMNS.map((c) => {
              const active = p.sort.key === c.key
              return (
                <th key={c.key} aria-sort={active ? (p.sort.descending ? 'descending' : 'ascending') : 'none'} className={c.numeric ? 'num' : undefined}>
                  <button type="button" className="th-button" onClick={() => p.onSort(c.key)} tabIndex={-1}>
                    {c.label}
                    <span className="sort-mark" aria-hidden="true">
                      {active ? (p.sort.descending ? ' ▼' : ' ▲') : ''}
                    </span>
                  </button>
                </th>
              )
            })}
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r) => {
            const selected = r.id === p.selectedId
            return (
              <tr
                key={r.id}
                ref={selected ? selectedRef : undefined}
                className={`${selected ? 'selected' : ''} ${r.badges.includes('dest') ? 'row-dest' : ''}`}
                aria-selected={selected}
                data-object-id={r.id}
                onClick={() => p.onSelect(r.id)}
                onDoubleClick={() => p.onOpen(r.id)}
              >
                <td className="mono">{r.keyText || <span className="muted">POSIX</span>}</td>
                <td className="mono">{r.idText}</td>
                <td>{r.owner}</td>
                <td className="mono">{r.perms}</td>
                <td className="num" title={`${r.sizeBytes} bytes`}>
                  {formatBytes(r.sizeBytes)}
                </td>
                <td className="num">{r.nattch}</td>
                <td className="status">
                  <Badges badges={r.badges} />
                </td>
                <td>{pidText(r.cpid, r.creatorName)}</td>
                <td>{pidText(r.lpid, r.lastName)}</td>
                <td className="mono">{formatClock(r.lastAttachMs)}</td>
                <td className="mono">{formatClock(r.lastDetachMs)}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
