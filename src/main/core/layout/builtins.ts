// Typedefs every header may use without including anything: stdint.h, stddef.h, stdbool.h,
// uchar.h and common <sys/types.h> names, as glibc defines them on the four ABIs.
import type { Abi } from '../../../shared/layout'
import type { Prim } from './model'

// `long` is 4 bytes on the 32-bit ABIs, so a name glibc maps to "word size" maps to long here,
// and a name that is 64-bit everywhere maps to long long (same size and alignment as glibc's
// choice on every ABI, including i386's 4-byte alignment of 64-bit integers in structs).
// time_t and off_t follow glibc's defaults without _TIME_BITS/_FILE_OFFSET_BITS (32-bit on
// i386/armhf); a producer built with _TIME_BITS=64 must use int64_t/time64_t-like types.
const TABLE: Record<string, Prim> = {
  bool: 'bool', _Bool: 'bool',
  int8_t: 'schar', uint8_t: 'uchar', int16_t: 'short', uint16_t: 'ushort',
  int32_t: 'int', uint32_t: 'uint', int64_t: 'llong', uint64_t: 'ullong',
  int_least8_t: 'schar', uint_least8_t: 'uchar', int_least16_t: 'short', uint_least16_t: 'ushort',
  int_least32_t: 'int', uint_least32_t: 'uint', int_least64_t: 'llong', uint_least64_t: 'ullong',
  int_fast8_t: 'schar', uint_fast8_t: 'uchar', int_fast16_t: 'long', uint_fast16_t: 'ulong',
  int_fast32_t: 'long', uint_fast32_t: 'ulong', int_fast64_t: 'llong', uint_fast64_t: 'ullong',
  intmax_t: 'llong', uintmax_t: 'ullong', intptr_t: 'long', uintptr_t: 'ulong',
  size_t: 'ulong', ssize_t: 'long', ptrdiff_t: 'long', wchar_t: 'wchar', wint_t: 'uint',
  char16_t: 'ushort', char32_t: 'uint', char8_t: 'uchar',
  __int8_t: 'schar', __uint8_t: 'uchar', __int16_t: 'short', __uint16_t: 'ushort',
  __int32_t: 'int', __uint32_t: 'uint', __int64_t: 'llong', __uint64_t: 'ullong',
  __s8: 'schar', __u8: 'uchar', __s16: 'short', __u16: 'ushort', __s32: 'int', __u32: 'uint', __s64: 'llong', __u64: 'ullong',
  s8: 'schar', u8: 'uchar', s16: 'short', u16: 'ushort', s32: 'int', u32: 'uint', s64: 'llong', u64: 'ullong',
  pid_t: 'int', uid_t: 'uint', gid_t: 'uint', key_t: 'int', mode_t: 'uint', id_t: 'uint',
  off_t: 'long', off64_t: 'llong', loff_t: 'llong', time_t: 'long', clock_t: 'long', suseconds_t: 'long',
  useconds_t: 'uint', clockid_t: 'int', dev_t: 'ullong', ino_t: 'ulong', ino64_t: 'ullong',
  blkcnt_t: 'long', fsblkcnt_t: 'ulong', fsfilcnt_t: 'ulong', socklen_t: 'uint', sa_family_t: 'ushort',
  in_port_t: 'ushort', in_addr_t: 'uint', sig_atomic_t: 'int', pthread_t: 'ulong', pthread_key_t: 'uint', pthread_once_t: 'int', pthread_spinlock_t: 'int',
  u_char: 'uchar', u_short: 'ushort', u_int: 'uint', u_long: 'ulong', ushort: 'ushort', uint: 'uint', ulong: 'ulong',
  u_int8_t: 'uchar', u_int16_t: 'ushort', u_int32_t: 'uint', u_int64_t: 'ullong',
  shmatt_t: 'ulong', float_t: 'float', double_t: 'double', __int128: 'int128', __int128_t: 'int128', __uint128_t: 'uint128'
}

/** The primitive a builtin typedef name stands for, if it is one. */
export const builtinTypedef = (name: string): Prim | undefined =>
  Object.prototype.hasOwnProperty.call(TABLE, name) ? TABLE[name] : undefined

/** Every builtin typedef name. */
export const BUILTIN_TYPEDEF_NAMES: readonly string[] = Object.keys(TABLE)

/**
 * glibc's opaque synchronisation types, often placed in shared memory: a union of
 * `char __size[N]` and an aligning member, with N per ABI from bits/pthreadtypes-arch.h
 * and bits/semaphore.h. (`__data` is left out: its insides are glibc's business.)
 */
export const BUILTIN_UNIONS: Record<string, { sizeBytes: Record<Abi, number>; align: Prim }> = {
  pthread_mutex_t: { sizeBytes: { x86_64: 40, aarch64: 48, armhf: 24, i386: 24 }, align: 'long' },
  pthread_mutexattr_t: { sizeBytes: { x86_64: 4, aarch64: 8, armhf: 4, i386: 4 }, align: 'int' },
  pthread_cond_t: { sizeBytes: { x86_64: 48, aarch64: 48, armhf: 48, i386: 48 }, align: 'llong' },
  pthread_condattr_t: { sizeBytes: { x86_64: 4, aarch64: 8, armhf: 4, i386: 4 }, align: 'int' },
  pthread_rwlock_t: { sizeBytes: { x86_64: 56, aarch64: 56, armhf: 32, i386: 32 }, align: 'long' },
  pthread_rwlockattr_t: { sizeBytes: { x86_64: 8, aarch64: 8, armhf: 8, i386: 8 }, align: 'long' },
  pthread_barrier_t: { sizeBytes: { x86_64: 32, aarch64: 32, armhf: 20, i386: 20 }, align: 'long' },
  pthread_barrierattr_t: { sizeBytes: { x86_64: 4, aarch64: 8, armhf: 4, i386: 4 }, align: 'int' },
  sem_t: { sizeBytes: { x86_64: 32, aarch64: 32, armhf: 16, i386: 16 }, align: 'long' }
}
