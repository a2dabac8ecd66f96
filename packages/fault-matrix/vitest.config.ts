import { defineProject } from 'vitest/config'

export default defineProject({
  // Resolve every @paymux package from its source, so the matrix never needs a build first.
  resolve: { conditions: ['@paymux/source'] },
  ssr: { resolve: { conditions: ['@paymux/source'] } },
  test: {
    name: 'fault-matrix',
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // Type-level tests (`*.test-d.ts`, expect-type) run through tsc, so an assertion that stops holding
    // fails the run. Errors elsewhere in the sources are the `typecheck` script's to report.
    typecheck: {
      enabled: true,
      include: ['src/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
      ignoreSourceErrors: true,
    },
    // Cells that wait for a timeout run side by side (describe.concurrent), each on its own emulators and
    // servers: a whole column at once, so that the waits overlap instead of adding up.
    maxConcurrency: 40,
    // A timed cell that stalled on a busy machine runs again (up to 3 times, a few seconds each); the
    // warm-up makes a first call per gateway. Generous limits: waiting longer costs nothing when all is well.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
})
