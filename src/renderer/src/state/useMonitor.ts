// Owns the page's live copy of the machine: the snapshot kept current by tick deltas, recent events, status; pause freezes this copy, not the monitor.
import { useEffect, useRef, useState } from 'react'
import type { MonitorStatus, ShmEvent, Snapshot, TickDelta } from '../../../shared'
import { applyDelta, isGap } from '../model/delta'
import { useClient } from './ApiContext'

const MAX_EVENTS = 2000

export interface MonitorView {
  snapshot: Snapshot | undefined
  lastTick: Pick<TickDelta, 'seq' | 'tMs' | 'durationMs' | 'skippedTicks'> | undefined
  /** Newest last. */
  events: ShmEvent[]
  status: MonitorStatus | undefined
  error: string | undefined
}

export function useMonitor(frozen: boolean): MonitorView & { refreshStatus: () => void } {
  const client = useClient()
  const [view, setView] = useState<MonitorView>({ snapshot: undefined, lastTick: undefined, events: [], status: undefined, error: undefined })
  const frozenRef = useRef(frozen)
  const lastSeq = useRef<number | undefined>(undefined)
  const refetching = useRef(false)
  const [statusNonce, setStatusNonce] = useState(0)

  useEffect(() => {
    const api = client.api
    let alive = true
    const refetch = (): void => {
      if (refetching.current) return
      refetching.current = true
      Promise.all([api.getSnapshot(), api.listEvents({ limit: 500 })])
        .then(([snapshot, events]) => {
          if (!alive) return
          lastSeq.current = undefined
          setView((v) => ({ ...v, snapshot, events, error: undefined }))
        })
        .catch((err: unknown) => alive && setView((v) => ({ ...v, error: err instanceof Error ? err.message : String(err) })))
        .finally(() => {
          refetching.current = false
        })
    }
    const onTick = (tick: TickDelta): void => {
      if (frozenRef.current) {
        lastSeq.current = undefined
        return
      }
      const gap = isGap(lastSeq.current, tick)
      lastSeq.current = tick.seq
      if (gap) return refetch()
      setView((v) => ({
        ...v,
        snapshot: v.snapshot ? applyDelta(v.snapshot, tick) : v.snapshot,
        lastTick: { seq: tick.seq, tMs: tick.tMs, durationMs: tick.durationMs, skippedTicks: tick.skippedTicks },
        events: tick.events.length ? [...v.events, ...tick.events].slice(-MAX_EVENTS) : v.events
      }))
    }
    refetch()
    const unsubscribe = api.subscribe(onTick)
    const offState = client.onState((s) => {
      if (s === 'open') refetch()
    })
    return () => {
      alive = false
      unsubscribe()
      offState()
    }
  }, [client])

  useEffect(() => {
    const wasFrozen = frozenRef.current
    frozenRef.current = frozen
    if (wasFrozen && !frozen) lastSeq.current = -10 // the next tick is a gap: refetch
  }, [frozen])

  useEffect(() => {
    let alive = true
    const load = (): void => {
      client.api.getStatus().then(
        (status) => alive && setView((v) => ({ ...v, status })),
        () => undefined
      )
    }
    load()
    const t = setInterval(load, 2000)
    return () => {
      alive = false
      clearInterval(t)
    }
  }, [client, statusNonce])

  return { ...view, refreshStatus: () => setStatusNonce((n) => n + 1) }
}

/** Call `listener` with every tick (for panels that need each sample, e.g. the hex heat map). */
export function useTicks(listener: (tick: TickDelta) => void): void {
  const client = useClient()
  const ref = useRef(listener)
  useEffect(() => {
    ref.current = listener
  })
  useEffect(() => client.api.subscribe((t) => ref.current(t)), [client])
}

/** Width of an element in CSS pixels, following resizes (for point budgets). */
export function useWidth<T extends HTMLElement>(): [React.RefObject<T | null>, number] {
  const ref = useRef<T | null>(null)
  const [width, setWidth] = useState(600)
  useEffect(() => {
    const el = ref.current
    if (!el) return
    const ro = new ResizeObserver(() => setWidth(Math.max(50, Math.floor(el.clientWidth))))
    ro.observe(el)
    setWidth(Math.max(50, Math.floor(el.clientWidth)))
    return () => ro.disconnect()
  }, [])
  return [ref, width]
}
