// `pnpm bench`: the paymux transport against raw fetch and ky alone, on loopback.
// See bench/README.md for what is measured and how to read the ratios.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const packageDir = join(here, '..')
const distEntry = join(packageDir, 'dist', 'index.js')
const resultsDir = join(here, 'results')

const VARIANTS = ['fetch', 'ky', 'paymux']
const RUNS = intEnv('BENCH_RUNS', 3)
const IMPORT_RUNS = intEnv('BENCH_IMPORT_RUNS', 10)
const CLIENT_TIMEOUT_MS = 60_000
// The whole `pnpm bench` should take under ~3 minutes: `tsup` takes ~10 s, so no new round of
// client runs starts when it would likely end after BUDGET_MS; the report then uses the rounds
// done (and says so). OVERALL_TIMEOUT_MS is only a last-resort guard against a hang.
const BUDGET_MS = intEnv('BENCH_BUDGET_MS', 165_000)
const OVERALL_TIMEOUT_MS = 300_000

const TARGETS = { ratio: 1.1, coldImportMs: 70 }

function intEnv(name, fallback) {
  const value = Number(process.env[name] ?? fallback)
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`)
  return value
}

// ---------------------------------------------------------------- clean-up
/** Every child process we started and have not yet seen exit. */
const children = new Set()
function track(child) {
  children.add(child)
  child.once('exit', () => children.delete(child))
  return child
}
function killChildren() {
  for (const child of children) {
    try {
      child.kill('SIGTERM')
    } catch {}
  }
}
process.on('exit', killChildren)
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
]) {
  process.on(signal, () => {
    console.error(`\nbench: ${signal}, stopping`)
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

// ---------------------------------------------------------------- helpers
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
    const onMessage = (message) => {
      if (message?.type !== 'stats') return
      clearTimeout(timer)
      server.off('message', onMessage)
      resolve(message)
    }
    server.on('message', onMessage)
    server.send({ type: 'stats' })
  })
}

function runClient(variant, port) {
  return new Promise((resolve, reject) => {
    const child = track(
      spawn(process.execPath, ['--expose-gc', join(here, 'client.mjs'), variant, String(port)], {
        cwd: packageDir,
        // The IPC channel only lets the client notice that this process has gone away.
        stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
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

function coldImport(specifier) {
  const t0 = performance.now()
  const run = spawnSync(process.execPath, [join(here, 'cold-import.mjs'), specifier], {
    cwd: packageDir,
    encoding: 'utf8',
    timeout: 20_000,
  })
  const processMs = performance.now() - t0
  const importMs = Number(run.stdout.trim())
  if (run.status !== 0 || !Number.isFinite(importMs)) {
    throw new Error(`cold import of ${specifier} failed: ${run.stderr || run.stdout || run.error}`)
  }
  return { importMs, processMs }
}

// ---------------------------------------------------------------- formatting
const fmt = (value, digits = 1) =>
  value === undefined || Number.isNaN(value)
    ? '–'
    : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
const pad = (text, width, right = true) => (right ? String(text).padStart(width) : String(text).padEnd(width))

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)))
  const line = (cells) => cells.map((c, i) => pad(c, widths[i], i > 0)).join('  ')
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

// ---------------------------------------------------------------- main
async function main() {
  if (!existsSync(distEntry)) {
    console.error(
      `bench: ${distEntry} is missing; run \`pnpm build\` (or \`npx tsup\`) in packages/core first`,
    )
    process.exit(1)
  }
  const started = performance.now()
  const cpus = os.cpus()
  console.log(
    `paymux transport bench — node ${process.version}, ${cpus.length} × ${cpus[0]?.model?.trim() ?? 'cpu'}, ${os.platform()} ${os.release()}`,
  )
  console.log(
    `per client process: warm-up ${process.env.BENCH_WARMUP ?? 500}, sequential ${process.env.BENCH_N ?? 3000}, ` +
      `concurrent ${process.env.BENCH_M ?? 10000} @ ${process.env.BENCH_CONCURRENCY ?? 32} in flight; ` +
      `${RUNS} runs per variant (interleaved), medians reported\n`,
  )

  // 1. Cold import, interleaved so a disk-cache or CPU-frequency drift hits all alike.
  // Context rows: core's dependencies alone, and what merely touching Node's fetch globals costs
  // (Node loads its bundled undici lazily, on first use of fetch/Request/ReadableStream).
  const importTargets = {
    '@paymux/core': '@paymux/core',
    ky: 'ky',
    zod: 'zod',
    'p-retry': 'p-retry',
    '(undici init)': "data:text/javascript,new Request('http://127.0.0.1/');new ReadableStream()",
  }
  const importRuns = Object.fromEntries(Object.keys(importTargets).map((name) => [name, []]))
  process.stdout.write('cold import ')
  for (let i = 0; i < IMPORT_RUNS; i++) {
    for (const [name, specifier] of Object.entries(importTargets))
      importRuns[name].push(coldImport(specifier))
    process.stdout.write('.')
  }
  process.stdout.write('\n')
  const coldImports = Object.fromEntries(
    Object.entries(importRuns).map(([name, runs]) => [
      name,
      {
        medianMs: median(runs.map((r) => r.importMs)),
        minMs: Math.min(...runs.map((r) => r.importMs)),
        maxMs: Math.max(...runs.map((r) => r.importMs)),
        medianProcessMs: median(runs.map((r) => r.processMs)),
        runsMs: runs.map((r) => r.importMs),
      },
    ]),
  )

  // 2. Throughput, CPU and memory: one server process, one fresh client process per run.
  const { server, port } = await startServer()
  const roundsStarted = performance.now() - started
  const runs = Object.fromEntries(VARIANTS.map((v) => [v, []]))
  let rounds = 0
  let stoppedEarly = false
  for (let round = 1; round <= RUNS; round++) {
    const elapsed = performance.now() - started
    const perRound = rounds === 0 ? 0 : (elapsed - roundsStarted) / rounds
    if (rounds > 0 && elapsed + perRound > BUDGET_MS) {
      stoppedEarly = true
      console.log(
        `(stopping after ${rounds} of ${RUNS} rounds: another would end past the ${BUDGET_MS / 1000} s budget — is the machine busy?)`,
      )
      break
    }
    for (const variant of VARIANTS) {
      process.stdout.write(`run ${round}/${RUNS} ${pad(variant, 6, false)} `)
      const result = await runClient(variant, port)
      runs[variant].push(result)
      console.log(
        `seq ${fmt(result.sequential.cpuUsPerReq)} µs/req ${fmt(result.sequential.reqPerSec, 0)} req/s · ` +
          `@${result.config.inFlight} ${fmt(result.concurrent.cpuUsPerReq)} µs/req ${fmt(result.concurrent.reqPerSec, 0)} req/s · ` +
          `rss ${fmt(result.memory.rssMiB)} MiB heap ${fmt(result.memory.heapUsedMiB)} MiB`,
      )
    }
    rounds++
  }
  const stats = await serverStats(server)
  server.removeAllListeners('exit')
  server.kill('SIGTERM')

  const metricDefs = [
    {
      key: 'cpuSeq',
      label: 'CPU µs/req seq',
      pick: (r) => r.sequential.cpuUsPerReq,
      better: 'lower',
      digits: 1,
    },
    { key: 'rpsSeq', label: 'req/s seq', pick: (r) => r.sequential.reqPerSec, better: 'higher', digits: 0 },
    {
      key: 'cpuConc',
      label: 'CPU µs/req @32',
      pick: (r) => r.concurrent.cpuUsPerReq,
      better: 'lower',
      digits: 1,
    },
    { key: 'rpsConc', label: 'req/s @32', pick: (r) => r.concurrent.reqPerSec, better: 'higher', digits: 0 },
    { key: 'rssMiB', label: 'RSS MiB', pick: (r) => r.memory.rssMiB, better: 'lower', digits: 1 },
    { key: 'heapMiB', label: 'heap MiB', pick: (r) => r.memory.heapUsedMiB, better: 'lower', digits: 1 },
  ]
  const inFlight = runs.ky[0].config.inFlight
  for (const m of metricDefs) m.label = m.label.replace('@32', `@${inFlight}`)

  const medians = Object.fromEntries(
    VARIANTS.map((v) => [v, Object.fromEntries(metricDefs.map((m) => [m.key, median(runs[v].map(m.pick))]))]),
  )
  const spread = Object.fromEntries(
    VARIANTS.map((v) => [
      v,
      Object.fromEntries(
        metricDefs.map((m) => {
          const values = runs[v].map(m.pick)
          return [m.key, { min: Math.min(...values), max: Math.max(...values) }]
        }),
      ),
    ]),
  )
  const ratios = Object.fromEntries(
    ['fetch', 'paymux'].map((v) => [
      `${v}/ky`,
      Object.fromEntries(metricDefs.map((m) => [m.key, medians[v][m.key] / medians.ky[m.key]])),
    ]),
  )

  // 3. Targets.
  const r = ratios['paymux/ky']
  const limit = TARGETS.ratio
  const checks = [
    {
      name: `paymux CPU/req sequential ≤ ${limit}× ky`,
      metric: 'cpuSeq',
      value: r.cpuSeq,
      pass: r.cpuSeq <= limit,
      show: `${fmt(r.cpuSeq, 3)}×`,
    },
    {
      name: `paymux CPU/req @${inFlight} ≤ ${limit}× ky`,
      metric: 'cpuConc',
      value: r.cpuConc,
      pass: r.cpuConc <= limit,
      show: `${fmt(r.cpuConc, 3)}×`,
    },
    {
      name: `paymux req/s sequential ≥ ky / ${limit}`,
      metric: 'rpsSeq',
      value: r.rpsSeq,
      pass: r.rpsSeq >= 1 / limit,
      show: `${fmt(r.rpsSeq, 3)}× (needs ≥ ${fmt(1 / limit, 3)}×)`,
    },
    {
      name: `paymux req/s @${inFlight} ≥ ky / ${limit}`,
      metric: 'rpsConc',
      value: r.rpsConc,
      pass: r.rpsConc >= 1 / limit,
      show: `${fmt(r.rpsConc, 3)}× (needs ≥ ${fmt(1 / limit, 3)}×)`,
    },
    {
      name: `paymux RSS ≤ ${limit}× ky`,
      metric: 'rssMiB',
      value: r.rssMiB,
      pass: r.rssMiB <= limit,
      show: `${fmt(r.rssMiB, 3)}×`,
    },
    {
      name: `cold import('@paymux/core') < ${TARGETS.coldImportMs} ms`,
      value: coldImports['@paymux/core'].medianMs,
      pass: coldImports['@paymux/core'].medianMs < TARGETS.coldImportMs,
      show: `${fmt(coldImports['@paymux/core'].medianMs)} ms`,
    },
  ]

  // Every run-to-run combination: paymux's best and worst run against ky's worst and best.
  // When the threshold lies between the two, this run cannot settle the verdict.
  for (const c of checks) {
    if (!c.metric) continue
    const p = spread.paymux[c.metric]
    const k = spread.ky[c.metric]
    const higherIsBetter = c.metric.startsWith('rps')
    const threshold = higherIsBetter ? 1 / limit : limit
    c.range = [p.min / k.max, p.max / k.min]
    c.conclusive =
      rounds > 1 &&
      (higherIsBetter
        ? c.range[0] >= threshold || c.range[1] < threshold
        : c.range[1] <= threshold || c.range[0] > threshold)
  }

  // 4. Report.
  const mark = (ratio, m) => {
    if (m.key === 'heapMiB') return ''
    const ok = m.better === 'lower' ? ratio <= limit : ratio >= 1 / limit
    return ok ? ' ✓' : ' ✗'
  }
  console.log(`\nMedians of ${rounds} runs (server and each client in separate processes on 127.0.0.1)\n`)
  console.log(
    table(
      ['variant', ...metricDefs.map((m) => m.label)],
      [
        ...VARIANTS.map((v) => [v, ...metricDefs.map((m) => fmt(medians[v][m.key], m.digits))]),
        ['fetch/ky', ...metricDefs.map((m) => `${fmt(ratios['fetch/ky'][m.key], 2)}×`)],
        ['paymux/ky', ...metricDefs.map((m) => `${fmt(r[m.key], 2)}×${mark(r[m.key], m)}`)],
        [
          'target',
          ...metricDefs.map((m) =>
            m.key === 'heapMiB'
              ? '(info)'
              : m.better === 'lower'
                ? `≤ ${fmt(limit, 2)}×`
                : `≥ ${fmt(1 / limit, 2)}×`,
          ),
        ],
      ],
    ),
  )
  console.log('\nSpread across runs (min – max)\n')
  console.log(
    table(
      ['variant', ...metricDefs.map((m) => m.label)],
      VARIANTS.map((v) => [
        v,
        ...metricDefs.map(
          (m) => `${fmt(spread[v][m.key].min, m.digits)}–${fmt(spread[v][m.key].max, m.digits)}`,
        ),
      ]),
    ),
  )
  const memoryDetail = Object.fromEntries(
    VARIANTS.map((v) => [
      v,
      Object.fromEntries(
        ['rssAtStartMiB', 'heapUsedAtStartMiB', 'rssMiB', 'heapUsedMiB', 'heapTotalMiB', 'externalMiB'].map(
          (k) => [k, median(runs[v].map((run) => run.memory[k]))],
        ),
      ),
    ]),
  )
  console.log(
    '\nMemory detail, medians (start = after imports and set-up, before any request; end = after the concurrent phase + GC)\n',
  )
  console.log(
    table(
      ['variant', 'RSS start', 'heap start', 'RSS end', 'heap end', 'heap total end', 'external end'],
      VARIANTS.map((v) => {
        const d = memoryDetail[v]
        const values = [
          d.rssAtStartMiB,
          d.heapUsedAtStartMiB,
          d.rssMiB,
          d.heapUsedMiB,
          d.heapTotalMiB,
          d.externalMiB,
        ]
        return [v, ...values.map((x) => `${fmt(x)} MiB`)]
      }),
    ),
  )
  console.log(
    `\nCold import, median of ${IMPORT_RUNS} fresh processes (import() only; whole process in brackets)\n`,
  )
  console.log(
    table(
      ['module', 'median ms', 'min ms', 'max ms', '(process ms)'],
      Object.entries(coldImports).map(([name, c]) => [
        name,
        fmt(c.medianMs),
        fmt(c.minMs),
        fmt(c.maxMs),
        `(${fmt(c.medianProcessMs)})`,
      ]),
    ),
  )
  console.log('\nTargets\n')
  for (const c of checks) {
    const note =
      c.conclusive !== false
        ? ''
        : rounds < 2
          ? '  not conclusive: a single run'
          : `  not conclusive: run-by-run ratios span ${fmt(c.range[0], 2)}–${fmt(c.range[1], 2)}×`
    console.log(`  ${c.pass ? 'PASS' : 'FAIL'}  ${pad(c.name, 44, false)} ${c.show}${note}`)
  }
  const failed = checks.filter((c) => !c.pass)
  console.log(
    failed.length === 0
      ? '\nAll targets PASS.'
      : `\n*** FAIL: ${failed.length} of ${checks.length} targets missed (${failed.map((c) => c.name).join('; ')}) ***`,
  )
  const expected =
    rounds *
    VARIANTS.reduce(
      (sum, v) =>
        sum + runs[v][0].config.warmup + runs[v][0].config.sequential + runs[v][0].config.concurrent,
      0,
    )
  if (stats && (stats.served !== expected || stats.rejected !== 0)) {
    console.log(
      `\nwarning: the server answered ${stats.served} requests (expected ${expected}) and rejected ${stats.rejected}`,
    )
  }

  const seconds = (performance.now() - started) / 1000
  console.log(`\nfinished in ${fmt(seconds)} s`)

  mkdirSync(resultsDir, { recursive: true })
  const file = join(resultsDir, 'latest.json')
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        environment: {
          node: process.version,
          platform: `${os.platform()} ${os.release()} ${os.arch()}`,
          cpus: cpus.length,
          cpuModel: cpus[0]?.model?.trim(),
          totalMemMiB: Math.round(os.totalmem() / 1024 / 1024),
        },
        config: {
          runs: rounds,
          runsPlanned: RUNS,
          stoppedEarly,
          importRuns: IMPORT_RUNS,
          ...runs.ky[0].config,
        },
        targets: TARGETS,
        medians,
        ratios,
        spread,
        memoryDetail,
        checks: checks.map(({ name, value, pass, range, conclusive }) => ({
          name,
          value,
          pass,
          range,
          conclusive,
        })),
        pass: failed.length === 0,
        coldImports,
        server: stats,
        durationSeconds: seconds,
        runs,
      },
      null,
      2,
    )}\n`,
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
