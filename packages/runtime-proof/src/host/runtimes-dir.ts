import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

/** The folder install-runtimes.sh filled (run.sh always sets it). */
export function runtimesDir(): string {
  const dir = process.env.PAYMUX_RUNTIMES_DIR
  if (dir === undefined || dir === '')
    throw new Error('PAYMUX_RUNTIMES_DIR is not set: run packages/runtime-proof/run.sh')
  return dir
}

/** A binary the runtimes' npm packages installed, by its node_modules/.bin name. */
export function runtimeBin(name: string): string {
  return join(runtimesDir(), 'node_modules', '.bin', name)
}

/** Imports a package from the runtimes' folder (miniflare, edge-runtime): they are not workspace dependencies. */
export async function importRuntimePackage<T>(entry: string): Promise<T> {
  return (await import(pathToFileURL(join(runtimesDir(), 'node_modules', entry)).href)) as T
}

/** The app's settings, as the host hands them to every runtime (env vars, or Workers bindings). */
export function appEnv(): Record<string, string> {
  const env: Record<string, string> = {}
  for (const name of ['FASTAAR_API_KEY', 'FASTAAR_WEBHOOK_SECRET', 'FASTAAR_BASE_URL']) {
    const value = process.env[name]
    if (value === undefined) throw new Error(`${name} is not set`)
    env[name] = value
  }
  return env
}
