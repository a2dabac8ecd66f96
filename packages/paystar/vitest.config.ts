import { defineProject } from 'vitest/config'

export default defineProject({
  // Resolve @paymux/core from its source, so tests never need a build of it first.
  resolve: { conditions: ['@paymux/source'] },
  ssr: { resolve: { conditions: ['@paymux/source'] } },
  test: {
    name: 'paystar',
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
})
