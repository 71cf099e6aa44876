// Readers for single C values (integers, floats, long doubles, pointers, bitfields) from bytes.
import type { AbiInfo } from './abi'

/** What a reader sees: the sample's bytes, once per decode call. */
export interface Bytes {
  dv: DataView
  u8: Uint8Array
  len: number
}

export const TWO32 = 4294967296

/** Formats the 64-bit value hi:lo (hi signed or not) as a number when exact, else a decimal string. */
export function int64(hi: number, lo: number, signed: boolean): number | string {
  if (signed ? hi >= -0x200000 && hi < 0x200000 : hi < 0x200000) return hi * TWO32 + lo
  const big = (BigInt(hi) << 32n) | BigInt(lo)
  return (signed ? BigInt.asIntN(64, big) : BigInt.asUintN(64, big)).toString()
}

/** A signed or unsigned integer of 1, 2, 4 or 8 bytes at byte offset `o` (caller checks bounds). */
export function intReader(sizeBytes: number, signed: boolean, le: boolean): (b: Bytes, o: number) => number | string {
  switch (sizeBytes) {
    case 1:
      return signed ? (b, o) => b.dv.getInt8(o) : (b, o) => b.u8[o] as number
    case 2:
      return signed ? (b, o) => b.dv.getInt16(o, le) : (b, o) => b.dv.getUint16(o, le)
    case 4:
      return signed ? (b, o) => b.dv.getInt32(o, le) : (b, o) => b.dv.getUint32(o, le)
    case 8: {
      const hiAt = le ? 4 : 0
      const loAt = le ? 0 : 4
      return signed
        ? (b, o) => int64(b.dv.getInt32(o + hiAt, le), b.dv.getUint32(o + loAt, le), true)
        : (b, o) => int64(b.dv.getUint32(o + hiAt, le), b.dv.getUint32(o + loAt, le), false)
    }
    case 16:
      return (b, o) => {
        let v = 0n
        for (let i = 0; i < 16; i++) v = (v << 8n) | BigInt(b.u8[o + (le ? 15 - i : i)] as number)
        const s = signed ? BigInt.asIntN(128, v) : v
        return s >= BigInt(Number.MIN_SAFE_INTEGER) && s <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(s) : s.toString()
      }
    default:
      throw new Error(`no ${sizeBytes}-byte integers`)
  }
}

/** A float, double or long double. */
export function floatReader(sizeBytes: number, abi: AbiInfo, le: boolean): (b: Bytes, o: number) => number {
  if (sizeBytes === 4) return (b, o) => b.dv.getFloat32(o, le)
  if (sizeBytes === 8) return (b, o) => b.dv.getFloat64(o, le)
  if (abi.longDoubleFormat === 'x87') return (b, o) => x87(b, o)
  return (b, o) => binary128(b, o)
}

/** The 80-bit x87 extended format (little-endian only: x87 exists only there). */
function x87(b: Bytes, o: number): number {
  const lo = b.dv.getUint32(o, true)
  const hi = b.dv.getUint32(o + 4, true)
  const se = b.dv.getUint16(o + 8, true)
  const sign = se & 0x8000 ? -1 : 1
  const exp = se & 0x7fff
  const mant = hi * TWO32 + lo
  if (exp === 0x7fff) return (hi & 0x7fffffff) === 0 && lo === 0 ? sign * Infinity : NaN
  if (exp === 0 && mant === 0) return sign * 0
  return sign * mant * Math.pow(2, (exp === 0 ? 1 : exp) - 16383 - 63)
}

/** IEEE binary128 (AArch64 long double), rounded to a double. */
function binary128(b: Bytes, o: number): number {
  const w3 = b.dv.getUint32(o + 12, true)
  const w2 = b.dv.getUint32(o + 8, true)
  const w1 = b.dv.getUint32(o + 4, true)
  const sign = w3 & 0x80000000 ? -1 : 1
  const exp = (w3 >>> 16) & 0x7fff
  const frac = ((w3 & 0xffff) * TWO32 + w2 + w1 / TWO32) / 2 ** 48
  if (exp === 0x7fff) return frac === 0 ? sign * Infinity : NaN
  if (exp === 0) return sign * frac * Math.pow(2, -16382)
  return sign * (1 + frac) * Math.pow(2, exp - 16383)
}

/** A pointer as `0x…`. */
export function pointerReader(sizeBytes: number, le: boolean): (b: Bytes, o: number) => string {
  if (sizeBytes === 4) return (b, o) => '0x' + b.dv.getUint32(o, le).toString(16)
  return (b, o) => {
    const hi = b.dv.getUint32(o + (le ? 4 : 0), le)
    const lo = b.dv.getUint32(o + (le ? 0 : 4), le)
    return hi === 0 ? '0x' + lo.toString(16) : '0x' + hi.toString(16) + lo.toString(16).padStart(8, '0')
  }
}

/**
 * A bitfield `width` bits wide starting `bitOffset` bits into the bytes at `o`. Little-endian
 * counts bits from the least significant bit of the first byte; big-endian from the most significant.
 * Returns null when its bytes are not all present.
 */
export function bitfieldReader(bitOffset: number, width: number, signed: boolean, le: boolean): (b: Bytes, base: number) => number | string | null {
  const first = Math.floor(bitOffset / 8)
  const shift = bitOffset % 8
  const nBytes = Math.ceil((shift + width) / 8)
  const low = le ? shift : nBytes * 8 - shift - width
  if (nBytes <= 6) {
    const mod = 2 ** width
    const half = 2 ** (width - 1)
    const div = 2 ** low
    return (b, base) => {
      const o = base + first
      if (o + nBytes > b.len) return null
      let v = 0
      for (let i = 0; i < nBytes; i++) v += (b.u8[o + i] as number) * 2 ** (8 * (le ? i : nBytes - 1 - i))
      v = Math.floor(v / div) % mod
      return signed && v >= half ? v - mod : v
    }
  }
  return (b, base) => {
    const o = base + first
    if (o + nBytes > b.len) return null
    let v = 0n
    for (let i = 0; i < nBytes; i++) v |= BigInt(b.u8[o + i] as number) << BigInt(8 * (le ? i : nBytes - 1 - i))
    v = BigInt.asUintN(width, v >> BigInt(low))
    if (signed) v = BigInt.asIntN(width, v)
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString()
  }
}

const utf8 = new TextDecoder('utf-8')

/** Text from `start` up to the first NUL before `end`: ASCII directly, anything else as UTF-8. */
export function cString(u8: Uint8Array, start: number, end: number): string {
  let e = start
  let ascii = true
  while (e < end) {
    const c = u8[e] as number
    if (c === 0) break
    if (c > 0x7f) ascii = false
    e++
  }
  if (!ascii || e - start > 64) return utf8.decode(u8.subarray(start, e))
  let s = ''
  for (let i = start; i < e; i++) s += String.fromCharCode(u8[i] as number)
  return s
}
