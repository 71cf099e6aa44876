// The Event log: lifecycle events newest first, filtered by type, object and pid; exported as CSV or JSON.
import { useEffect, useMemo, useState } from 'react'
import type { ShmEvent, ShmEventType } from '../../../../shared'
import { useApi } from '../../state/ApiContext'
import { EVENT_TYPES, describeEvent, eventObjectId, matchesEvent, mergeEvents, type EventFilter } from '../../model/events'
import { eventsToCsv } from '../../model/csv'
import { formatClock } from '../../model/format'
import { downloadText } from '../Common/download'
import { EmptyState } from '../Common/EmptyState'

const SHOWN = 1000

export function EventsPanel(props: { live: ShmEvent[]; onOpen: (objectId: string) => void }): React.JSX.Element {
  const api = useApi()
  const [types, setTypes] = useState<Set<ShmEventType>>(new Set(EVENT_TYPES))
  const [objectId, setObjectId] = useState('')
  const [pidText, setPidText] = useState('')
  const [stored, setStored] = useState<ShmEvent[]>([])
  const pid = /^\d+$/.test(pidText.trim()) ? Number(pidText.trim()) : undefined
  const filter: EventFilter = useMemo(() => ({ types, objectId, pid }), [types, objectId, pid])

  useEffect(() => {
    let alive = true
    api
      .listEvents({ types: [...types], ...(objectId ? { objectId } : {}), ...(pid !== undefined ? { pid } : {}), limit: 5000 })
      .then((e) => alive && setStored(e), () => undefined)
    return () => {
      alive = false
    }
  }, [api, types, objectId, pid])

  const all = useMemo(() => mergeEvents(stored, props.live), [stored, props.live])
  const shown = useMemo(() => all.filter((e) => matchesEvent(e, filter)).reverse().slice(0, SHOWN), [all, filter])
  const objects = useMemo(() => [...new Set(all.map(eventObjectId))].sort(), [all])

  const toggle = (t: ShmEventType): void =>
    setTypes((s) => {
      const n = new Set(s)
      if (n.has(t)) n.delete(t)
      else n.add(t)
      return n
    })

  return (
    <section className="panel events-panel" aria-label="Event log">
      <div className="chart-bar wrap">
        <div className="segmented" role="group" aria-label="Event types">
          {EVENT_TYPES.map((t) => (
            <button key={t} type="button" aria-pressed={types.has(t)} className={`ev-${t}`} onClick={() => toggle(t)}>
              {t}
            </button>
          ))}
        </div>
        <label className="field">
          Object
          <select value={objectId} onChange={(e) => setObjectId(e.target.value)} aria-label="Filter by object">
            <option value="">all</option>
            {objects.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          pid
          <input type="text" inputMode="numeric" size={8} value={pidText} onChange={(e) => setPidText(e.target.value)} aria-label="Filter by pid" placeholder="any" />
        </label>
        <span className="spacer" />
        <span className="muted">{shown.length} shown</span>
        <button type="button" onClick={() => downloadText(eventsToCsv(shown), 'shmscope-events.csv', 'text/csv')}>
          CSV
        </button>
        <button type="button" onClick={() => downloadText(JSON.stringify(shown, null, 1), 'shmscope-events.json', 'application/json')}>
          JSON
        </button>
      </div>
      {shown.length === 0 ? (
        <EmptyState title={all.length === 0 ? 'No events yet' : 'No event matches the filter'}>
          <p>
            {all.length === 0
              ? 'Events appear when a segment is created, attached, detached, marked for destruction or removed.'
              : 'Select more event types, or clear the object and pid filters.'}
          </p>
        </EmptyState>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="events" data-testid="events-table">
            <thead>
              <tr>
                <th>time</th>
                <th>type</th>
                <th>object</th>
                <th>what</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((e, i) => (
                <tr key={`${e.tMs}-${i}`} onDoubleClick={() => props.onOpen(eventObjectId(e))}>
                  <td className="mono">{formatClock(e.tMs, true)}</td>
                  <td>
                    <span className={`badge ev-${e.type}`}>{e.type}</span>
                  </td>
                  <td className="mono">{e.kind === 'sysv' ? `${e.shmid}${e.key ? ` (0x${e.key.toString(16).padStart(8, '0')})` : ''}` : e.name}</td>
                  <td>{describeEvent(e)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
