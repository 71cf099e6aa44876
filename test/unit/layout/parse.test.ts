// Header parsing: what is accepted, and how errors point at the user's text.
import { describe, expect, it } from 'vitest'
import { compileHeader, LayoutError, layoutOf } from '../../../src/main/core/layout/index'

async function layoutError(source: string, type = 'S'): Promise<LayoutError> {
  try {
    layoutOf(await compileHeader(source, { file: 'h.h' }), type, 'x86_64')
  } catch (err) {
    if (err instanceof LayoutError) return err
    throw err
  }
  throw new Error('expected a LayoutError')
}

const fieldsOf = async (source: string, type: string): Promise<Record<string, number>> => {
  const l = layoutOf(await compileHeader(source), type, 'x86_64')
  return Object.fromEntries(l.json.fields.map((f) => [f.path, f.offsetBytes]))
}

describe('syntax errors', () => {
  it('name file, line and column of a missing semicolon and keep the source line', async () => {
    const err = await layoutError('#include <stdint.h>\nstruct S {\n  int a;\n  int b\n};\n')
    expect(err.info).toMatchObject({ file: 'h.h', line: 4, column: 8, sourceLine: '  int b' })
    expect(err.message).toMatch(/^h\.h:4:8: expected ';'/)
  })

  it('report garbage as a syntax error with its position', async () => {
    const err = await layoutError('struct S { int a; };\nstruct T { int @@ b; };\n')
    expect(err.info.line).toBe(2)
    expect(err.info.message).toMatch(/syntax error/)
  })

  it('report an unknown type name where it is used', async () => {
    const err = await layoutError('struct S {\n  int a;\n  widget_t m;\n};\n')
    expect(err.info).toMatchObject({ line: 3, column: 3, message: "unknown type name 'widget_t'" })
  })

  it('list the types there are when --type is unknown', async () => {
    const err = await layoutError('struct A { int a; };\ntypedef struct { int b; } B_t;\nunion U { int c; };\n', 'Nope')
    expect(err.info.message).toBe("unknown type 'Nope'; the header defines: struct A, B_t, union U")
  })

  it('reject a bitfield wider than its type and a non-constant array size', async () => {
    expect((await layoutError('struct S { char c:9; };')).info.message).toMatch(/exceeds its type/)
    expect((await layoutError('struct S { int n; char c[n]; };')).info.message).toMatch(/'n' is not a known constant/)
    expect((await layoutError('struct S { char c[1/0]; };')).info.message).toMatch(/division by zero/)
  })

  it('reject duplicate member names, also through anonymous members', async () => {
    expect((await layoutError('struct S { int a; union { char b; int a; }; };')).info).toMatchObject({ message: "duplicate member 'a'", line: 1 })
  })

  it('reject a member whose struct is only declared, but not a pointer to it', async () => {
    expect((await layoutError('struct S { int a; struct T t; };')).info.message).toMatch(/declared but never defined/)
    expect(layoutOf(await compileHeader('struct T; struct S { struct T *p; };'), 'S', 'x86_64').json.sizeBytes).toBe(8)
  })
})

describe('accepted C', () => {
  it('finds types by typedef name, tag, struct X and union X', async () => {
    const h = await compileHeader('typedef struct SensorData { int id; double v; } sensor_t;\nunion X { int a; char b; };\n')
    expect(layoutOf(h, 'sensor_t', 'x86_64').json.sizeBytes).toBe(16)
    expect(layoutOf(h, 'SensorData', 'x86_64').json.sizeBytes).toBe(16)
    expect(layoutOf(h, 'struct SensorData', 'x86_64').json.sizeBytes).toBe(16)
    expect(layoutOf(h, 'union X', 'x86_64').json.sizeBytes).toBe(4)
    expect(() => layoutOf(h, 'union SensorData', 'x86_64')).toThrow(LayoutError)
    expect(h.typeNames()).toEqual(['struct SensorData', 'sensor_t', 'union X'])
  })

  it('takes the right #if/#ifdef branches and ignores other directives', async () => {
    const src = [
      '#pragma once',
      '#include "other.h"',
      '#define FEATURE 1',
      '#if FEATURE && !defined(NOPE)',
      'struct S { int yes; };',
      '#else',
      'struct S { char no; };',
      '#endif',
      '#ifdef NOPE',
      'struct S2 { int no; };',
      '#elif FEATURE > 0',
      'struct S2 { short yes; };',
      '#endif',
      '#line 100',
      '#error not really'
    ].join('\n')
    expect(await fieldsOf(src, 'S')).toEqual({ yes: 0 })
    expect(await fieldsOf(src, 'S2')).toEqual({ yes: 0 })
  })

  it('reads headers written for C and C++ alike, with inline functions', async () => {
    const src = [
      '#ifdef __cplusplus',
      'extern "C" {',
      '#ifdef X',
      '#endif',
      '#endif',
      'typedef struct ring ring_t;',
      'struct ring { unsigned head, tail; unsigned char data[64]; } __attribute__((aligned(64)));',
      'static inline int ring_empty(const ring_t *r) { return MACRO_WE_DO_NOT_KNOW(r->head == r->tail) @@; }',
      '#if defined(__cplusplus)',
      '}',
      '#else',
      'struct c_only { int x; };',
      '#endif'
    ].join('\n')
    const h = await compileHeader(src)
    expect(layoutOf(h, 'ring_t', 'x86_64').json).toMatchObject({ sizeBytes: 128, alignBytes: 64 })
    expect(h.typeNames()).toContain('struct c_only')
  })

  it('applies #undef and macro chains', async () => {
    const src = '#define A 4\n#define B (A * 2)\n#undef A\n#define A 1\nstruct S { char x[B]; char y; };'
    expect(await fieldsOf(src, 'S')).toEqual({ x: 0, y: 2 })
  })

  it('expands attribute and type macros', async () => {
    const src = '#define PACKED __attribute__((packed))\n#define BYTE unsigned char\nstruct PACKED S { BYTE a; int b; };'
    const l = layoutOf(await compileHeader(src), 'S', 'x86_64')
    expect(l.json.sizeBytes).toBe(5)
    expect(l.json.fields.map((f) => f.type)).toEqual(['unsigned char', 'int'])
  })

  it('accepts attributes in positions the grammar mis-parses', async () => {
    const h = await compileHeader('enum __attribute__((packed)) E { A, B = 200 };\ntypedef unsigned __attribute__((aligned(2))) u2;\nstruct S { char c; enum E e; u2 x; };')
    expect(layoutOf(h, 'S', 'x86_64').json.fields.map((f) => [f.path, f.offsetBytes, f.sizeBytes])).toEqual([
      ['c', 0, 1],
      ['e', 1, 1],
      ['x', 2, 4]
    ])
  })

  it('flattens nested, anonymous and array-of-struct members with counts and dims', async () => {
    const l = layoutOf(await compileHeader('struct P { short x, y; };\nstruct S { struct P pts[2][3]; union { int i; float f; }; struct { char t; } in; };'), 'S', 'x86_64')
    expect(l.json.fields.map((f) => f.path)).toEqual(['pts', 'pts[0][0].x', 'pts[0][0].y', 'i', 'f', 'in', 'in.t'])
    expect(l.json.fields[0]).toMatchObject({ type: 'struct P[2][3]', count: 6, dims: [2, 3], sizeBytes: 24 })
  })
})
