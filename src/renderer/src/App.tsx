// The app frame: toolbar, the four views as tabs, selection shared between them, theme, presentation mode and keyboard shortcuts.
import { useEffect, useRef, useState } from 'react'
import type { Abi } from '../../shared'
import { useApi } from './state/ApiContext'
import { useMonitor } from './state/useMonitor'
import { usePreference } from './state/usePreference'
import { Toolbar } from './panels/Toolbar/Toolbar'
import { SegmentsPanel } from './panels/Segments/SegmentsPanel'
import { DetailPanel } from './panels/Detail/DetailPanel'
import { DecodePanel } from './panels/Decode/DecodePanel'
import { EventsPanel } from './panels/Events/EventsPanel'
import { EmptyState } from './panels/Common/EmptyState'
import { Shortcuts } from './panels/Common/Shortcuts'
import { findObject, targetToObjectId } from './model/objects'

export type Tab = 'segments' | 'detail' | 'decode' | 'events'
const TABS: { id: Tab; label: string }[] = [
  { id: 'segments', label: 'Segments' },
  { id: 'detail', label: 'Detail' },
  { id: 'decode', label: 'Decode' },
  { id: 'events', label: 'Events' }
]

const typing = (el: EventTarget | null): boolean => el instanceof HTMLElement && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable)

export function App(): React.JSX.Element {
  const api = useApi()
  const [tab, setTab] = useState<Tab>(() => (TABS.some((t) => `#${t.id}` === window.location.hash) ? (window.location.hash.slice(1) as Tab) : 'segments'))
  const [selectedId, setSelectedId] = useState<string | undefined>()
  const [frozen, setFrozen] = useState(false)
  const [theme, setTheme] = usePreference<'dark' | 'light'>('theme', 'dark')
  const [presentation, setPresentation] = usePreference('presentation', false)
  const [help, setHelp] = useState(false)
  const [abi, setAbi] = useState<Abi>('x86_64')
  const filterRef = useRef<HTMLInputElement | null>(null)
  const monitor = useMonitor(frozen)

  useEffect(() => {
    void api.getInfo().then((i) => setAbi(i.abi), () => undefined)
  }, [api])
  useEffect(() => {
    document.documentElement.dataset['theme'] = theme
    document.documentElement.classList.toggle('presentation', presentation)
  }, [theme, presentation])
  useEffect(() => {
    window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}#${tab}`)
  }, [tab])

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.ctrlKey || e.metaKey || e.altKey) return
      if (e.key === 'Escape') {
        setHelp(false)
        if (typing(e.target)) (e.target as HTMLElement).blur()
        return
      }
      if (typing(e.target)) return
      const t = TABS[Number(e.key) - 1]
      if (t) setTab(t.id)
      else if (e.key === 'p' || e.key === ' ') setFrozen((f) => !f)
      else if (e.key === 't') setTheme(theme === 'dark' ? 'light' : 'dark')
      else if (e.key === 'f') setPresentation(!presentation)
      else if (e.key === '?') setHelp((h) => !h)
      else if (e.key === '/') {
        setTab('segments')
        setTimeout(() => filterRef.current?.focus(), 0)
      } else return
      e.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [theme, presentation, setTheme, setPresentation])

  const open = (id: string): void => {
    setSelectedId(id)
    setTab('detail')
  }
  // The demo's objects show up a tick or two after it starts: select the interesting one then.
  const [pendingHighlight, setPendingHighlight] = useState<string | undefined>()
  const onDemoStarted = (highlight: string | undefined): void => setPendingHighlight(highlight)
  useEffect(() => {
    if (!pendingHighlight) return
    const id = targetToObjectId(pendingHighlight, monitor.snapshot)
    if (!findObject(monitor.snapshot, id)) return
    setPendingHighlight(undefined)
    setSelectedId(id)
    setTab('detail')
  }, [pendingHighlight, monitor.snapshot])

  const snapshot = monitor.snapshot
  const nowMs = monitor.lastTick?.tMs ?? snapshot?.takenAtMs ?? 0
  return (
    <div className="app">
      <Toolbar
        frozen={frozen}
        onToggleFrozen={() => setFrozen((f) => !f)}
        status={monitor.status}
        onStatusChanged={monitor.refreshStatus}
        theme={theme}
        onToggleTheme={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
        presentation={presentation}
        onTogglePresentation={() => setPresentation(!presentation)}
        onDemoStarted={onDemoStarted}
        tickSeq={monitor.lastTick?.seq}
        tickDurationMs={monitor.lastTick?.durationMs}
      />
      {monitor.status?.replay && (
        <div className="banner" role="status">
          Replaying a recording from {new Date(monitor.status.replay.startedAtMs).toLocaleString()} — choose “live” under Replay to return.
        </div>
      )}
      <nav className="tabs" role="tablist" aria-label="Views">
        {TABS.map((t, i) => (
          <button key={t.id} type="button" role="tab" aria-selected={tab === t.id} id={`tab-${t.id}`} aria-controls="view" onClick={() => setTab(t.id)}>
            <span className="tab-key" aria-hidden="true">
              {i + 1}
            </span>
            {t.label}
            {t.id === 'detail' && selectedId ? <span className="muted"> · {selectedId.replace(/^sysv:/, '#').replace(/^posix:/, '')}</span> : null}
          </button>
        ))}
        <span className="spacer" />
        <button type="button" className="small" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts">
          ? shortcuts
        </button>
      </nav>
      <main id="view" role="tabpanel" aria-labelledby={`tab-${tab}`}>
        {!snapshot ? (
          <EmptyState title={monitor.error ? 'Cannot reach the monitor' : 'Connecting to the monitor…'}>
            <p>{monitor.error ?? 'The first snapshot is on its way.'}</p>
          </EmptyState>
        ) : tab === 'segments' ? (
          <SegmentsPanel snapshot={snapshot} unreadable={EMPTY} selectedId={selectedId} onSelect={setSelectedId} onOpen={open} filterRef={filterRef} onDemoStarted={onDemoStarted} />
        ) : tab === 'detail' ? (
          <DetailPanel snapshot={snapshot} selectedId={selectedId} tickSeq={monitor.lastTick?.seq} nowMs={nowMs} onDecode={() => setTab('decode')} />
        ) : tab === 'decode' ? (
          <DecodePanel snapshot={snapshot} selectedId={selectedId} onSelect={setSelectedId} defaultAbi={abi} />
        ) : (
          <EventsPanel live={monitor.events} onOpen={open} />
        )}
      </main>
      {help && <Shortcuts onClose={() => setHelp(false)} />}
    </div>
  )
}

const EMPTY: ReadonlySet<string> = new Set()
