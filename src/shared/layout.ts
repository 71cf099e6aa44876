// Computed C layouts and decoded values: the `layout --json` and `decode --json` shapes.

export type Abi = 'x86_64' | 'aarch64' | 'armhf' | 'i386'
export const ABIS: readonly Abi[] = ['x86_64', 'aarch64', 'armhf', 'i386']

/** One member of a laid-out type, flattened (CONTRACT.md `layout --json`). */
export interface LayoutField {
  /** `outer.inner`, `arr[0].member`. */
  path: string
  offsetBytes: number
  sizeBytes: number
  /** C spelling of the member's type: `int`, `char[16]`, `struct Foo`, `uint32_t`. */
  type: string
  /** Arrays: all dimensions multiplied. */
  count?: number
  dims?: number[]
  /** Bitfields: bits from the start of the outermost type. */
  bitOffset?: number
  bitWidth?: number
}

export interface LayoutJson {
  type: string
  abi: Abi
  sizeBytes: number
  alignBytes: number
  fields: LayoutField[]
}

/** A decoded value: numbers, strings, arrays and objects (64-bit beyond 2^53 as strings). */
export type DecodedValue = number | string | boolean | null | DecodedValue[] | { [member: string]: DecodedValue }

/** A layout error with its position in the header the user gave. */
export interface LayoutErrorInfo {
  message: string
  file?: string
  /** 1-based. */
  line?: number
  /** 1-based. */
  column?: number
  /** The offending source line, for display. */
  sourceLine?: string
}

/** `decode --json`, and a watch sample when nattch/atimeMs/dtimeMs are set. */
export interface DecodedSample {
  target: string
  type: string
  abi: Abi
  takenAtMs: number
  torn: boolean
  value: DecodedValue
  /** The layout is larger than the segment: only what fits was decoded. */
  truncated?: boolean
  nattch?: number
  atimeMs?: number | null
  dtimeMs?: number | null
}
