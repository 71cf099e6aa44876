import { defineConfig } from 'vitest/config'

// Integration and end-to-end tests touch the real kernel and real processes:
// run files one at a time so segment counts and /proc scans stay predictable.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    reporters: ['default'],
    restoreMocks: true
  }
})
