import { defineConfig } from 'tsup'

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'schemas/index': 'src/schemas/index.ts',
    'testing/index': 'src/testing/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // Keep 'node:http', not 'http': Deno and the edge runtimes resolve only the prefixed names.
  removeNodeProtocol: false,
  treeshake: true,
  // Split the CommonJS build too (esbuild splits only ESM by default): otherwise the lazily imported
  // schemas are inlined into index.cjs and its require of zod runs at load.
  splitting: true,
})
