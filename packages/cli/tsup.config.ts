import { defineConfig } from 'tsup'

// ESM only (citty is ESM only; engines node >=20.19 loads it from require too). The bin keeps its shebang.
export default defineConfig({
  entry: { bin: 'src/bin.ts', index: 'src/index.ts' },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts' } },
  clean: true,
  sourcemap: true,
  target: 'node20',
  // Keep 'node:http', not 'http': Deno and the edge runtimes resolve only the prefixed names.
  removeNodeProtocol: false,
  treeshake: true,
  splitting: true,
})
