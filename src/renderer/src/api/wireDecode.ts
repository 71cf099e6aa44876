// Owns decoding serve-mode messages in the browser: `{ "$bytes": base64 }` back into Uint8Array.

export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64)
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

function reviver(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const b = (value as { $bytes?: unknown }).$bytes
    if (typeof b === 'string' && Object.keys(value).length === 1) return base64ToBytes(b)
  }
  return value
}

export const decodeMessage = (text: string): unknown => JSON.parse(text, reviver)
