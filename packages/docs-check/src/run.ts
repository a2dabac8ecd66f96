import { spawn } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { DocBlock } from './blocks.js'
import type { RunOutcome } from './check.js'
import { PACKAGE_DIR } from './paths.js'
import { serversNeeded, serversRequired, startBlockServers } from './servers.js'
import { moduleName, moduleText, type NamedModule } from './typecheck.js'

/** How long one block may run before it is killed and fails. */
export const RUN_TIMEOUT_MS = 30_000

const require = createRequire(import.meta.url)

/** Options of {@link runBlock}. */
export interface RunOptions {
  /** How long the block may run. @default RUN_TIMEOUT_MS (30 s) */
  readonly timeoutMs?: number
}

/** Whether a module is a vitest test file: it imports from 'vitest', or is named `*.test.ts` (a suite helper's). */
export function isVitestModule(text: string, name: string): boolean {
  return /\bfrom\s+['"]vitest['"]/.test(text) || /\.test\.tsx?$/.test(name)
}

/**
 * Runs one `run` block in a child process of its own (fresh emulators, fresh
 * servers, nothing shared with other blocks): its prelude and code, beside
 * the `file=` modules before it, written under `.runs/` and run as ES modules
 * by tsx with the `@paymux/source` condition; a block importing from 'vitest'
 * runs as a vitest test file.
 */
export async function runBlock(
  block: DocBlock,
  earlier: readonly NamedModule[],
  options: RunOptions = {},
): Promise<RunOutcome> {
  const started = Date.now()
  const text = moduleText(block)
  const all = [text, ...earlier.map((m) => m.code)].join('\n')
  const servers = await startBlockServers(serversNeeded(all))
  if ('missing' in servers) {
    const output = `needs ${servers.missing}`
    return serversRequired ? { ok: false, output, ms: 0 } : { ok: true, skipped: output, output, ms: 0 }
  }
  try {
    const dir = join(PACKAGE_DIR, '.runs', `${block.source.replace(/[^\w.-]+/g, '__')}-${block.line}`)
    rmSync(dir, { recursive: true, force: true })
    for (const mod of earlier) write(join(dir, mod.file), mod.code)
    const vitest = isVitestModule(text, moduleName(block))
    const name =
      vitest && !/\.test\.tsx?$/.test(moduleName(block)) ? `block-${block.line}.test.ts` : moduleName(block)
    const file = join(dir, name)
    write(file, text)
    const args = vitest ? vitestArgs(file) : tsxArgs(file)
    const { code, output } = await spawnWithTimeout(args, servers.env, options.timeoutMs ?? RUN_TIMEOUT_MS)
    return { ok: code === 0, output, ms: Date.now() - started }
  } finally {
    await servers.stop()
  }
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, text)
}

function tsxArgs(file: string): string[] {
  return [
    '--conditions=@paymux/source',
    '--import',
    'tsx',
    join(PACKAGE_DIR, 'src/harness/run-module.ts'),
    file,
  ]
}

function vitestArgs(file: string): string[] {
  const bin = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs')
  return [bin, 'run', '--config', join(PACKAGE_DIR, 'vitest.blocks.config.ts'), '--root', PACKAGE_DIR, file]
}

function spawnWithTimeout(
  args: string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: PACKAGE_DIR,
      env: { ...process.env, ...env },
      stdio: 'pipe',
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    const timer = setTimeout(() => {
      output += `\nkilled: still running after ${timeoutMs} ms`
      child.kill('SIGKILL')
    }, timeoutMs)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code: code ?? 1, output })
    })
  })
}
