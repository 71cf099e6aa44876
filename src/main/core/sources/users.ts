// Reads /etc/passwd and /etc/group (passwd(5), group(5)): uid and gid to names, cached.
import { readFile, stat } from 'node:fs/promises'

/** Parse passwd(5) or group(5) text into id -> name (the first name wins, as getpwuid does). */
export function parseIdNames(text: string): Map<number, string> {
  const names = new Map<number, string>()
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const fields = line.split(':')
    const id = Number(fields[2])
    const name = fields[0]
    if (name && fields.length >= 3 && fields[2] !== '' && Number.isInteger(id) && !names.has(id)) names.set(id, name)
  }
  return names
}

/** A file of id:name pairs, re-read only when its mtime changes. */
class IdNameFile {
  private names = new Map<number, string>()
  private mtimeMs = -1

  constructor(private readonly path: string) {}

  /** The current table (checked against the file's mtime: one stat per call). */
  async table(): Promise<Map<number, string>> {
    const st = await stat(this.path).catch(() => undefined)
    if (!st) return this.names
    if (st.mtimeMs !== this.mtimeMs) {
      const text = await readFile(this.path, 'utf8').catch(() => undefined)
      if (text !== undefined) {
        this.names = parseIdNames(text)
        this.mtimeMs = st.mtimeMs
      }
    }
    return this.names
  }
}

const passwd = new IdNameFile('/etc/passwd')
const group = new IdNameFile('/etc/group')

/** uid -> user name table, cached. */
export const userNames = (): Promise<Map<number, string>> => passwd.table()
/** gid -> group name table, cached. */
export const groupNames = (): Promise<Map<number, string>> => group.table()

/** The name of an id, or the id as text when it has none (as ls does). */
export const nameOf = (names: Map<number, string>, id: number): string => names.get(id) ?? String(id)
