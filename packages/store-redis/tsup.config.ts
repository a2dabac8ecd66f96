import { defineConfig } from 'tsup'

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // Keep 'node:http', not 'http': Deno and the edge runtimes resolve only the prefixed names.
  removeNodeProtocol: false,
  treeshake: true,
})
