// The Segments view: gauges, filter and the table of every System V segment and POSIX object.
import { useMemo, useState } from 'react'
import type { Snapshot } from '../../../../shared'
import { buildRows, filterRows, sortRows, type SortKey, type SortState } from '../../model/segments'
import { EmptyState } from '../Common/EmptyState'
import { DemoButton } from '../Common/DemoButton'
import { Gauges } from './Gauges'
import { SegmentsTable } from './SegmentsTable'

export interface SegmentsPanelProps {
  snapshot: Snapshot
  unreadable: ReadonlySet<string>
  selectedId: string | undefined
  onSelect: (id: string) => void
  onOpen: (id: string) => void
  filterRef: React.RefObject<HTMLInputElement | null>
  onDemoStarted: (highlight: string | undefined) => void
}

export function SegmentsPanel(p: SegmentsPanelProps): React.JSX.Element {
  const [sort, setSort] = useState<SortState>({ key: 'idText', descending: false })
  const [filter, setFilter] = useState('')
  const [kind, setKind] = useState<'all' | 'sysv' | 'posix'>('all')
  const all = useMemo(() => buildRows(p.snapshot, p.unreadable), [p.snapshot, p.unreadable])
  const rows = useMemo(() => sortRows(filterRows(all, filter, kind), sort), [all, filter, kind, sort])
  const onSort = (key: SortKey): void => setSort((s) => ({ key, descending: s.key === key ? !s.descending : false }))

  return (
    <section className="panel segments-panel" aria-label="Segments">
      <Gauges snapshot={p.snapshot} />
      <div className="filter-bar">
        <input
          ref={p.filterRef}
          type="search"
          placeholder="Filter: pid, name, owner, key, status…  (/)"
          aria-label="Filter segments"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <div className="segmented" role="group" aria-label="Kind">
          {(['all', 'sysv', 'posix'] as const).map((k) => (
            <button key={k} type="button" aria-pressed={kind === k} onClick={() => setKind(k)}>
              {k === 'all' ? 'All' : k === 'sysv' ? 'System V' : 'POSIX'}
            </button>
          ))}
        </div>
        <span className="muted">
          {rows.length} of {all.length} shown
        </span>
      </div>
      {all.length === 0 ? (
        <EmptyState title="No shared memory on the monitored machine yet" action={<DemoButton onStarted={(_s, info) => p.onDemoStarted(info.highlight)} />}>
          <p>Segments appear here within one poll interval of being created. Start a program that calls shmget() or shm_open(), or run the built-in demo.</p>
        </EmptyState>
      ) : rows.length === 0 ? (
        <EmptyState title="Nothing matches the filter">
          <p>Clear the filter or choose “All” to see every object.</p>
        </EmptyState>
      ) : (
        <SegmentsTable rows={rows} sort={sort} onSort={onSort} selectedId={p.selectedId} onSelect={p.onSelect} onOpen={p.onOpen} />
      )}
    </section>
  )
}
