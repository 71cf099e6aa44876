// Owns compiling the header as the user types (debounced): the type list, the chosen type's layout, or the error with its line.
import { useEffect, useState } from 'react'
import type { Abi, LayoutErrorInfo, LayoutJson, ShmscopeApi } from '../../../../shared'
import { useApi } from '../../state/ApiContext'

export interface Compiled {
  types: string[]
  layout: LayoutJson | undefined
  error: LayoutErrorInfo | undefined
}

export function useCompile(source: string, typeName: string, abi: Abi, debounceMs = 250): Compiled {
  const api = useApi()
  const [out, setOut] = useState<Compiled>({ types: [], layout: undefined, error: undefined })
  useEffect(() => {
    if (source.trim() === '') {
      setOut({ types: [], layout: undefined, error: undefined })
      return
    }
    let alive = true
    const t = setTimeout(() => {
      compile(api, source, typeName, abi).then(
        (c) => alive && setOut(c),
        (err: unknown) => alive && setOut((o) => ({ ...o, layout: undefined, error: { message: err instanceof Error ? err.message : String(err) } }))
      )
    }, debounceMs)
    return () => {
      alive = false
      clearTimeout(t)
    }
  }, [api, source, typeName, abi, debounceMs])
  return out
}

/**
 * Lay out `typeName`; when that fails, parse the header alone to tell a broken header (its
 * error, at its line) from a type the header no longer declares (the type list, no error: the
 * view then picks a type that exists).
 */
async function compile(api: ShmscopeApi, source: string, typeName: string, abi: Abi): Promise<Compiled> {
  const r = await api.compileLayout(source, typeName || undefined, abi)
  if (r.ok) return { types: r.types, layout: r.layout, error: undefined }
  if (!typeName) return { types: r.types ?? [], layout: undefined, error: r.error }
  const bare = await api.compileLayout(source, undefined, abi)
  if (!bare.ok) return { types: bare.types ?? [], layout: undefined, error: bare.error }
  if (!bare.types.includes(typeName)) return { types: bare.types, layout: undefined, error: undefined }
  return { types: bare.types, layout: undefined, error: r.error }
}
