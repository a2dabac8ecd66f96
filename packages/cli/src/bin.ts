#!/usr/bin/env node
import { runCli } from './run-cli.js'

// Ctrl-C and SIGTERM end `emulate` and `forward` cleanly (servers closed, forward targets dropped).
const stop = new AbortController()
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort(signal))

const code = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  signal: stop.signal,
})
process.exit(code)
