// The remote view control: which machine the page watches, the state of the link, and a small form to watch another machine's `shmscope serve`.
import { useEffect, useState } from 'react'
import type { ConnectionInfo } from '../../../../shared'
import { useApi } from '../../state/ApiContext'

export function RemoteControl(props: { onSwitched: () => void }): React.JSX.Element | null {
  const api = useApi()
  const [available, setAvailable] = useState(false)
  const [conn, setConn] = useState<ConnectionInfo>({ mode: 'local', state: 'open' })
  const [open, setOpen] = useState(false)
  const [host, setHost] = useState('')
  const [port, setPort] = useState('7766')
  const [token, setToken] = useState('')
  const [error, setError] = useState<string | undefined>()
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    let alive = true
    api.getInfo().then((i) => alive && setAvailable(i.remoteView === true), () => undefined)
    const load = (): void => void api.getConnection().then((c) => alive && setConn(c), () => undefined)
    load()
    const t = setInterval(load, 2000)
    return () => {
      alive = false
      clearInterval(t)
    }
  }, [api])

  if (!available && conn.mode === 'local') return null
  const connect = async (e: React.FormEvent): Promise<void> => {
    e.preventDefault()
    setBusy(true)
    setError(undefined)
    const r = await api.connectRemote({ host: host.trim(), port: Number(port), ...(token ? { token } : {}) }).catch((err: unknown) => ({ ok: false as const, error: String(err) }))
    setBusy(false)
    if (!r.ok) return setError(r.error)
    setConn(r.value)
    setOpen(false)
    props.onSwitched()
  }
  const local = async (): Promise<void> => {
    const r = await api.connectRemote(null)
    if (r.ok) setConn(r.value)
    props.onSwitched()
  }
  const label = conn.mode === 'local' ? 'This machine' : `${conn.where ?? 'remote'} · ${conn.state === 'open' ? 'connected' : conn.state === 'connecting' ? 'connecting…' : `lost${conn.detail ? ` (${conn.detail})` : ''}, retrying`}`

  return (
    <span className="remote-control">
      <button type="button" aria-expanded={open} onClick={() => setOpen((o) => !o)} className={conn.mode === 'remote' ? `remote remote-${conn.state}` : undefined} title="Watch another machine's shmscope serve" data-testid="remote-button">
        {label}
      </button>
      {open && (
        <form className="remote-form" onSubmit={(e) => void connect(e)} aria-label="Watch another machine">
          <label className="field">
            Host
            <input value={host} onChange={(e) => setHost(e.target.value)} placeholder="lab-pi.local" required autoFocus aria-label="Remote host" />
          </label>
          <label className="field">
            Port
            <input value={port} onChange={(e) => setPort(e.target.value)} inputMode="numeric" pattern="[0-9]{1,5}" size={6} aria-label="Remote port" />
          </label>
          <label className="field">
            Token
            <input value={token} onChange={(e) => setToken(e.target.value)} type="password" placeholder="if it asks for one" aria-label="Remote token" />
          </label>
          <button type="submit" className="primary" disabled={busy || host.trim() === ''}>
            {busy ? 'Connecting…' : 'Connect'}
          </button>
          {conn.mode === 'remote' && (
            <button type="button" onClick={() => void local()}>
              Back to this machine
            </button>
          )}
          {error && (
            <span className="error-text" role="alert">
              {error}
            </span>
          )}
        </form>
      )}
    </span>
  )
}
