import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Bundles, cryptoInputs } from './bundles.js'
import { runtimeBin, runtimesDir } from './runtimes-dir.js'

/** One runtime the proof serves the app on. */
export interface RuntimeCase {
  readonly name: string
  /** Its version, as the binary prints it; throws when the runtime is missing or not the version claimed. */
  version(): string
  /** Which of core's `#crypto` modules this runtime's own resolver picks (`webhooks/web-crypto.js`…). */
  crypto(): string
  /** The one it must pick: Node's crypto on Node, Web Crypto everywhere else. */
  readonly expectedCrypto: string
  /** Starts the app listening on 127.0.0.1:`port`, with the app's settings in `env`. */
  start(port: number, env: Record<string, string>): ChildProcess
}

// fileURLToPath, not .pathname: a folder with a space in its name stays a usable path.
const PACKAGE_DIR = fileURLToPath(new URL('../../', import.meta.url))
// Core as this package has it installed: the resolvers below start from its built entry.
const CORE_ENTRY = `${PACKAGE_DIR}node_modules/@paymux/core/dist/index.js`
const WEB = 'webhooks/web-crypto.js'

/** What Node's resolver maps core's `#crypto` to (as `require` sees it: the CommonJS twin of the same choice). */
function nodeCrypto(bin: string): string {
  const script = `console.log(require('node:module').createRequire(${JSON.stringify(CORE_ENTRY)}).resolve('#crypto'))`
  return cryptoInputs([firstLine(bin, ['-e', script])])
}

/** The first line `bin args…` prints, without a trailing ` (…)`: a version, or a script's one answer. */
function firstLine(bin: string, args: readonly string[] = ['--version']): string {
  return (
    (execFileSync(bin, args, { encoding: 'utf8', timeout: 30_000 }).trim().split('\n')[0] ?? '').split(
      ' (',
    )[0] ?? ''
  )
}

function launch(
  bin: string,
  args: readonly string[],
  port: number,
  env: Record<string, string>,
): ChildProcess {
  return spawn(bin, args, {
    cwd: PACKAGE_DIR,
    env: { ...process.env, ...env, PORT: String(port), DENO_NO_UPDATE_CHECK: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

// How Deno finds the modules: the installed node_modules, `./payments.js` found as payments.ts, no
// lock file written. `deno run` adds --cached-only: any attempt to download fails.
const DENO_RESOLUTION: readonly string[] = ['--node-modules-dir=manual', '--sloppy-imports', '--no-lock']
// Only the permissions the app needs: no file access, only its own variables.
const DENO_PERMISSIONS: readonly string[] = [
  '--allow-net',
  '--allow-env=FASTAAR_API_KEY,FASTAAR_WEBHOOK_SECRET,FASTAAR_BASE_URL,PORT',
]

/** Every runtime we claim. None is optional: a missing one fails the proof. */
export function runtimeCases(bundles: Bundles): readonly RuntimeCase[] {
  const node22 = runtimeBin('node')
  const tsx = ['--import', 'tsx']
  return [
    {
      name: 'Node (PATH)',
      // The row stands for Node 20 (CI's machine has it): another major would prove nothing about 20.
      version: () => {
        if (!process.version.startsWith('v20.'))
          throw new Error(`the node on PATH is ${process.version}, not Node 20: put Node 20 first on PATH`)
        return process.version
      },
      crypto: () => nodeCrypto(process.execPath),
      expectedCrypto: 'webhooks/node-crypto.cjs',
      start: (port, env) => launch(process.execPath, [bundles.node], port, env),
    },
    {
      name: 'Node 22',
      version: () => firstLine(node22),
      crypto: () => nodeCrypto(node22),
      expectedCrypto: 'webhooks/node-crypto.cjs',
      start: (port, env) => launch(node22, [bundles.node], port, env),
    },
    {
      name: 'Bun',
      version: () => `bun ${firstLine(runtimeBin('bun'))}`,
      crypto: () =>
        cryptoInputs([
          firstLine(runtimeBin('bun'), [
            '-e',
            `console.log(Bun.resolveSync('#crypto', ${JSON.stringify(CORE_ENTRY)}))`,
          ]),
        ]),
      expectedCrypto: WEB,
      // Bun runs the TypeScript entry itself and resolves @paymux/* from node_modules (`bun` condition).
      start: (port, env) => launch(runtimeBin('bun'), ['run', 'src/app/bun.ts'], port, env),
    },
    {
      name: 'Deno',
      version: () => firstLine(runtimeBin('deno')),
      // Deno's own module graph of the entry, as it would load it.
      crypto: () => {
        const info = execFileSync(
          runtimeBin('deno'),
          ['info', '--json', ...DENO_RESOLUTION, 'src/app/deno.ts'],
          {
            cwd: PACKAGE_DIR,
            encoding: 'utf8',
            env: { ...process.env, DENO_NO_UPDATE_CHECK: '1' },
            maxBuffer: 64 * 1024 * 1024,
          },
        )
        const modules = (JSON.parse(info) as { modules: { specifier: string }[] }).modules
        return cryptoInputs(modules.map((m) => m.specifier))
      },
      expectedCrypto: WEB,
      start: (port, env) =>
        launch(
          runtimeBin('deno'),
          ['run', ...DENO_RESOLUTION, '--cached-only', ...DENO_PERMISSIONS, 'src/app/deno.ts'],
          port,
          env,
        ),
    },
    {
      name: 'workerd',
      version: () => `${firstLine(runtimeBin('workerd'))} (miniflare ${packageVersion('miniflare')})`,
      crypto: () => bundles.workerCrypto,
      expectedCrypto: WEB,
      start: (port, env) =>
        launch(node22, [...tsx, 'src/host/serve-workerd.ts', bundles.worker, String(port)], port, env),
    },
    {
      name: 'Vercel Edge',
      version: () => `edge-runtime ${packageVersion('edge-runtime')}`,
      crypto: () => bundles.edgeCrypto,
      expectedCrypto: WEB,
      start: (port, env) =>
        launch(process.execPath, [...tsx, 'src/host/serve-edge.ts', bundles.edge, String(port)], port, env),
    },
  ]
}

function packageVersion(name: string): string {
  const manifest = JSON.parse(readFileSync(join(runtimesDir(), 'node_modules', name, 'package.json'), 'utf8'))
  return String((manifest as { version: unknown }).version)
}
