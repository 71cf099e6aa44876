// Limits and usage as gauges: segments of SHMMNI and pages of SHMALL.
import type { Snapshot } from '../../../../shared'
import { gauges } from '../../model/segments'
import { formatBytes } from '../../model/format'

function Gauge(props: { label: string; used: number; limit: number | null; detail: string }): React.JSX.Element {
  const frac = props.limit ? Math.min(1, props.used / props.limit) : 0
  const level = frac > 0.9 ? 'high' : frac > 0.7 ? 'mid' : 'low'
  return (
    <div className="gauge" title={props.detail}>
      <div className="gauge-label">
        {props.label}: <strong>{props.used.toLocaleString()}</strong> of {props.limit === null ? 'unlimited' : props.limit.toLocaleString()}
      </div>
      <div className="gauge-track" role="meter" aria-label={props.label} aria-valuemin={0} aria-valuemax={props.limit ?? 0} aria-valuenow={props.used}>
        <div className={`gauge-fill ${level}`} style={{ width: `${Math.max(frac * 100, props.used > 0 ? 0.5 : 0)}%` }} />
      </div>
    </div>
  )
}

export function Gauges(props: { snapshot: Snapshot }): React.JSX.Element {
  const g = gauges(props.snapshot)
  const s = props.snapshot
  return (
    <div className="gauges">
      <Gauge label="Segments (SHMMNI)" used={g.segments.used} limit={g.segments.limit} detail="System V segments against kernel.shmmni" />
      <Gauge label="Pages (SHMALL)" used={g.pages.used} limit={g.pages.limit} detail={`System V pages against kernel.shmall (page ${s.limits.pageSizeBytes} B)`} />
      <div className="gauge-text">
        {formatBytes(s.usage.sizeBytes)} allocated · {formatBytes(s.usage.rssBytes)} resident · {s.posix.length} POSIX object{s.posix.length === 1 ? '' : 's'}
      </div>
    </div>
  )
}
