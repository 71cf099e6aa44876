// Prints the one-screen summary of a run: ratios next to absolute figures and goals.
import type { Results } from './results'

const fmt = (v: number | null | undefined, unit = ''): string => (v === null || v === undefined || Number.isNaN(v) ? 'n/a' : `${v}${unit}`)
const verdict = (ok: boolean | undefined): string => (ok === undefined ? '' : ok ? '  ok' : '  MISSES GOAL')

export function printSummary(r: Results): void {
  const out: string[] = [`shmscope benchmarks — ${r.machine}`, '']
  if (r.snapshot.length > 0) {
    out.push('snapshot (median ms)  segments procs  shmscope    lsipc    floor  vsLsipc vsFloor | floorSync tableOnly lsipc/table | pollCollect lsipc/poll')
    for (const s of r.snapshot) {
      const cells = [s.shmscopeMs, s.lsipcMs, s.floorMs].map((v) => fmt(v).padStart(8)).join(' ')
      out.push(
        `                      ${String(s.segments).padStart(8)} ${String(s.attachedProcesses).padStart(5)} ${cells} ${fmt(s.vsLsipc).padStart(8)} ${fmt(s.vsFloor).padStart(7)} | ${fmt(s.floorSyncMs).padStart(9)} ${fmt(s.shmTableOnlyMs).padStart(9)} ${fmt(s.maxPossibleVsLsipc).padStart(11)} | ${fmt(s.pollCollectMs ?? null).padStart(11)} ${fmt(s.pollVsLsipc ?? null).padStart(10)}`
      )
    }
    const big = r.snapshot[r.snapshot.length - 1]
    const known = (v: number | null): boolean | undefined => (typeof v === 'number' && Number.isFinite(v) ? true : undefined)
    if (big) out.push(`  goals at ${big.segments}: vsLsipc >= 10${verdict(known(big.vsLsipc) && big.vsLsipc >= 10)} (one-shot), ${verdict(typeof big.pollVsLsipc === 'number' && big.pollVsLsipc >= 10)} (poll loop); vsFloor <= 2${verdict(known(big.vsFloor) && big.vsFloor <= 2)}`)
    out.push('')
  }
  const p = r.pollCpu
  out.push(`poll CPU: 1,000 segments at 10 Hz ${fmt(p.idle1000At10HzPct, ' %')} (goal <= 5)${verdict(p.idle1000At10HzPct === null ? undefined : p.idle1000At10HzPct <= 5)}`)
  out.push(`          64 watches 4 KiB at 20 Hz ${fmt(p.watch64At20HzPct, ' %')} (goal <= 10)${verdict(p.watch64At20HzPct === null ? undefined : p.watch64At20HzPct <= 10)}${p.via ? `  [via ${p.via}]` : ''}`)
  const cmp = p.details?.idleComparisons as Record<string, number> | undefined
  if (cmp) out.push(`          same 10 Hz loop doing only: ${Object.entries(cmp).map(([k, v]) => `${k.replace(/Pct$/, '')} ${v} %`).join(', ')}`)
  const d = r.decode
  out.push(`decode samples/s: shared_data_t full ${fmt(d.sharedDataSamplesPerS)}, numeric ${fmt(d.sharedDataNumericSamplesPerS)}`)
  out.push(`                  500-field 4 KiB full ${fmt(d.wide500FieldsSamplesPerS)}, numeric ${fmt(d.wide500FieldsNumericSamplesPerS)}`)
  const u = r.ui
  out.push(`ui: tick-to-screen ${fmt(u.tickToScreenMs, ' ms')} (goal <= 600)${verdict(u.tickToScreenMs === null ? undefined : u.tickToScreenMs <= 600)}; chart 8x2000 update ${fmt(u.chart8x2000UpdateMs, ' ms')}`)
  out.push(`    after 1 h simulated: renderer heap ${fmt(u.rendererHeapMbAfterHour, ' MB')}, main RSS ${fmt(u.mainRssMbAfterHour, ' MB')}`)
  if (r.notes.length > 0) out.push('', 'notes:', ...r.notes.map((n) => `  - ${n}`))
  process.stdout.write(`${out.join('\n')}\n`)
}
