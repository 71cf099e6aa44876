// Charts of one object's history (nattch, size, rss) over a chosen window, with attach/detach markers; export as PNG, CSV, JSON.
import { useEffect, useRef, useState } from 'react'
import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts'
import type { HistoryResult, ObjectId } from '../../../../shared'
import { useApi } from '../../state/ApiContext'
import { useWidth } from '../../state/useMonitor'
import { formatBytes, formatClock } from '../../model/format'
import { historyToCsv, historyToJson } from '../../model/csv'
import { downloadBlob, downloadText, svgToPng } from '../Common/download'

export const WINDOWS: { label: string; ms: number | undefined }[] = [
  { label: '1 min', ms: 60_000 },
  { label: '10 min', ms: 600_000 },
  { label: '1 h', ms: 3_600_000 },
  { label: 'all', ms: undefined }
]

/**
 * One chart per entry. nattch is charted as the applications see it (without shmscope's own
 * attachment while it follows the payload); the kernel's count is the dashed line.
 */
const SERIES: { id: string; name: string; label: string; bytes: boolean; step: boolean; kernel?: string }[] = [
  { id: 'nattch', name: 'nattchApp', label: 'nattch', bytes: false, step: true, kernel: 'nattch' },
  { id: 'sizeBytes', name: 'sizeBytes', label: 'size', bytes: true, step: true },
  { id: 'rssBytes', name: 'rssBytes', label: 'rss', bytes: true, step: true }
]

const MARK_COLOURS: Record<string, string> = { attached: 'var(--ok)', detached: 'var(--warn)', created: 'var(--accent)', removed: 'var(--bad)', 'marked-dest': 'var(--bad)' }

export function HistoryCharts(props: { objectId: ObjectId; tickSeq: number | undefined; nowMs: number; kind: 'sysv' | 'posix' }): React.JSX.Element {
  const api = useApi()
  const [windowIdx, setWindowIdx] = useState(0)
  const [data, setData] = useState<HistoryResult | undefined>()
  const [error, setError] = useState<string | undefined>()
  const [wrapRef, width] = useWidth<HTMLDivElement>()
  const inFlight = useRef(false)
  const chartRefs = useRef<Record<string, HTMLDivElement | null>>({})
  const series = props.kind === 'sysv' ? SERIES : SERIES.filter((s) => s.id !== 'rssBytes')
  const requested = [...series.map((s) => s.name), ...series.flatMap((s) => (s.kernel ? [s.kernel] : []))]
  const windowMs = WINDOWS[windowIdx]?.ms

  useEffect(() => {
    if (inFlight.current) return
    inFlight.current = true
    const plotWidth = Math.max(50, width - 70)
    api
      .queryHistory({ objectId: props.objectId, series: requested, fromMs: windowMs === undefined ? undefined : props.nowMs - windowMs, maxPoints: plotWidth })
      .then(
        (r) => {
          setData(r)
          setError(undefined)
        },
        (err: unknown) => setError(err instanceof Error ? err.message : String(err))
      )
      .finally(() => {
        inFlight.current = false
      })
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, props.objectId, props.tickSeq, windowMs, width])

  const rows = (data?.tMs ?? []).map((t, i) => {
    const row: Record<string, number | null> = { t }
    for (const name of requested) row[name] = data?.series[name]?.[i] ?? null
    return row
  })
  const marks = (data?.marks ?? []).filter((m) => m.type === 'attached' || m.type === 'detached' || m.type === 'created' || m.type === 'marked-dest').slice(-60)
  const fromMs = windowMs === undefined ? (rows[0]?.['t'] ?? props.nowMs - 60_000) : props.nowMs - windowMs
  const domain: [number, number] = [fromMs as number, props.nowMs]

  const exportPng = async (name: string): Promise<void> => {
    const svg = chartRefs.current[name]?.querySelector('svg')
    if (!svg) return
    const bg = getComputedStyle(document.body).backgroundColor
    downloadBlob(await svgToPng(svg, bg), `shmscope-${props.objectId.replace(/[^A-Za-z0-9]+/g, '_')}-${name}.png`)
  }
  const base = `shmscope-${props.objectId.replace(/[^A-Za-z0-9]+/g, '_')}`

  return (
    <div className="history" ref={wrapRef}>
      <div className="chart-bar">
        <div className="segmented" role="group" aria-label="Time window">
          {WINDOWS.map((w, i) => (
            <button key={w.label} type="button" aria-pressed={i === windowIdx} onClick={() => setWindowIdx(i)}>
              {w.label}
            </button>
          ))}
        </div>
        <span className="muted">
          {rows.length} points{data && data.rawPoints > rows.length ? ` (of ${data.rawPoints})` : ''} · markers: <span className="legend attached">attach</span> <span className="legend detached">detach</span>
        </span>
        <span className="spacer" />
        <button type="button" disabled={!data} onClick={() => data && downloadText(historyToCsv(data), `${base}.csv`, 'text/csv')}>
          CSV
        </button>
        <button type="button" disabled={!data} onClick={() => data && downloadText(historyToJson(data), `${base}.json`, 'application/json')}>
          JSON
        </button>
      </div>
      {error && <div className="error-text">{error}</div>}
      {series.map((s) => {
        const last = rows.length ? rows[rows.length - 1]?.[s.name] : undefined
        return (
          <div key={s.id} className="chart" data-testid={`chart-${s.id}`} data-last-value={last ?? ''} data-points={rows.length} ref={(el) => void (chartRefs.current[s.name] = el)}>
            <div className="chart-title">
              <span>
                {s.label}: <strong>{last === undefined || last === null ? '—' : s.bytes ? formatBytes(last) : last}</strong>
              </span>
              <button type="button" className="small" onClick={() => void exportPng(s.name)} aria-label={`Export the ${s.label} chart as PNG`}>
                PNG
              </button>
            </div>
            <LineChart width={width} height={130} data={rows} margin={{ top: 6, right: 12, bottom: 0, left: 0 }}>
              <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
              <XAxis dataKey="t" type="number" domain={domain} allowDataOverflow tickFormatter={(v: number) => formatClock(v)} stroke="var(--muted)" fontSize={11} minTickGap={40} />
              <YAxis width={58} stroke="var(--muted)" fontSize={11} allowDecimals={!s.step} tickFormatter={(v: number) => (s.bytes ? formatBytes(v) : String(v))} domain={[0, (max: number) => (s.bytes ? Math.max(1024, Math.ceil(max * 1.2)) : Math.max(1, max))]}
                tickCount={s.bytes ? 3 : 5} />
              <Tooltip
                isAnimationActive={false}
                labelFormatter={(v) => formatClock(Number(v), true)}
                formatter={(v) => (s.bytes ? formatBytes(Number(v)) : String(v))}
                contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)' }}
              />
              {marks.map((m, i) => (
                <ReferenceLine key={`${m.tMs}-${i}`} x={m.tMs} stroke={MARK_COLOURS[m.type] ?? 'var(--muted)'} strokeDasharray="2 3" ifOverflow="discard" />
              ))}
              {s.kernel && (
                <Line type="stepAfter" dataKey={s.kernel} name="kernel (with shmscope)" stroke="var(--muted)" strokeDasharray="4 3" strokeWidth={1} dot={false} isAnimationActive={false} connectNulls={false} />
              )}
              <Line type={s.step ? 'stepAfter' : 'monotone'} dataKey={s.name} stroke="var(--accent)" strokeWidth={2} dot={false} isAnimationActive={false} connectNulls={false} />
            </LineChart>
          </div>
        )
      })}
    </div>
  )
}
