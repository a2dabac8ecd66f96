import { execFileSync } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// Which webhook crypto provider `#crypto` resolves to, by export condition: node:crypto under
// `node`, Web Crypto on the edge runtimes and wherever `node` is not set. Checked with Node's own
// resolver in child processes, so the answer is the runtime's, not a re-implementation's.

const packageDir = fileURLToPath(new URL('../..', import.meta.url))
const EDGE_CONDITIONS = ['workerd', 'edge-light', 'worker', 'browser', 'deno', 'bun']

function node(args: string[], cwd = packageDir): string {
  return execFileSync(process.execPath, args, { cwd, encoding: 'utf8', timeout: 60_000 }).trim()
}

/** Where Node's ESM resolver sends `#crypto` from inside the package, under extra `conditions`. */
function resolveCrypto(conditions: string[]): string {
  const flags = conditions.map((condition) => `--conditions=${condition}`)
  const url = node([...flags, '--input-type=module', '-e', "console.log(import.meta.resolve('#crypto'))"])
  return fileURLToPath(url).slice(packageDir.length)
}

describe('#crypto resolution (package.json "imports")', () => {
  it('Node (the `node` condition) gets the node:crypto provider', () => {
    expect(resolveCrypto([])).toBe('dist/webhooks/node-crypto.js')
  })

  it.each(EDGE_CONDITIONS)('%s gets the Web Crypto provider, though Node also sets `node`', (condition) => {
    expect(resolveCrypto([condition])).toBe('dist/webhooks/web-crypto.js')
  })

  it('the source condition maps the same way, to the TypeScript sources', () => {
    expect(resolveCrypto(['@paymux/source'])).toBe('src/webhooks/node-crypto.ts')
    expect(resolveCrypto(['@paymux/source', 'workerd'])).toBe('src/webhooks/web-crypto.ts')
  })

  it('a runtime with neither `node` nor an edge condition gets Web Crypto, in ESM and CommonJS', () => {
    // Node cannot drop its own `node` condition, so this walks the map as the spec does: first match wins.
    const imports = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).imports
    const resolve = (target: unknown, conditions: string[]): unknown => {
      if (typeof target === 'string') return target
      for (const [key, value] of Object.entries(target as Record<string, unknown>)) {
        if (key === 'default' || conditions.includes(key)) return resolve(value, conditions)
      }
      return undefined
    }
    expect(resolve(imports['#crypto'], ['import'])).toBe('./dist/webhooks/web-crypto.js')
    expect(resolve(imports['#crypto'], ['require'])).toBe('./dist/webhooks/web-crypto.cjs')
    expect(resolve(imports['#crypto'], ['require', 'node'])).toBe('./dist/webhooks/node-crypto.cjs')
  })
})

describe('the build keeps the choice to the runtime', () => {
  // The real tsup config, built to a scratch package: `#crypto` must stay an import in dist
  // (not be bundled in), and both providers must be built where package.json points.
  let scratch: string
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'paymux-crypto-build-'))
    const build =
      "const { build } = await import('tsup');" +
      'await build({ outDir: process.env.OUT_DIR, dts: false, sourcemap: false, silent: true })'
    execFileSync(process.execPath, ['--input-type=module', '-e', build], {
      cwd: packageDir,
      env: { ...process.env, OUT_DIR: join(scratch, 'dist') },
      stdio: 'pipe',
      timeout: 120_000,
    })
    cpSync(join(packageDir, 'package.json'), join(scratch, 'package.json'))
    symlinkSync(join(packageDir, 'node_modules'), join(scratch, 'node_modules'), 'dir')
  }, 150_000)
  afterAll(() => {
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true })
  })

  /** Signs twice through the built package's adapter-kit entry and counts Web Crypto key imports. */
  function probe(format: 'esm' | 'cjs', conditions: string[]): { signature: string; importKeys: number } {
    const load =
      format === 'esm'
        ? "await import('./dist/adapter-kit/index.js')"
        : "(await import('node:module')).createRequire(process.cwd() + '/')('./dist/adapter-kit/index.cjs')"
    const script = `
      let importKeys = 0
      const importKey = crypto.subtle.importKey.bind(crypto.subtle)
      crypto.subtle.importKey = (...args) => { importKeys++; return importKey(...args) }
      const core = ${load}
      await core.computeSignature('whsec_dist', 1700000000, '{"id":"evt_1"}')
      const signature = await core.computeSignature('whsec_dist', 1700000000, '{"id":"evt_1"}')
      console.log(JSON.stringify({ signature, importKeys }))`
    const flags = conditions.map((condition) => `--conditions=${condition}`)
    return JSON.parse(node([...flags, '--input-type=module', '-e', script], scratch))
  }

  const expected = createHmac('sha256', 'whsec_dist').update('1700000000.{"id":"evt_1"}').digest('hex')

  it.each(['esm', 'cjs'] as const)(
    '%s on Node signs with node:crypto (no Web Crypto key import)',
    (format) => {
      expect(probe(format, [])).toEqual({ signature: expected, importKeys: 0 })
    },
  )

  it.each(['esm', 'cjs'] as const)(
    '%s on workerd signs with Web Crypto, importing the key once',
    (format) => {
      expect(probe(format, ['workerd'])).toEqual({ signature: expected, importKeys: 1 })
    },
  )
})
