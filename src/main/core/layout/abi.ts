// Facts about each supported ABI: primitive sizes/alignments and the bitfield rules that differ.
import type { Abi } from '../../../shared/layout'
import type { Prim } from './model'

export interface AbiInfo {
  name: Abi
  pointerBytes: number
  longBytes: number
  /** Alignment of long long and double inside structs (4 on System V i386). */
  int64AlignBytes: number
  doubleAlignBytes: number
  longDoubleBytes: number
  longDoubleAlignBytes: number
  /** How a long double's bits are encoded. */
  longDoubleFormat: 'x87' | 'binary128' | 'binary64'
  charSigned: boolean
  wcharSigned: boolean
  /** AAPCS/AAPCS64: every bitfield, named or not (zero-width too), raises the struct's alignment. */
  unnamedBitfieldsAlign: boolean
  /** `__attribute__((aligned))` with no argument: __BIGGEST_ALIGNMENT__. */
  biggestAlignBytes: number
  hasInt128: boolean
}

const ABI_INFO: Record<Abi, AbiInfo> = {
  x86_64: {
    name: 'x86_64', pointerBytes: 8, longBytes: 8, int64AlignBytes: 8, doubleAlignBytes: 8,
    longDoubleBytes: 16, longDoubleAlignBytes: 16, longDoubleFormat: 'x87', charSigned: true, wcharSigned: true,
    unnamedBitfieldsAlign: false, biggestAlignBytes: 16, hasInt128: true
  },
  aarch64: {
    name: 'aarch64', pointerBytes: 8, longBytes: 8, int64AlignBytes: 8, doubleAlignBytes: 8,
    longDoubleBytes: 16, longDoubleAlignBytes: 16, longDoubleFormat: 'binary128', charSigned: false, wcharSigned: false,
    unnamedBitfieldsAlign: true, biggestAlignBytes: 16, hasInt128: true
  },
  armhf: {
    name: 'armhf', pointerBytes: 4, longBytes: 4, int64AlignBytes: 8, doubleAlignBytes: 8,
    longDoubleBytes: 8, longDoubleAlignBytes: 8, longDoubleFormat: 'binary64', charSigned: false, wcharSigned: false,
    unnamedBitfieldsAlign: true, biggestAlignBytes: 8, hasInt128: false
  },
  i386: {
    name: 'i386', pointerBytes: 4, longBytes: 4, int64AlignBytes: 4, doubleAlignBytes: 4,
    longDoubleBytes: 12, longDoubleAlignBytes: 4, longDoubleFormat: 'x87', charSigned: true, wcharSigned: true,
    unnamedBitfieldsAlign: false, biggestAlignBytes: 16, hasInt128: false
  }
}

export const abiInfo = (abi: Abi): AbiInfo => ABI_INFO[abi]

export const isAbi = (text: string): text is Abi => Object.prototype.hasOwnProperty.call(ABI_INFO, text)

/** The ABI of the machine shmscope runs on (x86_64 when the host is none of the four). */
export function hostAbi(): Abi {
  switch (process.arch) {
    case 'arm64':
      return 'aarch64'
    case 'arm':
      return 'armhf'
    case 'ia32':
      return 'i386'
    default:
      return 'x86_64'
  }
}

export interface PrimInfo {
  sizeBytes: number
  alignBytes: number
  /** Integers: signed or not; floats: 'float'. */
  cls: 'signed' | 'unsigned' | 'float' | 'bool' | 'void'
}

export function primInfo(p: Prim, a: AbiInfo): PrimInfo {
  const int = (sizeBytes: number, signed: boolean, alignBytes = sizeBytes): PrimInfo => ({ sizeBytes, alignBytes, cls: signed ? 'signed' : 'unsigned' })
  switch (p) {
    case 'void': return { sizeBytes: 1, alignBytes: 1, cls: 'void' }
    case 'bool': return { sizeBytes: 1, alignBytes: 1, cls: 'bool' }
    case 'char': return int(1, a.charSigned)
    case 'schar': return int(1, true)
    case 'uchar': return int(1, false)
    case 'short': return int(2, true)
    case 'ushort': return int(2, false)
    case 'int': return int(4, true)
    case 'uint': return int(4, false)
    case 'wchar': return int(4, a.wcharSigned)
    case 'long': return int(a.longBytes, true, Math.min(a.longBytes, a.int64AlignBytes))
    case 'ulong': return int(a.longBytes, false, Math.min(a.longBytes, a.int64AlignBytes))
    case 'llong': return int(8, true, a.int64AlignBytes)
    case 'ullong': return int(8, false, a.int64AlignBytes)
    case 'int128': return int(16, true)
    case 'uint128': return int(16, false)
    case 'float': return { sizeBytes: 4, alignBytes: 4, cls: 'float' }
    case 'double': return { sizeBytes: 8, alignBytes: a.doubleAlignBytes, cls: 'float' }
    case 'ldouble': return { sizeBytes: a.longDoubleBytes, alignBytes: a.longDoubleAlignBytes, cls: 'float' }
  }
}

/** C spelling of a primitive. */
export const PRIM_SPELLING: Record<Prim, string> = {
  void: 'void', char: 'char', schar: 'signed char', uchar: 'unsigned char', short: 'short', ushort: 'unsigned short',
  int: 'int', uint: 'unsigned int', long: 'long', ulong: 'unsigned long', llong: 'long long', ullong: 'unsigned long long',
  int128: '__int128', uint128: 'unsigned __int128', bool: '_Bool', float: 'float', double: 'double',
  ldouble: 'long double', wchar: 'wchar_t'
}
