// Placeholder for the Prometheus exposition of serve mode (owned by the metrics helper, who replaces this file).
import type { ApiService } from './rpc'

/** Prometheus text for GET /metrics. */
export async function renderMetrics(service: Pick<ApiService, 'getSnapshot' | 'getStatus'>): Promise<{ contentType: string; body: string }> {
  const [snapshot, status] = await Promise.all([service.getSnapshot(), service.getStatus()])
  const lines = [
    '# HELP shmscope_segments System V segments currently present.',
    '# TYPE shmscope_segments gauge',
    `shmscope_segments ${snapshot.sysv.length}`,
    '# HELP shmscope_ticks_total Monitor ticks completed.',
    '# TYPE shmscope_ticks_total counter',
    `shmscope_ticks_total ${status.ticks}`
  ]
  return { contentType: 'text/plain; version=0.0.4; charset=utf-8', body: lines.join('\n') + '\n' }
}
