import { defineConfig } from 'tsup'

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'adapter-kit/index': 'src/adapter-kit/index.ts',
    'schemas/index': 'src/schemas/index.ts',
    'testing/index': 'src/testing/index.ts',
    'emulator/index': 'src/emulator/index.ts',
    // The two webhook crypto providers, which package.json "imports" maps `#crypto` to by condition.
    'webhooks/node-crypto': 'src/webhooks/node-crypto.ts',
    'webhooks/web-crypto': 'src/webhooks/web-crypto.ts',
  },
  // Kept as an import in dist, so the runtime's export conditions still choose the provider.
  external: ['#crypto'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // Keep 'node:http', not 'http': Deno and the edge runtimes resolve only the prefixed names.
  removeNodeProtocol: false,
  treeshake: true,
})
