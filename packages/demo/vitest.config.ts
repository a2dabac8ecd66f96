import { defineProject } from 'vitest/config'

export default defineProject({
  // Resolve every @paymux package from its source, so the demo's test never needs a build first.
  resolve: { conditions: ['@paymux/source'] },
  ssr: { resolve: { conditions: ['@paymux/source'] } },
  test: {
    name: 'demo',
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
})
