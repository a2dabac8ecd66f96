import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { serversRequired } from '@paymux/test-servers'
import type { DocBlock } from './blocks.js'
import type { RunOutcome } from './check.js'
import { type PageEntry, splitPageOutput } from './harness/page-protocol.js'
import { PACKAGE_DIR } from './paths.js'
import { type BlockServers, serversNeeded, startBlockServers } from './servers.js'
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
 * Runs one `run` block that imports from 'vitest' (or is named `*.test.ts`)
 * as a vitest test file, in a child process of its own (fresh emulators,
 * fresh servers, nothing shared with other blocks): its prelude and code,
 * beside the `file=` modules before it, written under `.runs/`.
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
  if ('missing' in servers) return missingServer(servers)
  try {
    const dir = runDir(`${slug(block.source)}-${block.line}`)
    for (const mod of earlier) write(join(dir, mod.file), mod.code)
    const name = /\.test\.tsx?$/.test(moduleName(block)) ? moduleName(block) : `block-${block.line}.test.ts`
    const file = join(dir, name)
    write(file, text)
    const { code, output } = await spawnWithTimeout(
      vitestArgs(file),
      servers.env,
      options.timeoutMs ?? RUN_TIMEOUT_MS,
    )
    return { ok: code === 0, output, ms: Date.now() - started }
  } finally {
    await servers.stop()
  }
}

/**
 * A new folder for one run's modules, under `.runs/<pid>/` so that a check
 * and a test run at the same time never share one. The folders of processes
 * that are gone are removed on first use; {@link removeRunFolders} removes
 * this process's own.
 */
function runDir(name: string): string {
  if (!swept) {
    swept = true
    for (const entry of existsSync(RUNS_ROOT) ? readdirSync(RUNS_ROOT) : []) {
      if (!/^\d+$/.test(entry) || !alive(Number(entry)))
        rmSync(join(RUNS_ROOT, entry), { recursive: true, force: true })
    }
  }
  const dir = join(RUNS_DIR, name)
  rmSync(dir, { recursive: true, force: true })
  return dir
}

/** Removes this process's run folders. */
export function removeRunFolders(): void {
  rmSync(RUNS_DIR, { recursive: true, force: true })
}

const RUNS_ROOT = join(PACKAGE_DIR, '.runs')
const RUNS_DIR = join(RUNS_ROOT, String(process.pid))
let swept = false

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM'
  }
}

function slug(source: string): string {
  return source.replace(/[^\w.-]+/g, '__')
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, text)
}

function vitestArgs(file: string): string[] {
  const bin = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs')
  return [bin, 'run', '--config', join(PACKAGE_DIR, 'vitest.blocks.config.ts'), '--root', PACKAGE_DIR, file]
}

interface ChildResult {
  readonly code: number
  /** stdout and stderr as they came, then a note if the child was killed. */
  readonly output: string
  readonly stdout: string
  readonly stderr: string
}

function spawnWithTimeout(
  args: string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<ChildResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: PACKAGE_DIR,
      env: { ...process.env, ...env },
      stdio: 'pipe',
    })
    let output = ''
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      stdout += chunk.toString()
    })
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      stderr += chunk.toString()
    })
    const timer = setTimeout(() => {
      output += `\nkilled: still running after ${timeoutMs} ms`
      child.kill('SIGKILL')
    }, timeoutMs)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code: code ?? 1, output, stdout, stderr })
    })
  })
}

/** A `run` block with the `file=` modules before it. */
export interface PlannedRun {
  readonly block: DocBlock
  readonly earlier: readonly NamedModule[]
}

/**
 * Runs the `run` blocks of one markdown file (none importing vitest) in one
 * child process, in document order: each gets fresh emulators, a reset
 * environment with its own servers, and its own timeout, and the process's
 * start-up (tsx, the packages' sources) is paid once per page rather than
 * once per block. A block that times out or ends the process fails; the
 * blocks after it run in a new process.
 */
export async function runPage(runs: readonly PlannedRun[], options: RunOptions = {}): Promise<RunOutcome[]> {
  const timeoutMs = options.timeoutMs ?? RUN_TIMEOUT_MS
  const first = runs[0]
  if (first === undefined) return []
  const dir = runDir(slug(first.block.source))
  // A folder per block, with its own copies of the `file=` modules: ES modules are cached by URL, so a module
  // two blocks import is evaluated afresh for each, under that block's emulators and environment.
  const files = runs.map(({ block, earlier }, i) => {
    for (const mod of earlier) write(join(dir, String(i), mod.file), mod.code)
    const file = join(dir, String(i), moduleName(block))
    write(file, moduleText(block))
    return file
  })
  // allSettled: a server that fails to start fails its own block, and the ones that did start are still stopped.
  const startedServers = await Promise.allSettled(
    runs.map(({ block, earlier }) =>
      startBlockServers(serversNeeded([moduleText(block), ...earlier.map((m) => m.code)].join('\n'))),
    ),
  )
  const servers = startedServers.map((s) => (s.status === 'fulfilled' ? s.value : undefined))
  try {
    const outcomes: (RunOutcome | undefined)[] = startedServers.map((s) =>
      s.status === 'rejected'
        ? { ok: false, output: `its servers did not start: ${String(s.reason)}`, ms: 0 }
        : 'missing' in s.value
          ? missingServer(s.value)
          : undefined,
    )
    while (outcomes.some((o) => o === undefined)) {
      const todo = outcomes.flatMap((o, i) => (o === undefined ? [i] : []))
      const entries: PageEntry[] = todo.map((i) => ({
        file: files[i] as string,
        env: envOf(servers[i]),
        timeoutMs,
      }))
      const manifest = join(dir, `manifest-${todo[0]}.json`)
      writeFileSync(manifest, JSON.stringify(entries))
      const started = Date.now()
      const args = [
        '--conditions=@paymux/source',
        '--import',
        'tsx',
        join(PACKAGE_DIR, 'src/harness/run-page.ts'),
        manifest,
      ]
      // The child's own timers end a block that runs too long; this one only guards against a child that hangs.
      const child = await spawnWithTimeout(args, {}, timeoutMs * entries.length + 30_000)
      const parts = splitPageOutput(child.stdout, child.stderr)
      // A block the process ended during has no time of its own: it gets what the others of this process did not use.
      const elapsed = Date.now() - started
      const accounted = [...parts.values()].reduce((sum, p) => sum + (p.ms ?? 0), 0)
      for (const [k, i] of todo.entries()) {
        const part = parts.get(k)
        if (part === undefined) break
        const died =
          part.ok === undefined ? `\nthe process ended during this block (exit code ${child.code})` : ''
        const ms = part.ms ?? Math.max(0, elapsed - accounted)
        outcomes[i] = { ok: part.ok === true, output: `${part.output}${died}`.trim(), ms }
        if (part.ok !== true && part.ok !== false) break
      }
      if (todo.every((i) => outcomes[i] === undefined)) {
        // Not even the first block started: report the process's own failure on it.
        outcomes[todo[0] as number] = { ok: false, output: `${child.stdout}${child.stderr}`.trim(), ms: 0 }
      }
    }
    return outcomes as RunOutcome[]
  } finally {
    await Promise.allSettled(servers.map((s) => (s !== undefined && 'stop' in s ? s.stop() : undefined)))
  }
}

/** A block whose server is missing here: failed in CI (`serversRequired`), elsewhere reported as not run. */
function missingServer(servers: { readonly missing: string }): RunOutcome {
  const output = `needs ${servers.missing}`
  return serversRequired ? { ok: false, output, ms: 0 } : { ok: true, skipped: output, output, ms: 0 }
}

function envOf(servers: BlockServers | undefined): Record<string, string> {
  return servers !== undefined && 'env' in servers ? servers.env : {}
}
