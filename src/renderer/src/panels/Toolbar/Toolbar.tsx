// The top bar: pause, poll interval, recording and replay, theme, presentation mode, demo, and the connection state.
import { useEffect, useState } from 'react'
import type { MonitorStatus, RecordingInfo } from '../../../../shared'
import { useApi, useClient } from '../../state/ApiContext'
import type { ConnectionState } from '../../api/connection'
import { DemoButton } from '../Common/DemoButton'
import { RemoteControl } from './RemoteControl'
import { formatDateTime, formatBytes } from '../../model/format'

const INTERVALS_MS = [100, 250, 500, 1000, 2000, 5000]

export interface ToolbarProps {
  frozen: boolean
  onToggleFrozen: () => void
  status: MonitorStatus | undefined
  onStatusChanged: () => void
  theme: 'dark' | 'light'
  onToggleTheme: () => void
  presentation: boolean
  onTogglePresentation: () => void
  onDemoStarted: (highlight: string | undefined) => void
  tickSeq: number | undefined
  tickDurationMs: number | undefined
}

function useConnection(): ConnectionState {
  const client = useClient()
  const [state, setState] = useState(client.state())
  useEffect(() => {
    const off = client.onState(setState)
    setState(client.state())
    return off
  }, [client])
  return state
}

export function Toolbar(p: ToolbarProps): React.JSX.Element {
  const api = useApi()
  const client = useClient()
  const connection = useConnection()
  const [recordings, setRecordings] = useState<RecordingInfo[]>([])
  const [message, setMessage] = useState<string | undefined>()
  const interval = p.status?.settings.intervalMs ?? 500
  const recording = p.status?.recording ?? null
  const replay = p.status?.replay ?? null

  const run = async (f: () => Promise<{ ok: boolean; error?: string } | void>): Promise<void> => {
    setMessage(undefined)
    try {
      const r = await f()
      if (r && !r.ok) setMessage(r.error)
    } catch (err) {
      setMessage(err instanceof Error ? err.message : String(err))
    }
    p.onStatusChanged()
  }

  const refreshRecordings = (): void => {
    api.listRecordings().then(setRecordings, () => setRecordings([]))
  }
  useEffect(refreshRecordings, [api, recording?.path])

  return (
    <header className="toolbar" role="toolbar" aria-label="Monitor controls">
      <span className="brand">shmscope</span>
      <button type="button" onClick={p.onToggleFrozen} aria-pressed={p.frozen} title="Freeze the view; the monitor keeps collecting (P)">
        {p.frozen ? '▶ Resume' : '❙❙ Pause'}
      </button>
      <label className="field">
        Interval
        <select value={interval} onChange={(e) => void run(() => api.setSettings({ intervalMs: Number(e.target.value) }))} aria-label="Poll interval">
          {[...new Set([...INTERVALS_MS, interval])].sort((a, b) => a - b).map((ms) => (
            <option key={ms} value={ms}>
              {ms < 1000 ? `${ms} ms` : `${ms / 1000} s`}
            </option>
          ))}
        </select>
      </label>
      {recording ? (
        <button type="button" className="recording" onClick={() => void run(() => api.stopRecording())} title={recording.path}>
          ■ Stop recording ({recording.ticks} ticks, {formatBytes(recording.bytes)})
        </button>
      ) : (
        <button type="button" onClick={() => void run(() => api.startRecording())} disabled={replay !== null}>
          ● Record
        </button>
      )}
      <label className="field">
        Replay
        <select
          aria-label="Replay a recording"
          value={replay?.path ?? ''}
          onFocus={refreshRecordings}
          onChange={(e) => void run(() => api.loadRecording(e.target.value || undefined))}
        >
          <option value="">live</option>
          {recordings.map((r) => (
            <option key={r.path} value={r.path}>
              {formatDateTime(r.startedAtMs)} · {r.ticks} ticks
            </option>
          ))}
        </select>
      </label>
      <DemoButton compact onStarted={(_s, info) => p.onDemoStarted(info.highlight)} />
      <RemoteControl onSwitched={p.onStatusChanged} />
      <span className="spacer" />
      {message && (
        <span className="error-text" role="alert">
          {message}
        </span>
      )}
      <span className={`conn conn-${connection}`} title={`Monitor on ${client.where}`} data-testid="connection">
        {connection === 'open' ? (p.frozen ? 'paused' : replay ? 'replay' : 'live') : connection === 'connecting' ? 'connecting…' : 'disconnected — retrying'}
        {p.tickSeq !== undefined && connection === 'open' && ` · tick ${p.tickSeq}`}
        {p.tickDurationMs !== undefined && connection === 'open' && ` · ${p.tickDurationMs.toFixed(0)} ms`}
      </span>
      <button type="button" onClick={p.onToggleTheme} title="Dark or light theme (T)" aria-label="Toggle theme">
        {p.theme === 'dark' ? '☀ Light' : '☾ Dark'}
      </button>
      <button type="button" onClick={p.onTogglePresentation} aria-pressed={p.presentation} title="Large type for projectors (F)">
        Presentation
      </button>
    </header>
  )
}
