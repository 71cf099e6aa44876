// Headers read from disk: the project's own `#include "..."` followed once each, relative to
// the including file, and layout errors pointed at the file and line they are in.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readHeaderSource } from '../../../src/cli/headerSource'
import { loadLayout } from '../../../src/cli/commands/layout'
import { LayoutError } from '../../../src/main/core/layout/index'

let dir = ''
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

function files(tree: Record<string, string>): string {
  dir = mkdtempSync(join(tmpdir(), 'shmscope-inc-'))
  for (const [name, text] of Object.entries(tree)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  return dir
}

const COMMON = '#ifndef COMMON_H\n#define COMMON_H\n#include <stdint.h>\ntypedef struct { uint16_t x, y; } point_t;\n#define NPTS 4\n#endif\n'

async function layoutError(file: string, type: string): Promise<LayoutError> {
  try {
    await loadLayout(file, type, 'x86_64')
  } catch (err) {
    if (err instanceof LayoutError) return err
    throw err
  }
  throw new Error('no layout error')
}

describe('readHeaderSource', () => {
  it('follows local includes relative to each file, once each, and lays out with their types and constants', async () => {
    const d = files({
      'shape.h': '#include "sub/common.h"\n#include "sub/more.h"\n#include "sub/common.h"\nstruct shape { byte_t kind; point_t pts[NPTS]; };\n',
      'sub/common.h': COMMON,
      'sub/more.h': '#include "common.h"\ntypedef uint8_t byte_t;\n'
    })
    const layout = await loadLayout(join(d, 'shape.h'), 'struct shape', 'x86_64')
    expect(layout.json.sizeBytes).toBe(18)
    expect(layout.json.fields.find((f) => f.path === 'pts')).toMatchObject({ offsetBytes: 2, sizeBytes: 16 })
    const { source } = await readHeaderSource(join(d, 'shape.h'))
    expect(source.match(/typedef struct \{ uint16_t x, y; \} point_t;/g)).toHaveLength(1)
  })

  it('names the file and line of an error, in the header or in a header it includes', async () => {
    const d = files({ 'main.h': '#include "types.h"\n\nstruct m {\n  int a;\n  missing_t b;\n};\n', 'types.h': '// types\ntypedef int ok_t;\nstruct bad { ok_t a; nope_t b; };\n' })
    const inMain = await layoutError(join(d, 'main.h'), 'struct m')
    expect(inMain.info).toMatchObject({ file: join(d, 'main.h'), line: 5, sourceLine: '  missing_t b;' })
    expect(inMain.message).toMatch(/main\.h:5:\d+: unknown type name 'missing_t'/)
    const inTypes = await layoutError(join(d, 'main.h'), 'struct bad')
    expect(inTypes.info).toMatchObject({ file: 'types.h', line: 3 })
  })

  it('leaves a missing local include alone, and stops at include cycles', async () => {
    const d = files({ 'a.h': '#include "b.h"\n#include "gone.h"\nstruct a { int x; };\n', 'b.h': '#include "a.h"\nstruct b { int y; };\n' })
    const layout = await loadLayout(join(d, 'a.h'), 'struct a', 'x86_64')
    expect(layout.json.sizeBytes).toBe(4)
    expect((await loadLayout(join(d, 'a.h'), 'struct b', 'x86_64')).json.sizeBytes).toBe(4)
  })
})
