import { defineProject } from 'vitest/config'

export default defineProject({
  // Resolve `#crypto` (and self-imports) from source, as the gateway packages do, so tests need no build.
  resolve: { conditions: ['@paymux/source'] },
  ssr: { resolve: { conditions: ['@paymux/source'] } },
  test: {
    name: 'core',
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
