import { defineConfig } from 'tsup'

export default defineConfig({
  entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // Keep 'node:http', not 'http': Deno and the edge runtimes resolve only the prefixed names.
  removeNodeProtocol: false,
  treeshake: true,
  // Code splitting for CommonJS too, so the lazily imported schemas (and zod) stay out of index.cjs.
  splitting: true,
})
