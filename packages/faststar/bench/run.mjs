// `pnpm bench`: FastStar `sessions.create` through paymux, against the same
// request sent with ky alone and with raw fetch, on loopback. The server runs
// in its own process; each client run is a fresh process; variants are
// interleaved over 3 rounds and medians reported.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const packageDir = join(here, '..')
const VARIANTS = ['fetch', 'ky', 'paymux']
const ROUNDS = 3
const LIMIT = 1.15
const CLIENT_TIMEOUT_MS = 40_000
const OVERALL_TIMEOUT_MS = 115_000

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
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

function startServer() {
  return new Promise((resolve, reject) => {
    const server = track(
      spawn(process.execPath, [join(here, 'server.mjs')], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
    )
    const timer = setTimeout(() => reject(new Error('server did not start within 10 s')), 10_000)
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
    child.once('exit', (code) => {
      clearTimeout(timer)
      if (code !== 0) return reject(new Error(`${variant} client failed (code ${code})`))
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1)))
      } catch {
        reject(new Error(`${variant} client printed no result: ${out.slice(0, 300)}`))
      }
    })
  })
}

const fmt = (value, digits = 1) =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)))
  const line = (cells) =>
    cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ')
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

async function main() {
  if (!existsSync(join(packageDir, 'dist', 'index.js'))) {
    console.error('bench: dist/index.js is missing; run `npx tsup` in packages/faststar first')
    process.exit(1)
  }
  const cpus = os.cpus()
  console.log(
    `FastStar sessions.create bench — node ${process.version}, ${cpus.length} × ${cpus[0]?.model?.trim() ?? 'cpu'}`,
  )
  const { server, port } = await startServer()
  const runs = Object.fromEntries(VARIANTS.map((v) => [v, []]))
  for (let round = 1; round <= ROUNDS; round++) {
    for (const variant of VARIANTS) {
      const result = await runClient(variant, port)
      runs[variant].push(result)
      console.log(
        `round ${round}/${ROUNDS} ${variant.padEnd(6)} seq ${fmt(result.sequential.cpuUsPerReq)} µs/req ` +
          `${fmt(result.sequential.reqPerSec, 0)} req/s · @${result.config.inFlight} ${fmt(result.concurrent.cpuUsPerReq)} µs/req ` +
          `${fmt(result.concurrent.reqPerSec, 0)} req/s`,
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
  const ratio = (v) => Object.fromEntries(metrics.map((m) => [m.key, medians[v][m.key] / medians.ky[m.key]]))
  const paymux = ratio('paymux')
  const pass = (m) => (m.lower ? paymux[m.key] <= LIMIT : paymux[m.key] >= 1 / LIMIT)

  console.log(
    `\nMedians of ${ROUNDS} interleaved runs (server and clients in separate processes on 127.0.0.1)\n`,
  )
  console.log(
    table(
      ['variant', ...metrics.map((m) => m.label)],
      [
        ...VARIANTS.map((v) => [v, ...metrics.map((m) => fmt(medians[v][m.key], m.digits))]),
        ['fetch/ky', ...metrics.map((m) => `${fmt(ratio('fetch')[m.key], 2)}×`)],
        ['paymux/ky', ...metrics.map((m) => `${fmt(paymux[m.key], 2)}× ${pass(m) ? 'PASS' : 'FAIL'}`)],
        ['target', ...metrics.map((m) => (m.lower ? `≤ ${fmt(LIMIT, 2)}×` : `≥ ${fmt(1 / LIMIT, 2)}×`))],
      ],
    ),
  )
  const failed = metrics.filter((m) => !pass(m))
  console.log(
    failed.length === 0
      ? `\nPASS: paymux sessions.create is within ${LIMIT}× of ky alone on every metric.`
      : `\nFAIL: ${failed.map((m) => m.label).join(', ')} outside ${LIMIT}× of ky alone.`,
  )
  const expected =
    ROUNDS *
    VARIANTS.length *
    (runs.ky[0].config.warmup + runs.ky[0].config.sequential + runs.ky[0].config.concurrent)
  if (stats !== undefined && (stats.served !== expected || stats.rejected !== 0))
    console.log(
      `warning: the server answered ${stats.served} requests (expected ${expected}), rejected ${stats.rejected}`,
    )

  mkdirSync(join(here, 'results'), { recursive: true })
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus.length,
    limit: LIMIT,
    medians,
    ratios: { 'fetch/ky': ratio('fetch'), 'paymux/ky': paymux },
    runs,
    pass: failed.length === 0,
  }
  writeFileSync(join(here, 'results', 'latest.json'), `${JSON.stringify(report, null, 2)}\n`)
  console.log('results: bench/results/latest.json')
  // A report, not a gate: a missed target is printed as FAIL, and the other packages still run.
  process.exitCode = 0
}

main().catch((error) => {
  console.error(error)
  killChildren()
  process.exit(1)
})
