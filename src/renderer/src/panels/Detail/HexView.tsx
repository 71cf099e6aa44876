// The payload as hex: bytes changed since the previous sample highlighted, and a heat map of how often each byte changes.
import { useCallback, useEffect, useRef, useState } from 'react'
import type { Target } from '../../../../shared'
import { useApi } from '../../state/ApiContext'
import { useTicks } from '../../state/useMonitor'
import { addToHeat, changedOffsets, emptyHeat, heatLevel, hexRows, type HeatMap } from '../../model/hex'

/** Most bytes the view shows and follows. */
export const HEX_CAP_BYTES = 4096

interface HexState {
  bytes: Uint8Array | undefined
  changed: Set<number>
  heat: HeatMap
  torn: boolean
  takenAtMs: number | undefined
}

const initial = (): HexState => ({ bytes: undefined, changed: new Set(), heat: emptyHeat(0), torn: false, takenAtMs: undefined })

function next(s: HexState, bytes: Uint8Array, torn: boolean, takenAtMs: number): HexState {
  return { bytes, changed: changedOffsets(s.bytes, bytes), heat: addToHeat(s.heat, s.bytes, bytes), torn, takenAtMs }
}

function HeatCanvas(props: { heat: HeatMap }): React.JSX.Element {
  const ref = useRef<HTMLCanvasElement | null>(null)
  const cols = 64
  const cell = 6
  const rows = Math.max(1, Math.ceil(props.heat.counts.length / cols))
  useEffect(() => {
    const ctx = ref.current?.getContext('2d')
    if (!ctx) return
    const cs = getComputedStyle(ref.current as HTMLCanvasElement)
    ctx.clearRect(0, 0, cols * cell, rows * cell)
    for (let i = 0; i < props.heat.counts.length; i++) {
      const level = heatLevel(props.heat, i)
      ctx.fillStyle = level === 0 ? cs.getPropertyValue('--heat0') || '#333' : `hsl(${40 - level * 40}, 95%, ${30 + level * 30}%)`
      ctx.fillRect((i % cols) * cell, Math.floor(i / cols) * cell, cell - 1, cell - 1)
    }
  }, [props.heat, rows])
  return <canvas ref={ref} width={cols * cell} height={rows * cell} className="heat" aria-label={`Change heat map over ${props.heat.samples} samples`} />
}

export function HexView(props: { target: Target; sizeBytes: number; objectKey: string }): React.JSX.Element {
  const api = useApi()
  const [state, setState] = useState<HexState>(initial)
  const [error, setError] = useState<string | undefined>()
  const [liveWatch, setLiveWatch] = useState<string | undefined>()
  const length = Math.min(props.sizeBytes, HEX_CAP_BYTES)

  const readOnce = useCallback(async (): Promise<void> => {
    if (length === 0) return
    const r = await api.readPayload(props.target, 0, length).catch((err: unknown) => ({ ok: false as const, message: String(err) }))
    if (!r.ok) return setError(r.message)
    setError(undefined)
    setState((s) => next(s, r.bytes, r.torn, r.takenAtMs))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, props.objectKey, length])

  // Reading attaches (it moves the segment's last attach time and last pid): only when asked.
  useEffect(() => setState(initial()), [props.objectKey])

  // Live: one read-only attachment for as long as the view follows (a raw byte-array watch).
  useEffect(() => {
    if (!liveWatch) return
    return () => void api.stopWatch(liveWatch).catch(() => undefined)
  }, [api, liveWatch])
  useEffect(() => () => setLiveWatch(undefined), [props.objectKey])

  useTicks((tick) => {
    if (!liveWatch) return
    const s = tick.samples.find((x) => x.watchId === liveWatch)
    if (s?.bytes) setState((st) => next(st, s.bytes as Uint8Array, s.torn, s.takenAtMs))
  })

  const toggleLive = async (): Promise<void> => {
    if (liveWatch) return setLiveWatch(undefined)
    const source = `struct shmscope_raw { unsigned char bytes[${length}]; };`
    const r = await api.startWatch({ target: props.target, source, typeName: 'shmscope_raw', includeBytes: true })
    if (!r.ok) return setError(r.error)
    setLiveWatch(r.value.watchId)
  }

  const rows = state.bytes ? hexRows(state.bytes) : []
  return (
    <div className="hex-view">
      <div className="chart-bar">
        <strong>Payload</strong>
        <span className="muted">
          {length < props.sizeBytes ? `first ${length} of ${props.sizeBytes} bytes` : `${props.sizeBytes} bytes`}
          {state.torn && <span className="badge badge-torn">torn read</span>}
        </span>
        <span className="spacer" />
        <button type="button" onClick={() => void readOnce()} disabled={!!liveWatch || length === 0}>
          {state.bytes ? 'Read again' : 'Read once'}
        </button>
        <button type="button" aria-pressed={!!liveWatch} onClick={() => void toggleLive()} disabled={length === 0} title="Keep one read-only attachment and follow every tick">
          {liveWatch ? 'Stop following' : 'Follow live'}
        </button>
      </div>
      {error && <div className="error-text">{error}</div>}
      {length === 0 && <div className="muted">This object is empty (0 bytes).</div>}
      {length > 0 && !state.bytes && !error && (
        <p className="muted">
          The payload is not read until you ask: reading attaches read-only for a moment, which moves the segment&apos;s last attach time and last pid. “Follow live”
          keeps one read-only attachment and shows which bytes change.
        </p>
      )}
      <div className="hex-body">
        <div className="hex" role="grid" aria-label="Payload bytes" data-testid="hex-view">
          {rows.map((r) => (
            <div key={r.offset} className="hex-row" role="row">
              <span className="hex-off">{r.offset.toString(16).padStart(6, '0')}</span>
              <span className="hex-bytes">
                {r.hex.map((h, i) => (
                  <span key={i} className={state.changed.has(r.offset + i) ? 'chg' : undefined}>
                    {h}
                  </span>
                ))}
              </span>
              <span className="hex-ascii">{r.ascii}</span>
            </div>
          ))}
        </div>
        {state.heat.counts.length > 0 && (
          <div className="heat-box">
            <div className="muted">Change heat map ({state.heat.samples} samples)</div>
            <HeatCanvas heat={state.heat} />
          </div>
        )}
      </div>
    </div>
  )
}
