// Reads /proc/sys/kernel/shmmax, shmall, shmmni (proc(5)) and the page size from /proc/self/auxv (getauxval(3) AT_PAGESZ).
import { readFile } from 'node:fs/promises'
import type { ShmLimits } from '../../../shared/snapshot'

const AT_PAGESZ = 6

/** A kernel integer as a number when it is exact in a double, else as its decimal string. */
export function parseKernelInteger(text: string): number | string | undefined {
  const t = text.trim()
  if (!/^\d+$/.test(t)) return undefined
  const big = BigInt(t)
  return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big.toString()
}

/** AT_PAGESZ from the bytes of /proc/self/auxv (pairs of native words). */
export function pageSizeFromAuxv(auxv: Buffer, wordBytes = process.arch === 'arm' || process.arch === 'ia32' ? 4 : 8): number | undefined {
  const le = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1
  for (let at = 0; at + 2 * wordBytes <= auxv.length; at += 2 * wordBytes) {
    const type = wordBytes === 8 ? Number(le ? auxv.readBigUInt64LE(at) : auxv.readBigUInt64BE(at)) : le ? auxv.readUInt32LE(at) : auxv.readUInt32BE(at)
    if (type === 0) break
    if (type === AT_PAGESZ) {
      const v = at + wordBytes
      return wordBytes === 8 ? Number(le ? auxv.readBigUInt64LE(v) : auxv.readBigUInt64BE(v)) : le ? auxv.readUInt32LE(v) : auxv.readUInt32BE(v)
    }
  }
  return undefined
}

let pageSizeCache: number | undefined

/** The page size of this machine (4096 when it cannot be found). Cached: it never changes. */
export async function pageSizeBytes(): Promise<number> {
  if (pageSizeCache === undefined) {
    const auxv = await readFile('/proc/self/auxv').catch(() => undefined)
    pageSizeCache = (auxv && pageSizeFromAuxv(auxv)) || 4096
  }
  return pageSizeCache
}

async function readKernel(name: string, dir: string): Promise<number | string | undefined> {
  const text = await readFile(`${dir}/${name}`, 'latin1').catch(() => undefined)
  return text === undefined ? undefined : parseKernelInteger(text)
}

/** The System V shared-memory limits; a value the kernel does not show reads 0. */
export async function readLimits(dir = '/proc/sys/kernel'): Promise<ShmLimits> {
  const [shmmax, shmall, shmmni, page] = await Promise.all([
    readKernel('shmmax', dir),
    readKernel('shmall', dir),
    readKernel('shmmni', dir),
    pageSizeBytes()
  ])
  return {
    shmmaxBytes: shmmax ?? 0,
    shmallPages: shmall ?? 0,
    shmmni: typeof shmmni === 'number' ? shmmni : 0,
    pageSizeBytes: page
  }
}
