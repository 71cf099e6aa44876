// Benchmark 4c: memory after an hour of simulated history — renderer heap (CDP
// Runtime.getHeapUsage) and main-process RSS, sampled at several points to get a slope.
import type { Page } from 'playwright-core'
import type { ServeHandle } from './serve'

export interface HistoryResult {
  rendererHeapMb: number | null
  mainRssMb: number | null
  method: string
  points: { simulatedMinutes: number; rendererHeapMb?: number; mainRssMb?: number; heapUsedMb?: number }[]
  rssSlopeMbPerHour?: number
  heapSlopeMbPerHour?: number
}

export async function benchHourOfHistory(_page: Page, _serve: ServeHandle, _quick: boolean): Promise<HistoryResult> {
  throw new Error('no history entry point in src/main/core/monitor yet')
}
