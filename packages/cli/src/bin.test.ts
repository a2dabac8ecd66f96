import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'

// The built bin, spawned as `paymux` is: shebang, ESM, exit codes, signals. Workspace packages resolve from
// source (tsx and the @paymux/source condition), so this needs only the CLI's own build; the installed-package
// proof (packages/tarball-proof/run.sh) runs it from packed tarballs instead.
const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const bin = join(root, 'dist', 'bin.js')

function newestSource(): number {
  return readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.includes('.test'))
    .reduce((newest, file) => Math.max(newest, statSync(join(root, 'src', file)).mtimeMs), 0)
}

beforeAll(() => {
  const built = (() => {
    try {
      return statSync(bin).mtimeMs
    } catch {
      return 0
    }
  })()
  if (built < newestSource()) execFileSync('pnpm', ['exec', 'tsup'], { cwd: root, stdio: 'ignore' })
}, 180_000)

function run(args: readonly string[]): ChildProcess {
  return spawn(process.execPath, ['--conditions=@paymux/source', '--import', 'tsx', bin, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)))
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = ''
    child.stdout?.on('data', (chunk) => {
      text += chunk
      const end = text.indexOf('\n')
      if (end !== -1) resolve(text.slice(0, end))
    })
    child.once('exit', (code) => reject(new Error(`exited ${code} before a line: ${text}`)))
  })
}

describe('dist/bin.js', () => {
  it('starts with a shebang, serves emulate --json until SIGINT, and exits 0', async () => {
    expect(execFileSync('head', ['-1', bin], { encoding: 'utf8' })).toBe('#!/usr/bin/env node\n')
    const child = run(['emulate', 'fastaar', '--port-base', '0', '--json'])
    const ready = JSON.parse(await firstLine(child)) as { portBase: number; fastaar: { url: string } }
    expect(ready.fastaar.url).toBe(`http://127.0.0.1:${ready.portBase + 1}`)
    const info = (await (await fetch(`${ready.fastaar.url}/__paymux/info`)).json()) as { provider: string }
    expect(info.provider).toBe('fastaar')
    const exit = exited(child)
    child.kill('SIGINT')
    expect(await exit).toBe(0)
  }, 60_000)

  it('refuses an unknown option with exit 2 and a message on stderr', async () => {
    const child = run(['emulate', '--port-bse', '1'])
    let stderr = ''
    child.stderr?.on('data', (chunk) => {
      stderr += chunk
    })
    expect(await exited(child)).toBe(2)
    expect(stderr).toContain('paymux: Unknown option: --port-bse')
  }, 60_000)
})
