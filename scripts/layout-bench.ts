// Measures decode throughput (samples/s) of the layout module for shared_data_t and a
// 500-field 4 KiB struct: `node --import tsx scripts/layout-bench.ts`.
import { performance } from 'node:perf_hooks'
import { compileHeader, createDecoder, createNumericDecoder, layoutOf, numericLeaves } from '../src/main/core/layout/index'

const SHARED = 'typedef struct { int counter; char message[256]; int ready; } shared_data_t;'
const wide = ['typedef struct {', 'int counter;', 'int flags;']
for (let i = 0; i < 400; i++) wide.push(`double d${i};`)
for (let i = 0; i < 94; i++) wide.push(`int i${i};`)
for (let i = 0; i < 4; i++) wide.push(`char s${i}[128];`)
wide.push('} wide_t;')

function rate(fn: () => void, ms = 1500): number {
  for (let i = 0; i < 5000; i++) fn()
  let n = 0
  const t0 = performance.now()
  while (performance.now() - t0 < ms) {
    for (let i = 0; i < 200; i++) fn()
    n += 200
  }
  return Math.round((n / (performance.now() - t0)) * 1000)
}

for (const [src, type] of [[SHARED, 'shared_data_t'], [wide.join('\n'), 'wide_t']] as const) {
  const layout = layoutOf(await compileHeader(src), type, 'x86_64')
  const bytes = new Uint8Array(layout.json.sizeBytes)
  for (let i = 0; i < bytes.length; i++) bytes[i] = 97 + (i % 26)
  bytes[40] = 0
  const decode = createDecoder(layout)
  const numeric = createNumericDecoder(layout)
  const out = new Float64Array(numericLeaves(layout).length)
  let sink = 0
  const full = rate(() => {
    sink += decode(bytes).truncated ? 1 : 0
  })
  const num = rate(() => {
    numeric(bytes, out)
    sink += out[0] as number
  })
  process.stdout.write(`${type}: ${layout.json.sizeBytes} bytes, ${layout.json.fields.length} fields: decode ${full} samples/s, numeric ${num} samples/s${sink === -1 ? '' : ''}\n`)
}
