// The decoded value as a live tree: changed fields flash, numeric fields can be picked for the chart, each with its update rate.
import type { DecodedValue } from '../../../../shared'
import { formatNumber } from '../../model/format'

export interface ValueTreeProps {
  value: DecodedValue
  /** Paths whose value changed in the latest sample. */
  changed: ReadonlySet<string>
  ratesHz: Record<string, number>
  charted: ReadonlySet<string>
  onToggleChart: (path: string) => void
}

const ARRAY_SHOWN = 64

function Leaf(props: { path: string; name: string; value: DecodedValue; tree: ValueTreeProps }): React.JSX.Element {
  const { path, value, tree } = props
  const numeric = typeof value === 'number'
  const rate = tree.ratesHz[path]
  return (
    <li className={`leaf ${tree.changed.has(path) ? 'changed' : ''}`} data-path={path}>
      {numeric ? (
        <input type="checkbox" checked={tree.charted.has(path)} onChange={() => tree.onToggleChart(path)} aria-label={`Chart ${path}`} />
      ) : (
        <span className="no-check" />
      )}
      <span className="leaf-name">{props.name}</span>
      <span className={`leaf-value ${typeof value}`} data-testid={`value-${path}`}>
        {typeof value === 'number' ? formatNumber(value) : typeof value === 'string' ? JSON.stringify(value) : String(value)}
      </span>
      {rate !== undefined && <span className="leaf-rate" title="changes per second over the last 10 s">{rate > 0 ? `${rate.toFixed(1)}/s` : 'static'}</span>}
    </li>
  )
}

function Node(props: { path: string; name: string; value: DecodedValue; tree: ValueTreeProps }): React.JSX.Element {
  const { path, value } = props
  if (value === null || typeof value !== 'object') return <Leaf {...props} />
  const entries: [string, DecodedValue][] = Array.isArray(value) ? value.slice(0, ARRAY_SHOWN).map((v, i) => [`[${i}]`, v]) : Object.entries(value)
  const childPath = (k: string): string => (Array.isArray(value) ? `${path}${k}` : path ? `${path}.${k}` : k)
  return (
    <li className="node">
      <details open={entries.length <= 32}>
        <summary>
          <span className="leaf-name">{props.name}</span> <span className="muted">{Array.isArray(value) ? `[${value.length}]` : '{…}'}</span>
        </summary>
        <ul>
          {entries.map(([k, v]) => (
            <Node key={k} path={childPath(k)} name={k} value={v} tree={props.tree} />
          ))}
          {Array.isArray(value) && value.length > ARRAY_SHOWN && <li className="muted">… {value.length - ARRAY_SHOWN} more</li>}
        </ul>
      </details>
    </li>
  )
}

export function ValueTree(props: ValueTreeProps): React.JSX.Element {
  const v = props.value
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    return (
      <ul className="tree">
        <Node path="" name="value" value={v} tree={props} />
      </ul>
    )
  return (
    <ul className="tree" data-testid="value-tree">
      {Object.entries(v).map(([k, x]) => (
        <Node key={k} path={k} name={k} value={x} tree={props} />
      ))}
    </ul>
  )
}
