// Types for the one bundler feature main uses: import.meta.glob (optional modules resolved at build time).
interface ImportMeta {
  glob<T = unknown>(pattern: string): Record<string, () => Promise<T>>
}
