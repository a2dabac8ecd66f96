import type { CliIo } from './cli-io.js'
import { runCli } from './run-cli.js'

/** An IO that records lines; `stop()` is the test's Ctrl-C. */
export function testIo(env: Record<string, string | undefined> = {}) {
  const out: string[] = []
  const err: string[] = []
  const controller = new AbortController()
  const io: CliIo = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env,
    signal: controller.signal,
  }
  return { io, out, err, stop: (reason = 'SIGINT') => controller.abort(reason) }
}

/** Runs `paymux …args` in-process; resolves with the exit code and what it wrote. */
export async function paymux(args: readonly string[], env: Record<string, string | undefined> = {}) {
  const { io, out, err } = testIo(env)
  const code = await runCli(args, io)
  return { code, out: out.join('\n'), err: err.join('\n') }
}
