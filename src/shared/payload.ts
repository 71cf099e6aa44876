// Results of reading a segment's bytes read-only. Errors are values, never exceptions.

export type ReadErrorCode =
  | 'not-found'
  | 'permission-denied'
  | 'removed'
  | 'too-large'
  | 'invalid-range'
  | 'failed'

export interface ReadError {
  ok: false
  code: ReadErrorCode
  /** One human sentence, shown as is by the CLI and the UI. */
  message: string
}

export interface ReadOk {
  ok: true
  /** The copied bytes (a copy: never a view of the mapping). */
  bytes: Uint8Array
  offset: number
  /** Size of the whole object when it was read. */
  sizeBytes: number
  /** No two consecutive copies agreed: a writer was busy; these are the last bytes copied. */
  torn: boolean
  takenAtMs: number
}

export type ReadResult = ReadOk | ReadError
