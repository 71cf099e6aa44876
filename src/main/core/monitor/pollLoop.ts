// Owns the timing of the monitor: one tick per interval, a tick still running makes the next
// one skip (counted, never queued), the interval changes while running, pause and resume.

export class PollLoop {
  private timer: NodeJS.Timeout | undefined
  private inFlight: Promise<void> | undefined
  private pausedFlag = false
  ticks = 0
  skipped = 0
  lastDurationMs = 0
  lastTickMs = 0
  lastError: string | undefined

  constructor(
    private readonly tick: () => Promise<void>,
    private interval: number
  ) {}

  get intervalMs(): number {
    return this.interval
  }
  get paused(): boolean {
    return this.pausedFlag
  }
  get running(): boolean {
    return this.timer !== undefined
  }

  start(): void {
    if (this.timer || this.pausedFlag) return
    this.timer = setInterval(() => this.fire(), this.interval)
    this.fire()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
  }

  setIntervalMs(ms: number): void {
    if (ms === this.interval) return
    this.interval = ms
    if (this.timer) {
      this.stop()
      this.start()
    }
  }

  setPaused(paused: boolean): void {
    this.pausedFlag = paused
    if (paused) this.stop()
    else this.start()
  }

  /** Run one tick now unless one is running (then it counts as skipped). */
  fire(): void {
    if (this.inFlight) {
      this.skipped++
      return
    }
    const t0 = performance.now()
    this.lastTickMs = Date.now()
    this.inFlight = this.tick()
      .then(
        () => {
          this.lastError = undefined
        },
        (err: unknown) => {
          // A failing tick is reported and the loop goes on: the next tick may succeed.
          this.lastError = err instanceof Error ? err.message : String(err)
        }
      )
      .finally(() => {
        this.ticks++
        this.lastDurationMs = performance.now() - t0
        this.inFlight = undefined
      })
  }

  /** Resolves once no tick is running (work that must not overlap a snapshot waits here). */
  async idle(): Promise<void> {
    while (this.inFlight) await this.inFlight
  }
}
