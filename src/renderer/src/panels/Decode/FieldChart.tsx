// Picked numeric fields charted together from the live samples (downsampled to the chart's width), torn samples marked.
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts'
import { useRef } from 'react'
import { downsampleRows, type SeriesBuffer } from '../../model/fields'
import { formatClock } from '../../model/format'
import { useWidth } from '../../state/useMonitor'
import { csvLine } from '../../model/csv'
import { downloadBlob, downloadText, svgToPng } from '../Common/download'

const COLOURS = ['#4cc9f0', '#f72585', '#b5e48c', '#ffb703', '#9d4edd', '#ff7b00', '#06d6a0', '#ef476f']

export function FieldChart(props: { buffer: SeriesBuffer; paths: string[]; typeName: string }): React.JSX.Element {
  const [ref, width] = useWidth<HTMLDivElement>()
  const box = useRef<HTMLDivElement | null>(null)
  const { buffer, paths } = props
  const idx = downsampleRows(buffer, Math.max(20, width - 80))
  const rows = idx.map((i) => {
    const r: Record<string, number | null> = { t: buffer.tMs[i] ?? 0 }
    for (const p of paths) r[p] = buffer.values[p]?.[i] ?? null
    return r
  })
  const torn = buffer.tMs.filter((_, i) => buffer.torn[i]).slice(-40)

  const exportCsv = (): void => {
    const lines = [csvLine(['tMs', 'torn', ...paths])]
    buffer.tMs.forEach((t, i) => lines.push(csvLine([t, buffer.torn[i] ? 1 : 0, ...paths.map((p) => buffer.values[p]?.[i] ?? '')])))
    downloadText(lines.join('\r\n') + '\r\n', `shmscope-${props.typeName}-fields.csv`, 'text/csv')
  }
  const exportJson = (): void => downloadText(JSON.stringify({ tMs: buffer.tMs, torn: buffer.torn, values: buffer.values }, null, 1), `shmscope-${props.typeName}-fields.json`, 'application/json')
  const exportPng = async (): Promise<void> => {
    const svg = box.current?.querySelector('svg')
    if (svg) downloadBlob(await svgToPng(svg, getComputedStyle(document.body).backgroundColor), `shmscope-${props.typeName}-fields.png`)
  }

  return (
    <div ref={ref} className="field-chart">
      <div className="chart-bar">
        <strong>Fields over time</strong>
        <span className="muted">
          {buffer.tMs.length} samples{torn.length > 0 ? ` · ${buffer.torn.filter(Boolean).length} torn (red marks)` : ''}
        </span>
        <span className="spacer" />
        <button type="button" onClick={() => void exportPng()} disabled={paths.length === 0}>
          PNG
        </button>
        <button type="button" onClick={exportCsv}>
          CSV
        </button>
        <button type="button" onClick={exportJson}>
          JSON
        </button>
      </div>
      {paths.length === 0 ? (
        <p className="muted">Tick the box next to numeric fields in the tree to chart them together.</p>
      ) : (
        <div ref={box} data-testid="field-chart" data-points={rows.length}>
          <LineChart width={width} height={240} data={rows} margin={{ top: 6, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
            <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} tickFormatter={(v: number) => formatClock(v)} stroke="var(--muted)" fontSize={11} minTickGap={40} />
            <YAxis width={64} stroke="var(--muted)" fontSize={11} domain={['auto', 'auto']} />
            <Tooltip isAnimationActive={false} labelFormatter={(v) => formatClock(Number(v), true)} contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)' }} />
            <Legend />
            {torn.map((t) => (
              <ReferenceLine key={t} x={t} stroke="var(--bad)" strokeDasharray="1 2" />
            ))}
            {paths.map((p, i) => (
              <Line key={p} type="linear" dataKey={p} stroke={COLOURS[i % COLOURS.length]} strokeWidth={2} dot={false} isAnimationActive={false} />
            ))}
          </LineChart>
        </div>
      )}
    </div>
  )
}
