// Owns how numbers, sizes and times are written in the UI.

export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—'
  if (n < 1024) return `${n} B`
  const units = ['KiB', 'MiB', 'GiB', 'TiB']
  let v = n / 1024
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0')

/** `HH:MM:SS` of a local time; `—` for never. */
export function formatClock(ms: number | null | undefined, withMs = false): string {
  if (ms === null || ms === undefined) return '—'
  const d = new Date(ms)
  const base = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  return withMs ? `${base}.${pad(d.getMilliseconds(), 3)}` : base
}

/** `YYYY-MM-DD HH:MM:SS`. */
export function formatDateTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—'
  const d = new Date(ms)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${formatClock(ms)}`
}

/** `3 s ago`, `5 min ago`, `2 h ago`. */
export function formatAgo(ms: number | null | undefined, nowMs: number): string {
  if (ms === null || ms === undefined) return 'never'
  const s = Math.max(0, Math.round((nowMs - ms) / 1000))
  if (s < 60) return `${s} s ago`
  if (s < 3600) return `${Math.floor(s / 60)} min ago`
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`
  return `${Math.floor(s / 86400)} d ago`
}

export function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v)
  const a = Math.abs(v)
  return a !== 0 && (a < 1e-3 || a >= 1e9) ? v.toExponential(3) : String(Math.round(v * 1000) / 1000)
}
