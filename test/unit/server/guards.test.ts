import { describe, expect, it } from 'vitest'
import { hostAllowed, originAllowed, tokenMatches, bearerOf, bearerFromProtocols } from '../../../src/main/server/guards'
import { resolveStaticPath } from '../../../src/main/server/staticFiles'
import { TokenBucket } from '../../../src/main/server/rateLimit'
import { mkdtempSync, writeFileSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

describe('guards', () => {
  const loop = { host: '127.0.0.1', port: 7766 }
  it('Host must name this server', () => {
    expect(hostAllowed('127.0.0.1:7766', loop)).toBe(true)
    expect(hostAllowed('localhost:7766', loop)).toBe(true)
    expect(hostAllowed('[::1]:7766', loop)).toBe(true)
    expect(hostAllowed('attacker.example:7766', loop)).toBe(false)
    expect(hostAllowed('127.0.0.1:80', loop)).toBe(false)
    expect(hostAllowed(undefined, loop)).toBe(false)
    expect(hostAllowed('a b', loop)).toBe(false)
    expect(hostAllowed('10.0.0.5:8080', { host: '10.0.0.5', port: 8080, token: 't' })).toBe(true)
    expect(hostAllowed('evil:8080', { host: '10.0.0.5', port: 8080, token: 't' })).toBe(false)
  })
  it('Origin must match the Host', () => {
    expect(originAllowed(undefined, 'x')).toBe(true)
    expect(originAllowed('http://127.0.0.1:7766', '127.0.0.1:7766')).toBe(true)
    expect(originAllowed('http://evil.example', '127.0.0.1:7766')).toBe(false)
    expect(originAllowed('null', '127.0.0.1:7766')).toBe(false)
  })
  it('tokens', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true)
    expect(tokenMatches('abd', 'abc')).toBe(false)
    expect(tokenMatches(undefined, 'abc')).toBe(false)
    expect(bearerOf('Bearer xyz')).toBe('xyz')
    expect(bearerOf('Basic xyz')).toBeUndefined()
    expect(bearerFromProtocols('shmscope.v1, shmscope.bearer.tok')).toBe('tok')
  })
  it('static paths never leave the root, symlinks included', () => {
    const root = mkdtempSync(join(tmpdir(), 'shmscope-static-'))
    writeFileSync(join(root, 'index.html'), 'x')
    symlinkSync('/etc/passwd', join(root, 'link.txt'))
    expect(resolveStaticPath(root, '/')).toBe(join(root, 'index.html'))
    expect(resolveStaticPath(root, '/link.txt')).toBeUndefined()
    expect(resolveStaticPath(root, '/../etc/passwd')).toBeUndefined()
    expect(resolveStaticPath(root, '/%2e%2e/etc/passwd')).toBeUndefined()
    expect(resolveStaticPath(root, '/%E0%A4%A')).toBeUndefined()
  })
  it('token bucket', () => {
    const b = new TokenBucket(10, 2, 0)
    expect([b.take(0), b.take(0), b.take(0)]).toEqual([true, true, false])
    expect(b.take(100)).toBe(true)
  })
})
