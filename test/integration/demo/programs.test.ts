// The textbook C programs shipped in src/demo/c compile cleanly, and their headers are the ones the demo decodes with.
import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import * as headers from '../../../src/demo/headers'

const dir = join(__dirname, '../../../src/demo/c')
const out = mkdtempSync(join(tmpdir(), 'shmscope-demo-c-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))

describe('src/demo/c', () => {
  const programs = readdirSync(dir).filter((f) => f.endsWith('.c'))

  it('has the classic programs', () => {
    expect(programs.sort()).toEqual(['consumer.c', 'counter.c', 'producer.c', 'reader.c', 'ring.c', 'sensor.c', 'writer.c'])
  })

  it.each(programs)('%s compiles with gcc -Wall -Werror', async (file) => {
    await promisify(execFile)('gcc', ['-Wall', '-Werror', '-o', join(out, file.replace(/\.c$/, '')), join(dir, file), '-lrt', '-lm'])
  })

  it('ships the same headers the app decodes the demo with', () => {
    const pairs: [string, string][] = [
      ['demo_message.h', headers.MESSAGE_HEADER],
      ['shared_data.h', headers.SHARED_DATA_HEADER],
      ['sensor.h', headers.SENSOR_HEADER],
      ['counter.h', headers.COUNTER_HEADER],
      ['ring.h', headers.RING_HEADER],
      ['lifecycle.h', headers.LIFECYCLE_HEADER]
    ]
    for (const [file, text] of pairs) expect(readFileSync(join(dir, file), 'utf8'), file).toBe(text)
  })
})
