import { defineConfig } from 'vitest/config'

/**
 * The root test configuration. Vitest 4 no longer discovers workspace files,
 * so `pnpm test` points at this file and it lists every package as a project.
 * The JSON report feeds the plain `N passed, N failed` line CI prints.
 */
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: 'node_modules/.paymux/test-results.json' },
  },
})
