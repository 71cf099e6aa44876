// Owns one payload watch as the Decode view sees it: its samples from the tick stream, what changed, rates, and the charted series.
import { useEffect, useMemo, useRef, useState } from 'react'
import type { DecodedValue, WatchInfo } from '../../../../shared'
import { useTicks } from '../../state/useMonitor'
import { FieldActivity, appendSample, emptySeries, leafTexts, numericLeaves, type SeriesBuffer } from '../../model/fields'

export interface WatchView {
  value: DecodedValue | undefined
  torn: boolean
  truncated: boolean
  error: string | undefined
  samples: number
  tornSamples: number
  changed: ReadonlySet<string>
  ratesHz: Record<string, number>
  buffer: SeriesBuffer
}

const empty = (): WatchView => ({ value: undefined, torn: false, truncated: false, error: undefined, samples: 0, tornSamples: 0, changed: new Set(), ratesHz: {}, buffer: emptySeries() })

export function useWatchSamples(watch: WatchInfo | undefined, charted: string[]): WatchView {
  const [view, setView] = useState<WatchView>(empty)
  const activity = useRef(new FieldActivity())
  const lastTexts = useRef(new Map<string, string>())
  const chartedKey = charted.join('\n')
  const chartedPaths = useMemo(() => (chartedKey ? chartedKey.split('\n') : []), [chartedKey])

  useEffect(() => {
    activity.current = new FieldActivity()
    lastTexts.current = new Map()
    setView(empty())
  }, [watch?.watchId])

  useTicks((tick) => {
    if (!watch) return
    const s = tick.samples.find((x) => x.watchId === watch.watchId)
    if (!s) return
    if (s.error) return setView((v) => ({ ...v, error: s.error }))
    activity.current.add(s.value, s.takenAtMs)
    const texts = leafTexts(s.value)
    const changed = new Set<string>()
    for (const [p, t] of texts) if (lastTexts.current.has(p) && lastTexts.current.get(p) !== t) changed.add(p)
    lastTexts.current = texts
    const leaves = numericLeaves(s.value)
    setView((v) => ({
      value: s.value,
      torn: s.torn,
      truncated: s.truncated === true,
      error: undefined,
      samples: v.samples + 1,
      tornSamples: v.tornSamples + (s.torn ? 1 : 0),
      changed,
      ratesHz: activity.current.ratesHz(s.takenAtMs),
      buffer: appendSample(v.buffer, s.takenAtMs, leaves, [...new Set([...chartedPaths, ...[...leaves.keys()].slice(0, 64)])], s.torn)
    }))
  })

  return view
}
