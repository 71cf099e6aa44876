// C headers the benchmarks decode: the producer/consumer struct and a generated 4 KiB
// struct with 500 fields.

/** The demo's producer/consumer struct (issue 8). */
export const SHARED_DATA_H = `typedef struct {
  int counter;
  char message[256];
  int ready;
} shared_data_t;
`

/**
 * 500 fields, exactly 4096 bytes on x86_64: two ints, 400 doubles, 94 ints and four
 * 128-byte strings. `counter` sits at offset 0 so the C writer's bumps show up.
 */
export function wideHeader(): string {
  const lines = ['typedef struct {', '  int counter;', '  int flags;']
  for (let i = 0; i < 400; i++) lines.push(`  double d${i};`)
  for (let i = 0; i < 94; i++) lines.push(`  int i${i};`)
  for (let i = 0; i < 4; i++) lines.push(`  char s${i}[128];`)
  lines.push('} wide_t;', '')
  return lines.join('\n')
}

export const WIDE_FIELDS = 500
export const WIDE_SIZE_BYTES = 4096
