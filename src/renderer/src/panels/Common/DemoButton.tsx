// The Start-demo button: shown only when the monitor offers demo scenarios; starts the first (or chosen) one.
import { useEffect, useState } from 'react'
import type { DemoScenarioInfo, DemoStatus } from '../../../../shared'
import { useApi } from '../../state/ApiContext'

export function DemoButton(props: { onStarted?: (status: DemoStatus, scenario: DemoScenarioInfo) => void; compact?: boolean }): React.JSX.Element | null {
  const api = useApi()
  const [scenarios, setScenarios] = useState<DemoScenarioInfo[]>([])
  const [status, setStatus] = useState<DemoStatus | undefined>()
  const [choice, setChoice] = useState<string>('')
  const [error, setError] = useState<string | undefined>()

  useEffect(() => {
    let alive = true
    Promise.all([api.listDemoScenarios(), api.getDemoStatus()]).then(
      ([list, st]) => {
        if (!alive) return
        setScenarios(list)
        setStatus(st)
        setChoice((c) => c || list[0]?.name || '')
      },
      () => undefined
    )
    return () => {
      alive = false
    }
  }, [api])

  if (scenarios.length === 0) return null
  const start = async (): Promise<void> => {
    setError(undefined)
    const r = await api.startDemo(choice)
    if (!r.ok) return setError(r.error)
    setStatus(r.value)
    const info = scenarios.find((s) => s.name === choice)
    if (info) props.onStarted?.(r.value, info)
  }
  const stop = async (): Promise<void> => setStatus(await api.stopDemo())

  return (
    <span className="demo-control">
      {!props.compact && (
        <select aria-label="Demo scenario" value={choice} onChange={(e) => setChoice(e.target.value)}>
          {scenarios.map((s) => (
            <option key={s.name} value={s.name} title={s.description}>
              {s.title}
            </option>
          ))}
        </select>
      )}
      {status?.running ? (
        <button type="button" onClick={() => void stop()}>
          Stop demo ({status.scenario})
        </button>
      ) : (
        <button type="button" className="primary" onClick={() => void start()}>
          Start demo
        </button>
      )}
      {error && <span className="error-text">{error}</span>}
    </span>
  )
}
