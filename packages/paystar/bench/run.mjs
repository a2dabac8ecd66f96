// `pnpm bench`: Paystar's sessions.create through paymux against raw fetch and
// ky alone, all sending the same initiate body to a loopback server in a
// separate process. 3 interleaved runs per variant, medians, PASS/FAIL.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const packageDir = join(here, '..')
const resultsDir = join(here, 'results')
const VARIANTS = ['fetch', 'ky', 'paymux']
const RUNS = 3
const LIMIT = 1.15
const CLIENT_TIMEOUT_MS = 30_000
const OVERALL_TIMEOUT_MS = 115_000

// ---------------------------------------------------------------- clean-up
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
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
]) {
  process.on(signal, () => {
    killChildren()
    process.exit(code)
  })
}
const overall = setTimeout(() => {
  console.error(`bench: gave up after ${OVERALL_TIMEOUT_MS / 1000} s`)
  killChildren()
  process.exit(1)
}, OVERALL_TIMEOUT_MS)
overall.unref()

// ---------------------------------------------------------------- processes
function startServer() {
  return new Promise((resolve, reject) => {
    const server = track(
      spawn(process.execPath, [join(here, 'server.mjs')], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
    )
    const timer = setTimeout(() => reject(new Error('server did not start within 10 s')), 10_000)
    server.once('error', reject)
    server.once('exit', (code) => reject(new Error(`server exited early (code ${code})`)))
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
      spawn(process.execPath, ['--expose-gc', join(here, 'client.mjs'), variant, String(port)], {
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
    child.once('error', reject)
    child.once('exit', (code) => {
      clearTimeout(timer)
      if (code !== 0) return reject(new Error(`${variant} client failed (code ${code})`))
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1)))
      } catch {
        reject(new Error(`${variant} client printed no result: ${out.slice(0, 500)}`))
      }
    })
  })
}

// ---------------------------------------------------------------- formatting
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
const fmt = (value, digits = 1) =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)))
  const line = (cells) =>
    cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ')
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

// ---------------------------------------------------------------- main
async function main() {
  if (!existsSync(join(packageDir, 'dist', 'index.js'))) {
    console.error('bench: dist/index.js is missing; run `npx tsup` in packages/paystar first')
    process.exit(1)
  }
  const started = performance.now()
  const cpus = os.cpus()
  console.log(
    `paystar sessions.create bench — node ${process.version}, ${cpus.length} × ${cpus[0]?.model?.trim() ?? 'cpu'}`,
  )
  const { server, port } = await startServer()
  const runs = Object.fromEntries(VARIANTS.map((v) => [v, []]))
  for (let round = 1; round <= RUNS; round++) {
    for (const variant of VARIANTS) {
      const result = await runClient(variant, port)
      runs[variant].push(result)
      console.log(
        `run ${round}/${RUNS} ${variant.padEnd(6)} seq ${fmt(result.sequential.cpuUsPerReq)} µs/req ${fmt(result.sequential.reqPerSec, 0)} req/s · ` +
          `@${result.config.inFlight} ${fmt(result.concurrent.cpuUsPerReq)} µs/req ${fmt(result.concurrent.reqPerSec, 0)} req/s`,
      )
    }
  }
  const stats = await serverStats(server)
  server.removeAllListeners('exit')
  server.kill('SIGTERM')

  const inFlight = runs.ky[0].config.inFlight
  const metrics = [
    { key: 'cpuSeq', label: 'CPU µs/req seq', pick: (r) => r.sequential.cpuUsPerReq, lower: true, digits: 1 },
    { key: 'rpsSeq', label: 'req/s seq', pick: (r) => r.sequential.reqPerSec, lower: false, digits: 0 },
    {
      key: 'cpuConc',
      label: `CPU µs/req @${inFlight}`,
      pick: (r) => r.concurrent.cpuUsPerReq,
      lower: true,
      digits: 1,
    },
    {
      key: 'rpsConc',
      label: `req/s @${inFlight}`,
      pick: (r) => r.concurrent.reqPerSec,
      lower: false,
      digits: 0,
    },
  ]
  const medians = Object.fromEntries(
    VARIANTS.map((v) => [v, Object.fromEntries(metrics.map((m) => [m.key, median(runs[v].map(m.pick))]))]),
  )
  const ratio = (v) => Object.fromEntries(metrics.map((m) => [m.key, medians[v][m.key] / medians.ky[m.key]]))
  const ratios = { 'fetch/ky': ratio('fetch'), 'paymux/ky': ratio('paymux') }
  const r = ratios['paymux/ky']
  const checks = metrics.map((m) => ({
    name: m.lower ? `paymux ${m.label} ≤ ${LIMIT}× ky` : `paymux ${m.label} ≥ ky / ${LIMIT}`,
    value: r[m.key],
    pass: m.lower ? r[m.key] <= LIMIT : r[m.key] >= 1 / LIMIT,
  }))

  console.log(
    `\nMedians of ${RUNS} interleaved runs (server and each client in separate processes on 127.0.0.1)\n`,
  )
  console.log(
    table(
      ['variant', ...metrics.map((m) => m.label)],
      [
        ...VARIANTS.map((v) => [v, ...metrics.map((m) => fmt(medians[v][m.key], m.digits))]),
        ['fetch/ky', ...metrics.map((m) => `${fmt(ratios['fetch/ky'][m.key], 2)}×`)],
        ['paymux/ky', ...metrics.map((m, i) => `${fmt(r[m.key], 2)}× ${checks[i].pass ? 'PASS' : 'FAIL'}`)],
        ['target', ...metrics.map((m) => (m.lower ? `≤ ${fmt(LIMIT, 2)}×` : `≥ ${fmt(1 / LIMIT, 2)}×`))],
      ],
    ),
  )
  console.log('')
  for (const c of checks)
    console.log(`  ${c.pass ? 'PASS' : 'FAIL'}  ${c.name.padEnd(36)} ${fmt(c.value, 3)}×`)
  const failed = checks.filter((c) => !c.pass)
  console.log(
    failed.length === 0
      ? '\nAll targets PASS.'
      : `\n*** FAIL: ${failed.length} of ${checks.length} targets missed ***`,
  )
  const config = runs.ky[0].config
  const expected = RUNS * VARIANTS.length * (config.warmup + config.sequential + config.concurrent)
  if (stats && (stats.served !== expected || stats.rejected !== 0)) {
    console.log(
      `warning: the server answered ${stats.served} requests (expected ${expected}), rejected ${stats.rejected}`,
    )
  }
  const seconds = (performance.now() - started) / 1000
  console.log(`finished in ${fmt(seconds)} s`)

  mkdirSync(resultsDir, { recursive: true })
  const file = join(resultsDir, 'latest.json')
  const environment = {
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    cpus: cpus.length,
  }
  const report = {
    date: new Date().toISOString(),
    environment,
    config,
    limit: LIMIT,
    medians,
    ratios,
    checks,
    server: stats,
    durationSeconds: seconds,
    runs,
  }
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`)
  console.log(`results written to ${file}`)
  return failed.length === 0
}

main().then(
  // Like the core bench, a missed target is reported in the table, not as a failed command.
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
