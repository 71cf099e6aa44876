// Reads /proc/<pid>/comm, cmdline and stat (proc(5)) for the few processes a snapshot names.
import { readFile } from 'node:fs/promises'

/** Short name of a process (`comm`), or undefined when it has gone. */
export async function readComm(pid: number, procDir = '/proc'): Promise<string | undefined> {
  const text = await readFile(`${procDir}/${pid}/comm`, 'utf8').catch(() => undefined)
  return text === undefined ? undefined : text.replace(/\n$/, '')
}

/** Command line with NULs turned into spaces; undefined when gone; '' for kernel threads. */
export function parseCmdline(raw: Buffer): string {
  let end = raw.length
  while (end > 0 && raw[end - 1] === 0) end--
  return raw.toString('utf8', 0, end).replace(/\0/g, ' ')
}

export async function readCmdline(pid: number, procDir = '/proc'): Promise<string | undefined> {
  const raw = await readFile(`${procDir}/${pid}/cmdline`).catch(() => undefined)
  return raw === undefined ? undefined : parseCmdline(raw)
}

/** Field 22 of /proc/<pid>/stat: start time in clock ticks after boot (the comm field may hold spaces and parens). */
export function parseStartTicks(statText: string): number | undefined {
  const close = statText.lastIndexOf(')')
  if (close < 0) return undefined
  // After ") " come fields 3.. ; starttime is field 22, i.e. index 19 of the rest.
  const rest = statText.slice(close + 2).split(' ')
  const v = Number(rest[19])
  return Number.isFinite(v) ? v : undefined
}

/** `btime` of /proc/stat: boot time in seconds since the epoch. */
export function parseBootTimeS(procStat: string): number | undefined {
  const m = /^btime (\d+)$/m.exec(procStat)
  return m ? Number(m[1]) : undefined
}

let bootTimeS: number | undefined
// USER_HZ is 100 on every Linux architecture user space sees (times(2)).
const TICKS_PER_S = 100

/** When a process started, in seconds since the epoch (whole seconds, rounded down). */
export async function readStartTimeS(pid: number, procDir = '/proc'): Promise<number | undefined> {
  if (bootTimeS === undefined) {
    const s = await readFile(`${procDir}/stat`, 'latin1').catch(() => '')
    bootTimeS = parseBootTimeS(s)
  }
  const text = await readFile(`${procDir}/${pid}/stat`, 'latin1').catch(() => undefined)
  const ticks = text === undefined ? undefined : parseStartTicks(text)
  if (ticks === undefined || bootTimeS === undefined) return undefined
  return Math.floor(bootTimeS + ticks / TICKS_PER_S)
}

/**
 * Could the process now running as `pid` be the one that created a segment whose ctime
 * is `ctimeS`? A process that started after the segment last changed cannot be its
 * creator: the pid was reused. One second of slack covers btime's rounding.
 */
export function mayBeCreator(startTimeS: number | undefined, ctimeS: number): boolean {
  if (startTimeS === undefined) return false
  return startTimeS <= ctimeS + 1
}
