// Owns small UI preferences kept in localStorage (theme, presentation mode).
import { useCallback, useState } from 'react'

export function usePreference<T>(name: string, initial: T): [T, (v: T) => void] {
  const key = `shmscope.${name}`
  const [value, setValue] = useState<T>(() => {
    try {
      const raw = localStorage.getItem(key)
      return raw === null ? initial : (JSON.parse(raw) as T)
    } catch {
      return initial
    }
  })
  const set = useCallback(
    (v: T) => {
      setValue(v)
      try {
        localStorage.setItem(key, JSON.stringify(v))
      } catch {
        // storage disabled: the preference lasts this session
      }
    },
    [key]
  )
  return [value, set]
}
