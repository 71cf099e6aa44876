// Benchmark 3: decode throughput (samples per second) of the layout module's full-value
// decoder and numeric decoder, for shared_data_t and a 4 KiB struct with 500 fields.
import { performance } from 'node:perf_hooks'
import { loadLayout, type LayoutModule } from './lib/core'
import { SHARED_DATA_H, wideHeader, WIDE_FIELDS, WIDE_SIZE_BYTES } from './lib/headers'
import type { Results } from './lib/results'
import { log, round } from './lib/stats'

export interface DecodeBenchOptions {
  secondsPerCase: number
}

/** Bytes that look like a live payload: counters set, strings filled. */
function sampleBytes(sizeBytes: number, counter: number): Uint8Array {
  const buf = new Uint8Array(sizeBytes)
  const view = new DataView(buf.buffer)
  view.setInt32(0, counter, true)
  for (let i = 8; i + 8 <= sizeBytes - 512; i += 8) view.setFloat64(i, i * 0.25, true)
  for (let i = Math.max(4, sizeBytes - 512); i < sizeBytes - 1; i++) buf[i] = 97 + (i % 26)
  if (sizeBytes === 264) {
    // shared_data_t: message at 4..259 holds a short string, ready at 260.
    buf.fill(0, 4, 260)
    buf.set(new TextEncoder().encode('hello from the producer'), 4)
    view.setInt32(260, 1, true)
  }
  return buf
}

/** Run `fn` in batches until `seconds` pass (at most 50 million calls); calls per second. */
function throughput(fn: (i: number) => void, seconds: number): { perS: number; calls: number } {
  for (let i = 0; i < 2000; i++) fn(i) // warm-up: let the JIT settle on the hot path
  const t0 = performance.now()
  const budgetMs = seconds * 1000
  let calls = 0
  let batch = 256
  while (calls < 50_000_000) {
    for (let i = 0; i < batch; i++) fn(calls + i)
    calls += batch
    const elapsed = performance.now() - t0
    if (elapsed >= budgetMs) return { perS: (calls / elapsed) * 1000, calls }
    if (elapsed < budgetMs / 20) batch *= 2
  }
  return { perS: (calls / (performance.now() - t0)) * 1000, calls }
}

interface CaseResult {
  fullPerS: number
  numericPerS: number
  sizeBytes: number
  fields: number
  numericLeaves: number
}

async function benchCase(mod: LayoutModule, source: string, typeName: string, seconds: number): Promise<CaseResult> {
  const header = await mod.compileHeader(source)
  const layout = mod.layoutOf(header, typeName, 'x86_64')
  const sizeBytes = layout.json.sizeBytes
  const decode = mod.createDecoder(layout)
  const numeric = mod.createNumericDecoder(layout)
  const leaves = mod.numericLeaves ? mod.numericLeaves(layout).length : layout.json.fields.length
  const out = new Float64Array(Math.max(1, leaves))
  // Two distinct payloads so that nothing can cache one result.
  const payloads = [sampleBytes(sizeBytes, 41), sampleBytes(sizeBytes, 42)]
  const first = decode(payloads[1] as Uint8Array).value as Record<string, unknown>
  if (first.counter !== 42) throw new Error(`${typeName}: decoder gave counter=${String(first.counter)}, expected 42`)
  numeric(payloads[1] as Uint8Array, out)
  if (!Array.from(out).includes(42)) throw new Error(`${typeName}: numeric decoder output does not contain counter 42`)
  let sink = 0
  const full = throughput((i) => {
    const r = decode(payloads[i & 1] as Uint8Array)
    if (r.truncated) sink++
  }, seconds)
  const num = throughput((i) => {
    numeric(payloads[i & 1] as Uint8Array, out)
    sink += out[0] as number
  }, seconds)
  if (sink === -1) log('unreachable')
  return { fullPerS: full.perS, numericPerS: num.perS, sizeBytes, fields: layout.json.fields.length, numericLeaves: leaves }
}

export async function benchDecode(opts: DecodeBenchOptions, notes: string[]): Promise<Results['decode']> {
  const { mod, error } = await loadLayout()
  if (!mod) {
    notes.push(`decode: src/main/core/layout not loadable (${error})`)
    return { sharedDataSamplesPerS: null, wide500FieldsSamplesPerS: null }
  }
  log('decode: shared_data_t')
  const small = await benchCase(mod, SHARED_DATA_H, 'shared_data_t', opts.secondsPerCase)
  log('decode: 500-field 4 KiB struct')
  const wide = await benchCase(mod, wideHeader(), 'wide_t', opts.secondsPerCase)
  if (wide.sizeBytes !== WIDE_SIZE_BYTES || wide.fields !== WIDE_FIELDS) {
    notes.push(`decode: wide struct laid out as ${wide.sizeBytes} bytes / ${wide.fields} fields (expected ${WIDE_SIZE_BYTES} / ${WIDE_FIELDS})`)
  }
  return {
    sharedDataSamplesPerS: Math.round(small.fullPerS),
    wide500FieldsSamplesPerS: Math.round(wide.fullPerS),
    sharedDataNumericSamplesPerS: Math.round(small.numericPerS),
    wide500FieldsNumericSamplesPerS: Math.round(wide.numericPerS),
    details: {
      sharedData: { ...small, fullPerS: round(small.fullPerS, 0), numericPerS: round(small.numericPerS, 0) },
      wide: { ...wide, fullPerS: round(wide.fullPerS, 0), numericPerS: round(wide.numericPerS, 0) },
      secondsPerCase: opts.secondsPerCase
    }
  }
}
