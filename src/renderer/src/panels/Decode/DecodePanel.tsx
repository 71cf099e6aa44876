// The Decoding view: a C header, a type and an ABI for the selected object; errors at their line; the live decoded tree and chart; saved layouts.
import { useEffect, useMemo, useState } from 'react'
import type { Abi, LayoutErrorInfo, LayoutJson, SavedLayout, Snapshot, WatchInfo } from '../../../../shared'
import { ABIS } from '../../../../shared/layout'
import { useApi } from '../../state/ApiContext'
import { bindTextOf, findObject, labelOf, objectIdOf, targetOf } from '../../model/objects'
import { EmptyState } from '../Common/EmptyState'
import { HeaderEditor } from './HeaderEditor'
import { ValueTree } from './ValueTree'
import { FieldChart } from './FieldChart'
import { SavedLayouts } from './SavedLayouts'
import { useWatchSamples } from './useWatch'
import { useCompile } from './useCompile'

export interface DecodePanelProps {
  snapshot: Snapshot
  selectedId: string | undefined
  onSelect: (id: string) => void
  defaultAbi: Abi
}

export function DecodePanel(p: DecodePanelProps): React.JSX.Element {
  const api = useApi()
  const object = findObject(p.snapshot, p.selectedId)
  const objectId = object ? objectIdOf(object) : undefined
  const bindTo = object ? bindTextOf(object) : undefined
  const [source, setSource] = useState('')
  const [typeName, setTypeName] = useState('')
  const [abi, setAbi] = useState<Abi>(p.defaultAbi)
  const [watch, setWatch] = useState<WatchInfo | undefined>()
  const [watchError, setWatchError] = useState<string | undefined>()
  const [layouts, setLayouts] = useState<SavedLayout[]>([])
  const [charted, setCharted] = useState<string[]>([])
  const compiled = useCompile(source, typeName, abi)
  const view = useWatchSamples(watch, charted)

  const reloadLayouts = (): void => void api.listLayouts().then(setLayouts, () => undefined)
  useEffect(reloadLayouts, [api])

  // A watch already running on this object (e.g. re-bound from a saved layout) is picked up, not duplicated.
  useEffect(() => {
    setWatch(undefined)
    setCharted([])
    if (!objectId) return
    let alive = true
    api.listWatches().then((ws) => {
      const w = ws.find((x) => x.objectId === objectId && x.typeName !== 'shmscope_raw')
      if (alive && w) setWatch(w)
    }, () => undefined)
    return () => {
      alive = false
    }
  }, [api, objectId])

  // A saved layout bound to this key or name fills an empty editor.
  const bound = useMemo(() => layouts.find((l) => bindTo !== undefined && l.bindTo === bindTo), [layouts, bindTo])
  useEffect(() => {
    if (bound && source.trim() === '') load(bound)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bound?.id])

  const load = (l: SavedLayout): void => {
    setSource(l.source)
    setTypeName(l.typeName)
    setAbi(l.abi)
  }

  const start = async (): Promise<void> => {
    if (!object) return
    setWatchError(undefined)
    if (watch) await api.stopWatch(watch.watchId).catch(() => undefined)
    const r = await api.startWatch({ target: targetOf(object), source, typeName, abi })
    if (!r.ok) {
      setWatch(undefined)
      return setWatchError(r.error)
    }
    setWatch(r.value)
  }
  const stop = async (): Promise<void> => {
    if (watch) await api.stopWatch(watch.watchId).catch(() => undefined)
    setWatch(undefined)
  }
  const save = async (): Promise<void> => {
    const r = await api.saveLayout({ id: bound?.id, name: `${typeName} ${bindTo ?? ''}`.trim(), source, typeName, abi, bindTo })
    if (!r.ok) setWatchError(r.error)
    reloadLayouts()
  }

  // A type is needed to lay anything out: default to the first one the header declares.
  useEffect(() => {
    if (compiled.types.length > 0 && !compiled.types.includes(typeName)) setTypeName(compiled.types[0] ?? '')
  }, [compiled.types, typeName])

  const error: LayoutErrorInfo | undefined = compiled.error
  const layout: LayoutJson | undefined = compiled.layout
  const types = compiled.types

  return (
    <section className="panel decode-panel" aria-label="Decoding">
      <div className="decode-target chart-bar">
        <label className="field">
          Object
          <select aria-label="Object to decode" value={objectId ?? ''} onChange={(e) => p.onSelect(e.target.value)}>
            <option value="">— choose —</option>
            {p.snapshot.sysv.map((s) => (
              <option key={s.shmid} value={`sysv:${s.shmid}`}>
                {labelOf({ kind: 'sysv', seg: s })}
              </option>
            ))}
            {p.snapshot.posix.map((x) => (
              <option key={x.name} value={`posix:${x.name}`}>
                {x.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Type
          <select aria-label="Type" value={typeName} onChange={(e) => setTypeName(e.target.value)} disabled={types.length === 0}>
            <option value="">{types.length ? '— pick a type —' : 'no types yet'}</option>
            {types.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          ABI
          <select aria-label="ABI" value={abi} onChange={(e) => setAbi(e.target.value as Abi)}>
            {ABIS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        {layout && (
          <span className="muted">
            {layout.type}: {layout.sizeBytes} bytes, align {layout.alignBytes}, {layout.fields.length} fields
          </span>
        )}
        <span className="spacer" />
        {watch ? (
          <button type="button" onClick={() => void stop()}>
            Stop decoding
          </button>
        ) : (
          <button type="button" className="primary" onClick={() => void start()} disabled={!object || !layout || !!error}>
            Decode live
          </button>
        )}
      </div>
      {watchError && (
        <div className="error-text" role="alert">
          {watchError}
        </div>
      )}
      <div className="decode-grid">
        <div className="decode-left">
          <HeaderEditor source={source} onChange={setSource} error={error} />
          <SavedLayouts layouts={layouts} bindTo={bindTo} canSave={!!layout && !error && source.length > 0} onSave={() => void save()} onLoad={load} onDelete={(l) => void api.deleteLayout(l.id).then(reloadLayouts)} />
        </div>
        <div className="decode-right card">
          {!object ? (
            <EmptyState title="Choose an object to decode">
              <p>Select a segment in the Segments view, or pick one above.</p>
            </EmptyState>
          ) : !watch ? (
            <EmptyState title="Not decoding yet">
              <p>Paste or open the C header your processes use, pick the type, then press “Decode live”.</p>
            </EmptyState>
          ) : (
            <>
              <div className="chart-bar">
                <strong>
                  {watch.typeName} in {labelOf(object)}
                </strong>
                <span className="muted" data-testid="watch-stats">
                  {view.samples} samples · {view.tornSamples} torn
                </span>
                {view.torn && <span className="badge badge-torn">torn sample</span>}
                {view.truncated && <span className="badge badge-dest">segment smaller than the type</span>}
              </div>
              {view.error && <div className="error-text">{view.error}</div>}
              {view.value === undefined ? (
                <p className="muted">Waiting for the first sample…</p>
              ) : (
                <ValueTree
                  value={view.value}
                  changed={view.changed}
                  ratesHz={Object.keys(watch.fieldRatesHz).length ? { ...view.ratesHz, ...watch.fieldRatesHz } : view.ratesHz}
                  charted={new Set(charted)}
                  onToggleChart={(path) => setCharted((c) => (c.includes(path) ? c.filter((x) => x !== path) : [...c, path]))}
                />
              )}
              <FieldChart buffer={view.buffer} paths={charted} typeName={watch.typeName} />
            </>
          )}
        </div>
      </div>
    </section>
  )
}
