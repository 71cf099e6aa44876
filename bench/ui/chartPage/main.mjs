// Standalone page for the chart benchmark: one recharts LineChart with 8 series x 2,000
// points; window.__update(shift) re-renders with new data and times it to the screen.
/* global document, window, requestAnimationFrame */
import { createElement as h } from 'react'
import { createRoot } from 'react-dom/client'
import { flushSync } from 'react-dom'
import { Chart, SERIES, POINTS } from 'bench-chart'

function makeData(shift, points) {
  const rows = new Array(points)
  for (let i = 0; i < points; i++) {
    const row = { tMs: (i + shift) * 500 }
    for (let s = 0; s < SERIES; s++) row[`s${s}`] = Math.sin((i + shift) / 40 + s) * (s + 1) + s * 3
    rows[i] = row
  }
  return rows
}

const root = createRoot(document.getElementById('root'))
const nextFrame = () => new Promise((r) => requestAnimationFrame(() => r()))
const firstPath = () => document.querySelector('.recharts-line path, path.recharts-curve')?.getAttribute('d') ?? ''

/** Render `points` rows shifted by `shift`; resolve when the new line is in the DOM and painted. */
window.__update = async (shift, points = POINTS) => {
  const data = makeData(shift, points)
  const before = firstPath()
  const t0 = performance.now()
  flushSync(() => root.render(h(Chart, { data })))
  const commitMs = performance.now() - t0
  let frames = 0
  while (firstPath() === before && frames < 300) {
    await nextFrame()
    frames++
  }
  await nextFrame()
  return { commitMs, screenMs: performance.now() - t0, frames, paths: document.querySelectorAll('.recharts-line').length, changed: firstPath() !== before }
}
window.__ready = true
