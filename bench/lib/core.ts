// Loads shmscope's core modules lazily, so that one benchmark can run while another
// module is still being written; each loader returns undefined when its module is absent.
import type { Snapshot } from '../../src/shared/snapshot'

export interface SnapshotModule {
  takeSnapshot(options?: { excludePids?: number[] }): Promise<Snapshot>
}

export type Decoder = (bytes: Uint8Array) => { value: unknown; truncated?: boolean }
export type NumericDecoder = (bytes: Uint8Array, out: Float64Array) => void

export interface LayoutModule {
  compileHeader(source: string): Promise<unknown>
  layoutOf(header: unknown, typeName: string, abi: string): { json: { sizeBytes: number; fields: unknown[] } }
  createDecoder(layout: unknown): Decoder
  createNumericDecoder(layout: unknown): NumericDecoder
  numericLeaves?(layout: unknown): unknown[]
}

async function load<T>(relative: string): Promise<{ mod?: T; error?: string }> {
  try {
    const mod = (await import(new URL(`../../src/main/core/${relative}`, import.meta.url).href)) as T
    return { mod }
  } catch (e) {
    return { error: (e as Error).message.split('\n')[0] }
  }
}

export const loadSnapshot = (): Promise<{ mod?: SnapshotModule; error?: string }> => load<SnapshotModule>('snapshot.ts')
/** BENCH_LAYOUT_DIR (an absolute path) measures a patched copy of the layout module instead. */
export const loadLayout = async (): Promise<{ mod?: LayoutModule; error?: string }> => {
  const dir = process.env.BENCH_LAYOUT_DIR
  if (!dir) return load<LayoutModule>('layout/index.ts')
  try {
    return { mod: (await import(new URL(`file://${dir}/index.ts`).href)) as LayoutModule }
  } catch (e) {
    return { error: (e as Error).message.split('\n')[0] }
  }
}
export const loadReader = (): Promise<{ mod?: Record<string, unknown>; error?: string }> => load<Record<string, unknown>>('attach/reader.ts')
export const loadService = (): Promise<{ mod?: Record<string, unknown>; error?: string }> => load<Record<string, unknown>>('service.ts')
