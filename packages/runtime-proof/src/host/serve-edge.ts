// Serves the Vercel Edge bundle in Vercel's edge-runtime VM (the `edge-runtime` npm package).
// Usage: serve-edge.ts <bundle.js> <port>, with the app's settings in the environment.
import { readFile } from 'node:fs/promises'
import { appEnv, importRuntimePackage } from './runtimes-dir.js'

interface EdgeRuntimeModule {
  EdgeRuntime: new (options: { initialCode: string }) => unknown
  runServer(options: {
    runtime: unknown
    port: number
    host: string
  }): Promise<{ url: string; close(): Promise<void> }>
}

const [bundlePath = '', port] = process.argv.slice(2)
const { EdgeRuntime, runServer } = await importRuntimePackage<EdgeRuntimeModule>('edge-runtime/dist/index.js')
// Vercel exposes the project's environment variables as process.env in Edge functions; the VM has no
// process, so it gets one holding only those. The route module's POST answers every fetch event.
const initialCode = [
  `globalThis.process = { env: ${JSON.stringify(appEnv())} };`,
  await readFile(bundlePath, 'utf8'),
  'addEventListener("fetch", (event) => event.respondWith(paymuxRoute.POST(event.request)));',
].join('\n')
const server = await runServer({
  runtime: new EdgeRuntime({ initialCode }),
  port: Number(port),
  host: '127.0.0.1',
})
console.log(`edge-runtime listening on ${server.url}`)
process.on('SIGTERM', () => {
  void server.close().finally(() => process.exit(0))
})
