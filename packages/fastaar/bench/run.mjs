// `pnpm bench`: Fastaar's sessions.create through paymux against ky alone and raw fetch,
// on loopback, server and each client in separate processes; 3 interleaved runs, medians.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const packageDir = join(here, '..')
const VARIANTS = ['fetch', 'ky', 'paymux']
const RUNS = 3
const TARGET = 1.15
const CLIENT_TIMEOUT_MS = 40_000
// `pnpm bench` also builds first (~20 s), and the whole must stay under 2 minutes.
const OVERALL_TIMEOUT_MS = 95_000

const children = new Set()
function track(child) {
  children.add(child)
  child.once('exit', () => children.delete(child))
  return child
}
function killChildren() {
  for (const child of children) child.kill('SIGTERM')
}
process.on('exit', killChildren)
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    killChildren()
    process.exit(1)
  })
}
setTimeout(() => {
  console.error(`bench: gave up after ${OVERALL_TIMEOUT_MS / 1000} s`)
  killChildren()
  process.exit(1)
}, OVERALL_TIMEOUT_MS).unref()

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[sorted.length >> 1]
}

function startServer() {
  return new Promise((resolve, reject) => {
    const server = track(
      spawn(process.execPath, [join(here, 'server.mjs')], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
    )
    const timer = setTimeout(() => reject(new Error('the server did not start within 10 s')), 10_000)
    server.once('exit', (code) => reject(new Error(`the server exited early (code ${code})`)))
    server.on('message', (message) => {
      if (message?.type !== 'listening') return
      clearTimeout(timer)
      resolve({ server, port: message.port })
    })
  })
}

function serverStats(server) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), 2000)
    server.on('message', (message) => {
      if (message?.type !== 'stats') return
      clearTimeout(timer)
      resolve(message)
    })
    server.send({ type: 'stats' })
  })
}

function runClient(variant, port) {
  return new Promise((resolve, reject) => {
    const child = track(
      spawn(process.execPath, [join(here, 'client.mjs'), variant, String(port)], {
        cwd: packageDir,
        stdio: ['ignore', 'pipe', 'inherit'],
      }),
    )
    let out = ''
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk) => {
      out += chunk
    })
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${variant} client did not finish within ${CLIENT_TIMEOUT_MS / 1000} s`))
    }, CLIENT_TIMEOUT_MS)
    child.once('exit', (code) => {
      clearTimeout(timer)
      if (code !== 0) return reject(new Error(`${variant} client failed (code ${code})`))
      resolve(JSON.parse(out.trim().split('\n').at(-1)))
    })
  })
}

const fmt = (value, digits = 1) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)))
  const line = (cells) =>
    cells
      .map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i])))
      .join('  ')
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

async function main() {
  if (!existsSync(join(packageDir, 'dist', 'index.js')))
    throw new Error('dist/index.js is missing: run `npx tsup` first')
  if (!existsSync(join(packageDir, 'node_modules', '@paymux', 'core', 'dist', 'index.js'))) {
    throw new Error('@paymux/core is not built: run `pnpm build` in packages/core first')
  }
  const started = performance.now()
  const cpus = os.cpus()
  console.log(
    `@paymux/fastaar bench: sessions.create on loopback; node ${process.version}, ${cpus.length} × ${cpus[0]?.model?.trim() ?? 'cpu'}`,
  )
  const { server, port } = await startServer()
  const runs = Object.fromEntries(VARIANTS.map((variant) => [variant, []]))
  for (let round = 1; round <= RUNS; round++) {
    for (const variant of VARIANTS) {
      const result = await runClient(variant, port)
      runs[variant].push(result)
      console.log(
        `run ${round}/${RUNS} ${variant.padEnd(6)} seq ${fmt(result.sequential.cpuUsPerReq)} µs/req ${fmt(result.sequential.reqPerSec, 0)} req/s · @${result.config.inFlight} ${fmt(result.concurrent.cpuUsPerReq)} µs/req ${fmt(result.concurrent.reqPerSec, 0)} req/s`,
      )
    }
  }
  const stats = await serverStats(server)
  server.removeAllListeners('exit')
  server.kill('SIGTERM')

  const metrics = [
    { key: 'cpuSeq', label: 'CPU µs/req seq', pick: (r) => r.sequential.cpuUsPerReq, lower: true, digits: 1 },
    { key: 'rpsSeq', label: 'req/s seq', pick: (r) => r.sequential.reqPerSec, lower: false, digits: 0 },
    {
      key: 'cpuConc',
      label: 'CPU µs/req @32',
      pick: (r) => r.concurrent.cpuUsPerReq,
      lower: true,
      digits: 1,
    },
    { key: 'rpsConc', label: 'req/s @32', pick: (r) => r.concurrent.reqPerSec, lower: false, digits: 0 },
  ]
  const medians = Object.fromEntries(
    VARIANTS.map((v) => [v, Object.fromEntries(metrics.map((m) => [m.key, median(runs[v].map(m.pick))]))]),
  )
  // Ratios as "times worse than ky": CPU paymux/ky, throughput ky/paymux; ≤ 1.15 passes.
  const ratio = (v, m) =>
    m.lower ? medians[v][m.key] / medians.ky[m.key] : medians.ky[m.key] / medians[v][m.key]
  const checks = metrics.map((m) => ({
    name: `paymux ${m.label} within ${TARGET}× of ky`,
    value: ratio('paymux', m),
  }))
  for (const check of checks) check.pass = check.value <= TARGET

  console.log(
    `\nMedians of ${RUNS} interleaved runs (server and each client in its own process, 127.0.0.1)\n`,
  )
  console.log(
    table(
      ['variant', ...metrics.map((m) => m.label)],
      [
        ...VARIANTS.map((v) => [v, ...metrics.map((m) => fmt(medians[v][m.key], m.digits))]),
        ['fetch vs ky', ...metrics.map((m) => `${fmt(ratio('fetch', m), 2)}×`)],
        [
          'paymux vs ky',
          ...metrics.map(
            (m) => `${fmt(ratio('paymux', m), 2)}× ${ratio('paymux', m) <= TARGET ? 'PASS' : 'FAIL'}`,
          ),
        ],
      ],
    ),
  )
  console.log(
    `\n(ratios: CPU per request divided by ky's; for req/s, ky's divided by paymux's: ≤ ${TARGET}× passes)\n`,
  )
  for (const check of checks)
    console.log(`  ${check.pass ? 'PASS' : 'FAIL'}  ${check.name.padEnd(46)} ${fmt(check.value, 3)}×`)
  const failed = checks.filter((check) => !check.pass)
  console.log(
    failed.length === 0
      ? '\nAll targets PASS.'
      : `\n*** FAIL: ${failed.length} of ${checks.length} targets missed ***`,
  )
  const expected =
    RUNS *
    VARIANTS.length *
    (runs.ky[0].config.warmup + runs.ky[0].config.sequential + runs.ky[0].config.concurrent)
  if (stats && (stats.served !== expected || stats.rejected !== 0)) {
    console.log(
      `warning: the server answered ${stats.served} requests (expected ${expected}), rejected ${stats.rejected}`,
    )
  }
  const seconds = (performance.now() - started) / 1000
  console.log(`finished in ${fmt(seconds)} s`)
  mkdirSync(join(here, 'results'), { recursive: true })
  const file = join(here, 'results', 'latest.json')
  writeFileSync(
    file,
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: cpus.length, target: TARGET, medians, checks, pass: failed.length === 0, server: stats, seconds, runs }, null, 2)}\n`,
  )
  console.log(`results written to ${file}`)
}

main().then(
  () => {
    killChildren()
    process.exit(0)
  },
  (error) => {
    console.error(`bench: ${error?.stack ?? error}`)
    killChildren()
    process.exit(1)
  },
)
