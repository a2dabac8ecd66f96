import { defineConfig } from 'tsup'

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'testing/index': 'src/testing/index.ts',
    'schemas/index': 'src/schemas/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // Keep 'node:http', not 'http': Deno and the edge runtimes resolve only the prefixed names.
  removeNodeProtocol: false,
  treeshake: true,
  // Chunks in CJS too, so `import('./fastaar-schemas.js')` stays lazy there and
  // requiring @paymux/fastaar does not load zod either.
  splitting: true,
})
