import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

/** Where the host writes the bundles: inside the package, so Node resolves `@paymux/*` from its node_modules. */
export const OUT_DIR = fileURLToPath(new URL('../../.build/', import.meta.url))
const APP_DIR = fileURLToPath(new URL('../app/', import.meta.url))

/**
 * Node: only the app's own files are bundled; `@paymux/*` stay imports that Node resolves from the
 * installed (built) packages with its own conditions (`node`, `import`). Workers and Vercel Edge:
 * one self-contained bundle, built with the conditions their tools use (wrangler: `workerd`,
 * `worker`, `browser`; Next.js's edge build: `edge-light`, `worker`, `browser`), so a Node built-in
 * reaching the bundle fails the build here, as it would fail the deploy.
 */
export async function buildBundles(): Promise<Bundles> {
  const common = {
    bundle: true,
    format: 'esm',
    target: 'es2022',
    logLevel: 'warning',
    // tsup leaves bare `import './chunk-….js'` lines for chunks without side effects; with the packages'
    // `"sideEffects": false` esbuild rightly drops them, and says so once per line (a user's wrangler
    // build prints the same). Anything else esbuild warns about still shows.
    logOverride: { 'ignored-bare-import': 'silent' },
  } as const
  const node = `${OUT_DIR}node.mjs`
  const worker = `${OUT_DIR}worker.js`
  const edge = `${OUT_DIR}edge.js`
  const [, workerBuild, edgeBuild] = await Promise.all([
    build({
      ...common,
      entryPoints: [`${APP_DIR}node.ts`],
      outfile: node,
      platform: 'node',
      packages: 'external',
    }),
    build({
      metafile: true,
      ...common,
      entryPoints: [`${APP_DIR}worker.ts`],
      outfile: worker,
      platform: 'neutral',
      conditions: ['workerd', 'worker', 'browser'],
      mainFields: ['browser', 'module', 'main'],
    }),
    build({
      metafile: true,
      ...common,
      entryPoints: [`${APP_DIR}vercel-edge.ts`],
      outfile: edge,
      platform: 'neutral',
      // The edge VM runs a script, not a module: the route's exports land on `paymuxRoute`.
      format: 'iife',
      globalName: 'paymuxRoute',
      conditions: ['edge-light', 'worker', 'browser'],
      mainFields: ['browser', 'module', 'main'],
    }),
  ])
  return {
    node,
    worker,
    edge,
    workerCrypto: cryptoInputs(Object.keys(workerBuild.metafile.inputs)),
    edgeCrypto: cryptoInputs(Object.keys(edgeBuild.metafile.inputs)),
  }
}

/** The bundles, and which of core's crypto modules went into the Workers and Edge ones. */
export interface Bundles {
  readonly node: string
  readonly worker: string
  readonly edge: string
  readonly workerCrypto: string
  readonly edgeCrypto: string
}

/** Core's `#crypto` targets among `files`: `webhooks/web-crypto.js`, `webhooks/node-crypto.js`, or both. */
export function cryptoInputs(files: readonly string[]): string {
  const found = files
    .map((file) => /webhooks\/(?:web|node)-crypto\.c?js$/.exec(file)?.[0])
    .filter((f) => f !== undefined)
  return [...new Set(found)].sort().join(' + ') || 'none'
}
