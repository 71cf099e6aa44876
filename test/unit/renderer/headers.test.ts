// Several header files opened together in the Decode tab become one text the layout engine
// compiles: local includes replaced by the opened files, each once.
import { describe, expect, it } from 'vitest'
import { combineHeaders } from '../../../src/renderer/src/model/headers'
import { compileHeader, layoutOf } from '../../../src/main/core/layout/index'

const COMMON = { name: 'common.h', text: '#ifndef COMMON_H\n#define COMMON_H\n#include <stdint.h>\ntypedef struct { uint16_t x, y; } point_t;\n#define NPTS 4\n#endif' }
const MORE = { name: 'more.h', text: '#include "common.h"\ntypedef uint8_t byte_t;' }
const SHAPE = { name: 'shape.h', text: '#include "sub/common.h"\n#include "more.h"\nstruct shape { byte_t kind; point_t pts[NPTS]; };' }

describe('combineHeaders', () => {
  it('keeps one file as it is', async () => {
    expect(await combineHeaders([SHAPE])).toBe(SHAPE.text)
  })

  it('starts from the file nobody includes, inlines the others once, in whatever order they were chosen', async () => {
    for (const order of [[COMMON, MORE, SHAPE], [SHAPE, MORE, COMMON], [MORE, SHAPE, COMMON]]) {
      const text = await combineHeaders(order)
      expect(text.match(/typedef struct \{ uint16_t x, y; \} point_t;/g)).toHaveLength(1)
      expect(text.indexOf('point_t;')).toBeLessThan(text.indexOf('struct shape'))
      const layout = layoutOf(await compileHeader(text), 'struct shape', 'x86_64')
      expect(layout.json.sizeBytes).toBe(18)
    }
  })

  it('puts files nobody includes before the main one, and survives include cycles', async () => {
    const types = { name: 'types.h', text: 'typedef int id_t2;' }
    const a = { name: 'a.h', text: '#include "b.h"\nstruct a { id_t2 x; };' }
    const b = { name: 'b.h', text: '#include "a.h"\nstruct b { int y; };' }
    const text = await combineHeaders([a, types, b])
    expect(text.indexOf('typedef int id_t2;')).toBeLessThan(text.indexOf('struct a'))
    const header = await compileHeader(text)
    expect(layoutOf(header, 'struct a', 'x86_64').json.sizeBytes).toBe(4)
    expect(layoutOf(header, 'struct b', 'x86_64').json.sizeBytes).toBe(4)
  })
})
