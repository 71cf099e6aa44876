// The Segment detail view: metadata, attached processes, history charts with markers, and the payload in hex.
import type { Snapshot } from '../../../../shared'
import { findObject, labelOf, objectIdOf, sizeOf, targetOf } from '../../model/objects'
import { EmptyState } from '../Common/EmptyState'
import { MetaGrid } from './MetaGrid'
import { AttachedTable } from './AttachedTable'
import { HistoryCharts } from './HistoryChart'
import { HexView } from './HexView'

export interface DetailPanelProps {
  snapshot: Snapshot
  selectedId: string | undefined
  tickSeq: number | undefined
  nowMs: number
  onDecode: () => void
}

export function DetailPanel(p: DetailPanelProps): React.JSX.Element {
  const object = findObject(p.snapshot, p.selectedId)
  if (!p.selectedId)
    return (
      <EmptyState title="No segment selected">
        <p>Pick one in the Segments view (arrow keys, then Enter, or double-click a row).</p>
      </EmptyState>
    )
  if (!object)
    return (
      <EmptyState title="This object is gone">
        <p>{p.selectedId.replace(':', ' ')} was removed. Its history stays in the Events view.</p>
      </EmptyState>
    )
  const id = objectIdOf(object)
  const attachments = object.kind === 'sysv' ? object.seg.attachments : object.obj.attachments
  return (
    <section className="panel detail-panel" aria-label="Segment detail">
      <div className="detail-head">
        <h2>{labelOf(object)}</h2>
        <button type="button" className="primary" onClick={p.onDecode}>
          Decode with a C header…
        </button>
      </div>
      <div className="detail-grid">
        <div className="card">
          <h3>Metadata</h3>
          <MetaGrid object={object} />
        </div>
        <div className="card">
          <h3>Attached processes</h3>
          <AttachedTable attachments={attachments} hidden={object.kind === 'sysv' ? object.seg.attachmentsHidden : 0} />
        </div>
      </div>
      <div className="card">
        <h3>History</h3>
        <HistoryCharts objectId={id} tickSeq={p.tickSeq} nowMs={p.nowMs} kind={object.kind} />
      </div>
      <div className="card">
        <HexView key={id} target={targetOf(object)} sizeBytes={sizeOf(object)} objectKey={id} />
      </div>
    </section>
  )
}
