// Router overhead: FastStar `sessions.create` through createRouter({ gateways: [faststar], route: 'faststar' })
// against the same gateway called directly, on loopback, sequential and with 32 in flight.
// The server is FastStar's own bench server (packages/faststar/bench/server.mjs); each client run is a
// fresh process (bench/overhead-client.mjs); the variants are interleaved and the medians compared.
import { join } from 'node:path'
import { fmt, intEnv, median, pad, table } from '../../core/bench/harness.mjs'
import {
  benchDir,
  environment,
  nextMessage,
  packagesDir,
  requireBuilt,
  runMain,
  startNode,
  writeResults,
} from './common.mjs'

const VARIANTS = ['direct', 'router']
/** router / direct: at most this on CPU per request, at least its inverse on requests per second. */
const LIMIT = 1.05

function runClient(variant, port, env) {
  return new Promise((resolve, reject) => {
    const child = startNode(['--expose-gc', join(benchDir, 'overhead-client.mjs'), variant, String(port)], {
      cwd: join(benchDir, '..'),
      env: { ...process.env, ...env },
    })
    let out = ''
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk) => {
      out += chunk
    })
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${variant} client did not finish within 60 s`))
    }, 60_000)
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      if (code !== 0) return reject(new Error(`${variant} client failed (code ${code}, signal ${signal})`))
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1)))
      } catch {
        reject(new Error(`${variant} client printed no result: ${out.slice(0, 500)}`))
      }
    })
  })
}

async function main() {
  requireBuilt()
  const started = performance.now()
  const rounds = intEnv('BENCH_RUNS', 5)
  const budgetMs = intEnv('BENCH_BUDGET_MS', 120_000)
  const counts = {
    BENCH_WARMUP: intEnv('BENCH_WARMUP', 300),
    BENCH_N: intEnv('BENCH_N', 1500),
    BENCH_M: intEnv('BENCH_M', 5000),
    BENCH_CONCURRENCY: intEnv('BENCH_CONCURRENCY', 32),
  }
  const env = Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, String(v)]))
  const environ = environment()
  console.log(
    `Router overhead bench (FastStar sessions.create, router vs direct) — node ${environ.node}, ${environ.cpus} × ${environ.cpuModel ?? 'cpu'}`,
  )
  console.log(
    `per client process: warm-up ${counts.BENCH_WARMUP}, sequential ${counts.BENCH_N}, ` +
      `concurrent ${counts.BENCH_M} @ ${counts.BENCH_CONCURRENCY} in flight; ` +
      `${rounds} runs per variant (interleaved), medians reported\n`,
  )

  const server = startNode([join(packagesDir, 'faststar', 'bench', 'server.mjs')])
  const { port } = await nextMessage(server, 'listening', 10_000)
  const roundsStarted = performance.now()
  const runs = { direct: [], router: [] }
  let done = 0
  for (let round = 1; round <= rounds; round++) {
    const elapsed = performance.now() - started
    if (done > 0 && elapsed + (performance.now() - roundsStarted) / done > budgetMs) {
      console.log(
        `(stopping after ${done} of ${rounds} rounds: another would end past the ${budgetMs / 1000} s budget)`,
      )
      break
    }
    // Alternate which variant goes first, so neither always meets a warmer (or busier) machine.
    const order = round % 2 ? VARIANTS : [...VARIANTS].reverse()
    for (const variant of order) {
      process.stdout.write(`run ${round}/${rounds} ${pad(variant, 6, false)} `)
      const result = await runClient(variant, port, env)
      runs[variant].push(result)
      console.log(
        `seq ${fmt(result.sequential.cpuUsPerReq)} µs/req ${fmt(result.sequential.reqPerSec, 0)} req/s · ` +
          `@${result.config.inFlight} ${fmt(result.concurrent.cpuUsPerReq)} µs/req ${fmt(result.concurrent.reqPerSec, 0)} req/s`,
      )
    }
    done++
  }
  server.send({ type: 'stats' })
  const stats = await nextMessage(server, 'stats', 2000).catch(() => undefined)

  const inFlight = counts.BENCH_CONCURRENCY
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
  const medians = {}
  const spread = {}
  for (const v of VARIANTS) {
    medians[v] = {}
    spread[v] = {}
    for (const m of metrics) {
      const values = runs[v].map(m.pick)
      medians[v][m.key] = median(values)
      spread[v][m.key] = { min: Math.min(...values), max: Math.max(...values) }
    }
  }
  const ratio = Object.fromEntries(metrics.map((m) => [m.key, medians.router[m.key] / medians.direct[m.key]]))
  const checks = metrics.map((m) => {
    const threshold = m.lower ? LIMIT : 1 / LIMIT
    const pass = m.lower ? ratio[m.key] <= threshold : ratio[m.key] >= threshold
    // The router's best run against the direct worst, and its worst against the direct best: the span of
    // ratios single runs support. A threshold inside it is not settled by this run.
    const range = [
      spread.router[m.key].min / spread.direct[m.key].max,
      spread.router[m.key].max / spread.direct[m.key].min,
    ]
    const conclusive =
      done > 1 &&
      (m.lower
        ? range[1] <= threshold || range[0] > threshold
        : range[0] >= threshold || range[1] < threshold)
    return {
      name: m.lower ? `router ${m.label} ≤ ${LIMIT}× direct` : `router ${m.label} ≥ direct / ${LIMIT}`,
      value: ratio[m.key],
      pass,
      range,
      conclusive,
    }
  })

  console.log(
    `\nMedians of ${done} interleaved runs (server and each client in separate processes on 127.0.0.1)\n`,
  )
  console.log(
    table(
      ['variant', ...metrics.map((m) => m.label)],
      [
        ...VARIANTS.map((v) => [v, ...metrics.map((m) => fmt(medians[v][m.key], m.digits))]),
        ['router/direct', ...metrics.map((m, i) => `${fmt(ratio[m.key], 3)}× ${checks[i].pass ? '✓' : '✗'}`)],
        ['target', ...metrics.map((m) => (m.lower ? `≤ ${fmt(LIMIT, 2)}×` : `≥ ${fmt(1 / LIMIT, 3)}×`))],
      ],
    ),
  )
  console.log('\nSpread across runs (min – max)\n')
  console.log(
    table(
      ['variant', ...metrics.map((m) => m.label)],
      VARIANTS.map((v) => [
        v,
        ...metrics.map(
          (m) => `${fmt(spread[v][m.key].min, m.digits)}–${fmt(spread[v][m.key].max, m.digits)}`,
        ),
      ]),
    ),
  )
  console.log('\nTargets\n')
  const width = Math.max(...checks.map((c) => c.name.length))
  for (const c of checks) {
    const note = c.conclusive
      ? ''
      : done < 2
        ? '  not conclusive: a single run'
        : `  not conclusive: run-by-run ratios span ${fmt(c.range[0], 3)}–${fmt(c.range[1], 3)}×`
    console.log(`  ${c.pass ? 'PASS' : 'FAIL'}  ${pad(c.name, width, false)}  ${fmt(c.value, 3)}×${note}`)
  }
  const failed = checks.filter((c) => !c.pass)
  console.log(
    failed.length === 0
      ? '\nAll targets PASS.'
      : `\n*** FAIL: ${failed.length} of ${checks.length} targets missed ***`,
  )
  const expected = done * VARIANTS.length * (counts.BENCH_WARMUP + counts.BENCH_N + counts.BENCH_M)
  if (stats && (stats.served !== expected || stats.rejected !== 0)) {
    console.log(
      `\nwarning: the server answered ${stats.served} requests (expected ${expected}) and rejected ${stats.rejected}`,
    )
  }
  const seconds = (performance.now() - started) / 1000
  console.log(`\nfinished in ${fmt(seconds)} s`)
  writeResults('overhead', {
    date: new Date().toISOString(),
    environment: environ,
    config: {
      runs: done,
      runsPlanned: rounds,
      warmup: counts.BENCH_WARMUP,
      sequential: counts.BENCH_N,
      concurrent: counts.BENCH_M,
      inFlight,
    },
    limit: LIMIT,
    medians,
    ratio,
    spread,
    checks,
    pass: failed.length === 0,
    server: stats,
    durationSeconds: seconds,
    runs,
  })
}

runMain(main, 180_000)
