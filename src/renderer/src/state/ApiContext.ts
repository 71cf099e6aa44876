// Owns handing the one ApiClient to every component (React context), so panels never pick a transport.
import { createContext, useContext } from 'react'
import type { ApiClient } from '../api/connection'
import type { ShmscopeApi } from '../../../shared'

export const ApiContext = createContext<ApiClient | undefined>(undefined)

export function useClient(): ApiClient {
  const c = useContext(ApiContext)
  if (!c) throw new Error('ApiContext missing')
  return c
}

export const useApi = (): ShmscopeApi => useClient().api
