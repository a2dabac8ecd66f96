import { defineProject } from 'vitest/config'

export default defineProject({
  // Resolve @paymux/core from its source, so tests never need a build of it first.
  resolve: { conditions: ['@paymux/source'] },
  ssr: { resolve: { conditions: ['@paymux/source'] } },
  test: {
    name: 'shared-state-proof',
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
  },
})
