// Saved layouts: save the current header bound to the object's key or name, load one back, delete one.
import type { SavedLayout } from '../../../../shared'
import { formatDateTime } from '../../model/format'

export interface SavedLayoutsProps {
  layouts: SavedLayout[]
  bindTo: string | undefined
  canSave: boolean
  onSave: () => void
  onLoad: (l: SavedLayout) => void
  onDelete: (l: SavedLayout) => void
}

export function SavedLayouts(p: SavedLayoutsProps): React.JSX.Element {
  return (
    <div className="saved-layouts">
      <div className="chart-bar">
        <strong>Saved layouts</strong>
        <span className="spacer" />
        <button type="button" onClick={p.onSave} disabled={!p.canSave} title={p.bindTo ? `Re-bound automatically whenever ${p.bindTo} appears` : 'IPC_PRIVATE segments have no key to bind to'}>
          Save{p.bindTo ? ` for ${p.bindTo}` : ''}
        </button>
      </div>
      {p.layouts.length === 0 ? (
        <p className="muted">None yet. A saved layout re-attaches by itself when its key or POSIX name appears again.</p>
      ) : (
        <ul className="layout-list">
          {p.layouts.map((l) => (
            <li key={l.id} className={l.bindTo && l.bindTo === p.bindTo ? 'bound' : undefined}>
              <button type="button" className="link" onClick={() => p.onLoad(l)}>
                {l.name}
              </button>
              <span className="muted">
                {l.typeName} · {l.abi}
                {l.bindTo ? ` · ${l.bindTo}` : ''} · {formatDateTime(l.updatedAtMs)}
              </span>
              <button type="button" className="small" onClick={() => p.onDelete(l)} aria-label={`Delete layout ${l.name}`}>
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
