// Serves the worker bundle in workerd through miniflare; run by Node 22 (miniflare 4 needs it).
// Usage: serve-workerd.ts <bundle.js> <port>, with the app's settings in the environment.
import { appEnv, importRuntimePackage } from './runtimes-dir.js'

interface MiniflareInstance {
  readonly ready: Promise<URL>
  dispose(): Promise<void>
}
interface MiniflareModule {
  Miniflare: new (options: Record<string, unknown>) => MiniflareInstance
}

const [scriptPath, port] = process.argv.slice(2)
const { Miniflare } = await importRuntimePackage<MiniflareModule>('miniflare/dist/src/index.js')
const mf = new Miniflare({
  // Listed, not discovered: miniflare's discovery refuses core's optional `import(specifier)` of
  // @opentelemetry/api (which wrangler's bundle keeps as is, and which rejects quietly without it).
  modules: [{ type: 'ESModule', path: scriptPath }],
  compatibilityDate: '2026-07-01',
  // The settings arrive as bindings (wrangler's [vars] and secrets), not as process.env.
  bindings: appEnv(),
  host: '127.0.0.1',
  port: Number(port),
})
console.log(`workerd listening on ${(await mf.ready).href}`)
process.on('SIGTERM', () => {
  void mf.dispose().finally(() => process.exit(0))
})
