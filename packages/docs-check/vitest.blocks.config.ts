import { defineConfig } from 'vitest/config'

/**
 * Runs one `run` block that imports from 'vitest' (written under `.runs/` by
 * the check), with the emulators served by the setup file. Not a project of
 * `pnpm test`: the docs-check project starts it once per such block.
 */
export default defineConfig({
  resolve: { conditions: ['@paymux/source'] },
  ssr: { resolve: { conditions: ['@paymux/source'] } },
  test: {
    include: ['.runs/**/*.test.ts'],
    setupFiles: ['./src/harness/vitest-setup.ts'],
    environment: 'node',
    // One file per run: a worker thread starts faster than a forked process.
    pool: 'threads',
    testTimeout: 20_000,
  },
})
