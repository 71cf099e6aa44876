// Owns data export: history windows and event lists as CSV (RFC 4180 quoting) and JSON.
import type { HistoryResult, ShmEvent } from '../../../shared'

function cell(v: unknown): string {
  if (v === null || v === undefined) return ''
  const s = String(v)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export const csvLine = (cells: unknown[]): string => cells.map(cell).join(',')

/** One row per time point: `tMs,iso,<series...>`. */
export function historyToCsv(h: HistoryResult): string {
  const names = Object.keys(h.series)
  const lines = [csvLine(['tMs', 'time', ...names])]
  h.tMs.forEach((t, i) => lines.push(csvLine([t, new Date(t).toISOString(), ...names.map((n) => h.series[n]?.[i] ?? '')])))
  return lines.join('\r\n') + '\r\n'
}

export function eventsToCsv(events: ShmEvent[]): string {
  const cols: (keyof ShmEvent)[] = ['tMs', 'type', 'kind', 'shmid', 'name', 'key', 'pid', 'comm', 'nattch', 'inferred', 'from', 'to']
  return [csvLine(cols), ...events.map((e) => csvLine(cols.map((c) => e[c])))].join('\r\n') + '\r\n'
}

/** Columnar rows `{ tMs, <series>: value }` for JSON export. */
export function historyToJson(h: HistoryResult): string {
  const names = Object.keys(h.series)
  const rows = h.tMs.map((t, i) => Object.fromEntries([['tMs', t], ...names.map((n) => [n, h.series[n]?.[i] ?? null])]))
  return JSON.stringify({ objectId: h.objectId, rows, marks: h.marks }, null, 2)
}
