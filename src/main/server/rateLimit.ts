// Owns a token bucket: at most `ratePerS` calls per second on average, `burst` at once.

export class TokenBucket {
  private tokens: number
  private lastMs: number

  constructor(
    private readonly ratePerS: number,
    private readonly burst: number,
    nowMs: number = Date.now()
  ) {
    this.tokens = burst
    this.lastMs = nowMs
  }

  /** Take one token; false when the caller is over its rate. */
  take(nowMs: number = Date.now()): boolean {
    const elapsedS = Math.max(0, nowMs - this.lastMs) / 1000
    this.lastMs = nowMs
    this.tokens = Math.min(this.burst, this.tokens + elapsedS * this.ratePerS)
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }
}
