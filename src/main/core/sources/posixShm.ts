// Reads /dev/shm (shm_overview(7), sem_overview(7)): every POSIX shared-memory object and named semaphore, with stat data.
import { readdir, lstat } from 'node:fs/promises'
import { join } from 'node:path'

export const DEV_SHM = '/dev/shm'

/** One regular file of /dev/shm with what stat(2) says about it. */
export interface PosixShmEntry {
  /**
   * The name as shm_open() takes it: `/` + the file name. A named semaphore keeps its file
   * name (`sem_open("/x")` is the file `sem.x`, shown as `/sem.x`, kind `semaphore`), so
   * that every name is unique and can be given back as a target.
   * Bytes that are not UTF-8 are written `\xNN` (and a backslash then `\\`); see nameToPath.
   */
  name: string
  kind: 'shm' | 'semaphore'
  sizeBytes: number
  mode: number
  uid: number
  gid: number
  mtimeMs: number
  inode: number
  /** Device of the file system holding it (st_dev), to match /proc/<pid>/maps lines. */
  dev: number
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** Display name of a raw file name: UTF-8 as is, anything else escaped reversibly. */
export function displayFileName(raw: Buffer): string {
  try {
    return utf8.decode(raw)
  } catch {
    let out = ''
    let i = 0
    while (i < raw.length) {
      const b = raw[i] as number
      if (b < 0x80) {
        out += b === 0x5c ? '\\\\' : String.fromCharCode(b)
        i++
        continue
      }
      // Keep valid multi-byte sequences readable; escape the bytes that are not.
      const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1
      const seq = raw.subarray(i, i + len)
      let decoded: string | undefined
      if (len > 1 && seq.length === len) {
        try {
          decoded = utf8.decode(seq)
        } catch {
          decoded = undefined
        }
      }
      if (decoded !== undefined) {
        out += decoded
        i += len
      } else {
        out += '\\x' + b.toString(16).padStart(2, '0')
        i++
      }
    }
    return out
  }
}

/** Whether a display name carries escapes (only names that were not valid UTF-8 do). */
function isEscaped(name: string): boolean {
  return /\\x[0-9a-f]{2}|\\\\/.test(name)
}

/** The raw bytes of an escaped file name (inverse of displayFileName). */
function unescapeFileName(name: string): Buffer {
  const parts: Buffer[] = []
  let i = 0
  while (i < name.length) {
    if (name[i] === '\\' && name[i + 1] === '\\') {
      parts.push(Buffer.from([0x5c]))
      i += 2
    } else if (name[i] === '\\' && name[i + 1] === 'x' && /^[0-9a-f]{2}$/.test(name.slice(i + 2, i + 4))) {
      parts.push(Buffer.from([parseInt(name.slice(i + 2, i + 4), 16)]))
      i += 4
    } else {
      const cp = name.codePointAt(i) as number
      const ch = String.fromCodePoint(cp)
      parts.push(Buffer.from(ch, 'utf8'))
      i += ch.length
    }
  }
  return Buffer.concat(parts)
}

/**
 * Candidate paths under /dev/shm for a POSIX name (leading slash optional): the name
 * literally, and for an escaped name also its raw bytes. Callers try them in order.
 */
export function nameToPaths(name: string, dir = DEV_SHM): Buffer[] {
  const file = name.startsWith('/') ? name.slice(1) : name
  const paths = [Buffer.from(join(dir, file), 'utf8')]
  if (isEscaped(file)) paths.push(Buffer.concat([Buffer.from(dir + '/', 'utf8'), unescapeFileName(file)]))
  return paths
}

/** True for names shm_open() could have made (no slash inside, not `.`/`..`). */
export function isPosixName(name: string): boolean {
  return /^\/[^/]+$/.test(name) && name !== '/.' && name !== '/..'
}

/**
 * List /dev/shm: regular files only (directories and other entries are not POSIX objects).
 * Objects that vanish between readdir and stat are left out. Never throws.
 */
export async function listPosixShm(dir = DEV_SHM, concurrency = 32): Promise<PosixShmEntry[]> {
  let names: Buffer[]
  try {
    names = await readdir(Buffer.from(dir), { encoding: 'buffer' })
  } catch {
    return []
  }
  const dirBuf = Buffer.from(dir.endsWith('/') ? dir : dir + '/', 'utf8')
  const out: (PosixShmEntry | undefined)[] = new Array(names.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < names.length) {
      const i = next++
      const raw = names[i] as Buffer
      try {
        // lstat: a symlink planted in /dev/shm is not an object (and the reader refuses to follow it).
        const st = await lstat(Buffer.concat([dirBuf, raw]))
        if (!st.isFile()) continue
        const fileName = displayFileName(raw)
        out[i] = {
          name: '/' + fileName,
          kind: fileName.startsWith('sem.') ? 'semaphore' : 'shm',
          sizeBytes: st.size,
          mode: st.mode & 0o777,
          uid: st.uid,
          gid: st.gid,
          mtimeMs: Math.floor(st.mtimeMs),
          inode: st.ino,
          dev: st.dev
        }
      } catch {
        // Unlinked between readdir and stat: not there any more.
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, names.length) }, worker))
  const entries = out.filter((e): e is PosixShmEntry => e !== undefined)
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  return entries
}
