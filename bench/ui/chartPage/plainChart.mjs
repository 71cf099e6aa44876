// The chart under test when the app has no reusable chart component: plain recharts,
// animation off, as DESIGN.md asks of the app's charts.
import { createElement as h } from 'react'
import { LineChart, Line, XAxis, YAxis, CartesianGrid } from 'recharts'

export const SERIES = 8
export const POINTS = 2000
const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f']

export function Chart({ data }) {
  const lines = []
  for (let s = 0; s < SERIES; s++) lines.push(h(Line, { key: s, dataKey: `s${s}`, stroke: COLORS[s], dot: false, isAnimationActive: false }))
  return h(LineChart, { width: 1000, height: 400, data }, h(CartesianGrid, { strokeDasharray: '3 3' }), h(XAxis, { dataKey: 'tMs', type: 'number', domain: ['dataMin', 'dataMax'] }), h(YAxis), ...lines)
}
