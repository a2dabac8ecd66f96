// `pnpm --filter @paymux/demo run storefront` as a user runs it: a child process from source.
import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const demo = fileURLToPath(new URL('../../', import.meta.url))

function start(env: Readonly<Record<string, string>>): { child: ChildProcess; output: () => string } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@paymux/source', 'src/storefront-web/main.ts'],
    { cwd: demo, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  )
  let out = ''
  child.stdout?.on('data', (chunk) => {
    out += chunk
  })
  child.stderr?.on('data', (chunk) => {
    out += chunk
  })
  return { child, output: () => out }
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)))

describe('the storefront command', () => {
  it('prints the storefront’s URL, serves its pages there, and closes everything on SIGTERM', async () => {
    const { child, output } = start({ PORT: '0' })
    const closed = exited(child)
    try {
      await expect.poll(output, { timeout: 30_000 }).toMatch(/paymux storefront: http:\/\/127\.0\.0\.1:\d+\n/)
      const url = /paymux storefront: (\S+)/.exec(output())?.[1] ?? expect.fail('no URL printed')
      const home = await fetch(url)
      expect(home.status).toBe(200)
      expect(await home.text()).toContain('id="buy-coffee"')
    } finally {
      child.kill('SIGTERM')
    }
    expect(await closed).toBe(0)
    expect(output()).toContain('SIGTERM: the storefront and the emulators are closed.')
  }, 60_000)

  it('refuses a PORT that is not a port number, with exit code 2, before starting anything', async () => {
    const { child, output } = start({ PORT: 'eighty' })
    expect(await exited(child)).toBe(2)
    expect(output()).toContain('PORT must be a port number (0–65535), got eighty')
    expect(output()).not.toContain('paymux storefront:')
  }, 60_000)
})
