// Owns the hex dump of `shmscope read`: offset, 16 bytes in hex, and an ASCII column, like `hexdump -C`.

const hex2 = (b: number): string => (b < 16 ? '0' : '') + b.toString(16)

/** One dump line for up to 16 bytes starting at `offset` (the absolute offset in the object). */
function dumpLine(bytes: Uint8Array, start: number, end: number, offset: number): string {
  let hex = ''
  let ascii = ''
  for (let i = 0; i < 16; i++) {
    const at = start + i
    if (i === 8) hex += ' '
    if (at < end) {
      const b = bytes[at] as number
      hex += hex2(b) + ' '
      ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.'
    } else {
      hex += '   '
    }
  }
  return `${offset.toString(16).padStart(8, '0')}  ${hex} |${ascii}|`
}

/**
 * Dump `bytes`, which start at `baseOffset` in the object. Runs of identical 16-byte lines
 * collapse to one `*` line, as hexdump -C does; the last line gives the end offset.
 */
export function hexDump(bytes: Uint8Array, baseOffset = 0): string {
  const lines: string[] = []
  let prev: string | undefined
  let starred = false
  for (let start = 0; start < bytes.length; start += 16) {
    const end = Math.min(start + 16, bytes.length)
    const key = end - start === 16 ? Buffer.from(bytes.buffer, bytes.byteOffset + start, 16).toString('hex') : undefined
    if (key !== undefined && key === prev) {
      if (!starred) lines.push('*')
      starred = true
      continue
    }
    prev = key
    starred = false
    lines.push(dumpLine(bytes, start, end, baseOffset + start))
  }
  lines.push((baseOffset + bytes.length).toString(16).padStart(8, '0'))
  return lines.join('\n')
}
