// Owns compiled headers by source text: parsing is the slow part of a layout, and pages ask
// for the same header on every keystroke pause, every watch and every saved binding.
import { compileHeader, type Header } from '../layout/index'

const KEEP = 16

export class LayoutCache {
  private readonly headers = new Map<string, Promise<Header>>()

  compile(source: string): Promise<Header> {
    const hit = this.headers.get(source)
    if (hit) {
      // Most recently used last.
      this.headers.delete(source)
      this.headers.set(source, hit)
      return hit
    }
    const p = compileHeader(source)
    this.headers.set(source, p)
    // A failed compile is not kept: the answer is cheap to recompute and may be retried.
    p.catch(() => this.headers.delete(source))
    while (this.headers.size > KEEP) this.headers.delete(this.headers.keys().next().value as string)
    return p
  }
}
