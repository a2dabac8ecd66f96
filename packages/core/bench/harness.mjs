// The machinery every package's `pnpm bench` shares (repo-internal, never published).
// Three roles, one per process, each imported by a short per-package file:
//   - runBench(config)   in bench/run.mjs    — the runner: starts the server and the clients,
//                                              interleaves the rounds, prints, writes results;
//   - runClient(config)  in bench/client.mjs — one client variant in its own fresh process;
//   - serve(config)      in bench/server.mjs — the loopback keep-alive server.
// The variants are always fetch, ky and paymux; ratios are against ky (what paymux uses for HTTP).
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import { createRequire } from 'node:module'
import os from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

export const VARIANTS = ['fetch', 'ky', 'paymux']
const MiB = 1024 * 1024

export function intEnv(name, fallback) {
  const value = Number(process.env[name] ?? fallback)
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`)
  return value
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

export const fmt = (value, digits = 1) =>
  value === undefined || Number.isNaN(value)
    ? '–'
    : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
export const pad = (text, width, right = true) =>
  right ? String(text).padStart(width) : String(text).padEnd(width)

/** A plain-text table: first column left-aligned, the others right-aligned. */
export function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)))
  const line = (cells) => cells.map((c, i) => pad(c, widths[i], i > 0)).join('  ')
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

/** ky as @paymux/core depends on it (the gateway packages do not depend on ky themselves). */
export async function importKy() {
  const kyEntry = createRequire(import.meta.url).resolve('ky')
  return (await import(pathToFileURL(kyEntry).href)).default
}

// ================================================================ server.mjs
/**
 * Answers `POST <path>` carrying `<authHeader>: <authValue>` with `answer` (JSON), anything else
 * with 401 and `rejection`. Reports its port, and on request its counts, over the IPC channel;
 * exits as soon as the runner goes away.
 */
export function serve({ path, authHeader, authValue, answer, headers = {}, rejection }) {
  const body = Buffer.from(JSON.stringify(answer))
  const okHeaders = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(body.length),
    ...headers,
  }
  const header = authHeader.toLowerCase()
  let served = 0
  let rejected = 0
  const server = http.createServer((req, res) => {
    // Drain the request body before answering, as a real server would.
    req.on('data', () => {})
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== path || req.headers[header] !== authValue) {
        rejected++
        res.writeHead(401, { 'content-type': 'application/json' }).end(rejection)
        return
      }
      served++
      res.writeHead(200, okHeaders).end(body)
    })
  })
  server.keepAliveTimeout = 60_000
  server.headersTimeout = 65_000
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address()
    if (process.send) process.send({ type: 'listening', port })
    else console.log(`listening on http://127.0.0.1:${port}${path}`)
  })
  process.on('message', (message) => {
    if (message?.type === 'stats') process.send?.({ type: 'stats', served, rejected })
  })
  // The parent exited (normally, by error or killed): do not outlive it.
  process.on('disconnect', () => process.exit(0))
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0))
}

// ================================================================ client.mjs
/**
 * Runs in a fresh process:  node --expose-gc bench/client.mjs <variant> <port>
 * `variants[name](port)` resolves to a function making one call and resolving to the id in the
 * answer, which must equal `expect`. Warm-up, a sequential phase, a concurrent phase (a pool of
 * workers), then memory after a forced GC; prints one JSON line on stdout.
 */
export async function runClient({ variants, expect }) {
  const [variant, portArg] = process.argv.slice(2)
  const port = Number(portArg)
  // Usually fetch, ky and paymux; the router's overhead bench names its own (direct, router).
  const names = Object.keys(variants)
  if (!names.includes(variant) || !Number.isInteger(port) || port <= 0) {
    console.error(`usage: node --expose-gc ${process.argv[1]} <${names.join('|')}> <port>`)
    process.exit(2)
  }
  // The runner sets these from its package's counts (or passes on the caller's overrides).
  const WARMUP = intEnv('BENCH_WARMUP', 500)
  const SEQUENTIAL = intEnv('BENCH_N', 3000)
  const CONCURRENT = intEnv('BENCH_M', 10_000)
  const IN_FLIGHT = intEnv('BENCH_CONCURRENCY', 32)
  // Started by run.mjs with an IPC channel: stop if run.mjs goes away (killed, Ctrl-C).
  process.on('disconnect', () => process.exit(1))
  process.channel?.unref()

  const check = (id) => {
    if (id !== expect) throw new Error(`${variant}: unexpected answer ${JSON.stringify(id)}`)
  }
  const gc = () => {
    if (typeof globalThis.gc === 'function') {
      globalThis.gc()
      globalThis.gc()
    }
  }
  const runSequential = async (call, count) => {
    for (let i = 0; i < count; i++) check(await call())
  }
  const runPool = async (call, count, inFlight) => {
    let next = 0
    const worker = async () => {
      while (next < count) {
        next++
        check(await call())
      }
    }
    await Promise.all(Array.from({ length: Math.min(inFlight, count) }, worker))
  }
  const measure = async (count, run) => {
    gc() // outside the measured time
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    await run()
    const wallMs = performance.now() - t0
    const cpu = process.cpuUsage(cpu0)
    return {
      count,
      wallMs,
      cpuUs: cpu.user + cpu.system,
      cpuUsPerReq: (cpu.user + cpu.system) / count,
      reqPerSec: count / (wallMs / 1000),
    }
  }

  const call = await variants[variant](port)
  gc()
  const atStart = process.memoryUsage()
  await runSequential(call, WARMUP)
  const sequential = await measure(SEQUENTIAL, () => runSequential(call, SEQUENTIAL))
  const concurrent = await measure(CONCURRENT, () => runPool(call, CONCURRENT, IN_FLIGHT))
  gc()
  const after = process.memoryUsage()
  const result = {
    variant,
    pid: process.pid,
    gcExposed: typeof globalThis.gc === 'function',
    config: { warmup: WARMUP, sequential: SEQUENTIAL, concurrent: CONCURRENT, inFlight: IN_FLIGHT },
    sequential,
    concurrent,
    memory: {
      rssMiB: after.rss / MiB,
      heapUsedMiB: after.heapUsed / MiB,
      heapTotalMiB: after.heapTotal / MiB,
      externalMiB: after.external / MiB,
      rssAtStartMiB: atStart.rss / MiB,
      heapUsedAtStartMiB: atStart.heapUsed / MiB,
    },
  }
  process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0))
}

// ================================================================ run.mjs
/** Every child process the runner started and has not yet seen exit. */
const children = new Set()
function track(child) {
  children.add(child)
  child.once('exit', () => children.delete(child))
  return child
}
/** Starts `node <args>` with an IPC channel; it is killed when this process exits, fails or is stopped. */
export function startNode(args, options = {}) {
  return track(spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit', 'ipc'], ...options }))
}
export function killChildren() {
  for (const child of children) {
    try {
      child.kill('SIGTERM')
    } catch {}
  }
}
function installCleanup(overallTimeoutMs) {
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
  setTimeout(() => {
    console.error(`bench: gave up after ${overallTimeoutMs / 1000} s`)
    killChildren()
    process.exit(1)
  }, overallTimeoutMs).unref()
}

function startServer(serverScript) {
  return new Promise((resolve, reject) => {
    const server = track(
      spawn(process.execPath, [serverScript], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      }),
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

function runClientProcess({ clientScript, packageDir, variant, port, env, timeoutMs }) {
  return runNodeForJson({
    args: ['--expose-gc', clientScript, variant, String(port)],
    options: { cwd: packageDir, env: { ...process.env, ...env } },
    name: variant,
    timeoutMs,
  })
}

/**
 * Runs `node <args>` (see {@link startNode}) and resolves to the JSON value on the last line it
 * prints; rejects when it exits with an error, prints no JSON, or outlives `timeoutMs` (then it is killed).
 */
export function runNodeForJson({ args, options = {}, name, timeoutMs }) {
  return new Promise((resolve, reject) => {
    // The IPC channel only lets the child notice that the runner has gone away.
    const child = startNode(args, options)
    let out = ''
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk) => {
      out += chunk
    })
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${name} client did not finish within ${timeoutMs / 1000} s`))
    }, timeoutMs)
    child.once('error', reject)
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      if (code !== 0)
        return reject(
          new Error(`${name} client failed (code ${code}, signal ${signal}): ${out.slice(0, 500)}`),
        )
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1)))
      } catch {
        reject(new Error(`${name} client printed no result: ${out.slice(0, 500)}`))
      }
    })
  })
}

/**
 * The runner. `config`:
 * - title, benchDir, packageDir, requires (built files that must exist, with how to build them);
 * - counts: { warmup, sequential, concurrent, inFlight } per client process (BENCH_WARMUP,
 *   BENCH_N, BENCH_M, BENCH_CONCURRENCY override them), rounds (BENCH_RUNS overrides);
 * - variants (default fetch, ky, paymux), baseline (default 'ky'), subject (default 'paymux'):
 *   who is compared with whom; serverScript / clientScript (default benchDir's server.mjs and
 *   client.mjs), resultsName (default 'latest');
 * - limit: subject/baseline must be ≤ limit on CPU per request (and RSS with memory: true),
 *   ≥ 1/limit on req/s; memory: also report RSS (checked) and heap (information) columns;
 * - clientTimeoutMs, budgetMs (no new round starts when it would likely end past it),
 *   overallTimeoutMs (last-resort guard against a hang);
 * - prepare(): run before the server starts (core: cold imports), its value is `ctx.prepared`;
 * - extra(ctx): { checks, print(), json } — more targets, sections and results of the package.
 * The exit code is 0 when the bench ran, whether or not the targets were met.
 */
export function runBench(config) {
  runMain(() => bench(config), config.overallTimeoutMs)
}

/**
 * Runs `main`, then exits 0 (a missed target is a report, not an error) or 1 on failure, stopping
 * every child process on every way out; never outlives `overallTimeoutMs`.
 */
export function runMain(main, overallTimeoutMs) {
  installCleanup(overallTimeoutMs)
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
}

async function bench(config) {
  const { title, benchDir, packageDir, limit } = config
  const variants = config.variants ?? VARIANTS
  const baseline = config.baseline ?? 'ky'
  const subject = config.subject ?? 'paymux'
  const clientScript = config.clientScript ?? join(benchDir, 'client.mjs')
  for (const [file, how] of config.requires ?? []) {
    if (!existsSync(join(packageDir, file))) throw new Error(`${file} is missing; ${how}`)
  }
  const rounds = intEnv('BENCH_RUNS', config.rounds ?? 3)
  const budgetMs = intEnv('BENCH_BUDGET_MS', config.budgetMs)
  const counts = {
    BENCH_WARMUP: intEnv('BENCH_WARMUP', config.counts.warmup),
    BENCH_N: intEnv('BENCH_N', config.counts.sequential),
    BENCH_M: intEnv('BENCH_M', config.counts.concurrent),
    BENCH_CONCURRENCY: intEnv('BENCH_CONCURRENCY', config.counts.inFlight),
  }
  const env = Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, String(v)]))

  const started = performance.now()
  const cpus = os.cpus()
  console.log(
    `${title} — node ${process.version}, ${cpus.length} × ${cpus[0]?.model?.trim() ?? 'cpu'}, ${os.platform()} ${os.release()}`,
  )
  console.log(
    `per client process: warm-up ${counts.BENCH_WARMUP}, sequential ${counts.BENCH_N}, ` +
      `concurrent ${counts.BENCH_M} @ ${counts.BENCH_CONCURRENCY} in flight; ` +
      `${rounds} runs per variant (interleaved), medians reported\n`,
  )
  const prepared = await config.prepare?.()

  // Throughput, CPU and memory: one server process, one fresh client process per run.
  const { server, port } = await startServer(config.serverScript ?? join(benchDir, 'server.mjs'))
  const roundsStarted = performance.now() - started
  const runs = Object.fromEntries(variants.map((v) => [v, []]))
  let done = 0
  let stoppedEarly = false
  for (let round = 1; round <= rounds; round++) {
    const elapsed = performance.now() - started
    const perRound = done === 0 ? 0 : (elapsed - roundsStarted) / done
    if (done > 0 && elapsed + perRound > budgetMs) {
      stoppedEarly = true
      console.log(
        `(stopping after ${done} of ${rounds} rounds: another would end past the ${budgetMs / 1000} s budget — is the machine busy?)`,
      )
      break
    }
    // The order alternates, so no variant always meets a warmer (or busier) machine.
    for (const variant of round % 2 ? variants : [...variants].reverse()) {
      process.stdout.write(`run ${round}/${rounds} ${pad(variant, 6, false)} `)
      const result = await runClientProcess({
        clientScript,
        packageDir,
        variant,
        port,
        env,
        timeoutMs: config.clientTimeoutMs,
      })
      runs[variant].push(result)
      console.log(
        `seq ${fmt(result.sequential.cpuUsPerReq)} µs/req ${fmt(result.sequential.reqPerSec, 0)} req/s · ` +
          `@${result.config.inFlight} ${fmt(result.concurrent.cpuUsPerReq)} µs/req ${fmt(result.concurrent.reqPerSec, 0)} req/s · ` +
          `rss ${fmt(result.memory.rssMiB)} MiB heap ${fmt(result.memory.heapUsedMiB)} MiB`,
      )
    }
    done++
  }
  const stats = await serverStats(server)
  server.removeAllListeners('exit')
  server.kill('SIGTERM')

  const inFlight = runs[baseline][0].config.inFlight
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
  if (config.memory) {
    metrics.push(
      { key: 'rssMiB', label: 'RSS MiB', pick: (r) => r.memory.rssMiB, lower: true, digits: 1 },
      {
        key: 'heapMiB',
        label: 'heap MiB',
        pick: (r) => r.memory.heapUsedMiB,
        lower: true,
        digits: 1,
        info: true,
      },
    )
  }
  const medians = Object.fromEntries(
    variants.map((v) => [v, Object.fromEntries(metrics.map((m) => [m.key, median(runs[v].map(m.pick))]))]),
  )
  const spread = Object.fromEntries(
    variants.map((v) => [
      v,
      Object.fromEntries(
        metrics.map((m) => {
          const values = runs[v].map(m.pick)
          return [m.key, { min: Math.min(...values), max: Math.max(...values) }]
        }),
      ),
    ]),
  )
  const ratios = Object.fromEntries(
    variants
      .filter((v) => v !== baseline)
      .map((v) => [
        `${v}/${baseline}`,
        Object.fromEntries(metrics.map((m) => [m.key, medians[v][m.key] / medians[baseline][m.key]])),
      ]),
  )
  const r = ratios[`${subject}/${baseline}`]
  const within = (m, ratio) => (m.lower ? ratio <= limit : ratio >= 1 / limit)

  // Targets from the medians. Pairing paymux's best run with ky's worst, and its worst with ky's
  // best, gives the span of ratios the single runs support: a threshold inside it is not settled.
  const checks = metrics
    .filter((m) => !m.info)
    .map((m) => {
      const p = spread[subject][m.key]
      const k = spread[baseline][m.key]
      const threshold = m.lower ? limit : 1 / limit
      const range = [p.min / k.max, p.max / k.min]
      const conclusive =
        done > 1 &&
        (m.lower
          ? range[1] <= threshold || range[0] > threshold
          : range[0] >= threshold || range[1] < threshold)
      return {
        name: m.lower
          ? `${subject} ${m.label} ≤ ${limit}× ${baseline}`
          : `${subject} ${m.label} ≥ ${baseline} / ${limit}`,
        metric: m.key,
        value: r[m.key],
        pass: within(m, r[m.key]),
        show: m.lower ? `${fmt(r[m.key], 3)}×` : `${fmt(r[m.key], 3)}× (needs ≥ ${fmt(1 / limit, 3)}×)`,
        range,
        conclusive,
      }
    })
  const ctx = { runs, rounds: done, medians, ratios, spread, prepared }
  const extra = config.extra?.(ctx) ?? {}
  checks.push(...(extra.checks ?? []))

  // Report.
  console.log(
    `\nMedians of ${done} interleaved runs (server and each client in separate processes on 127.0.0.1)\n`,
  )
  console.log(
    table(
      ['variant', ...metrics.map((m) => m.label)],
      [
        ...variants.map((v) => [v, ...metrics.map((m) => fmt(medians[v][m.key], m.digits))]),
        ...Object.entries(ratios).map(([name, ratio]) => [
          name,
          ...metrics.map((m) =>
            name === `${subject}/${baseline}`
              ? `${fmt(ratio[m.key], 2)}×${m.info ? '' : within(m, ratio[m.key]) ? ' ✓' : ' ✗'}`
              : `${fmt(ratio[m.key], 2)}×`,
          ),
        ]),
        [
          'target',
          ...metrics.map((m) =>
            m.info ? '(info)' : m.lower ? `≤ ${fmt(limit, 2)}×` : `≥ ${fmt(1 / limit, 2)}×`,
          ),
        ],
      ],
    ),
  )
  console.log('\nSpread across runs (min – max)\n')
  console.log(
    table(
      ['variant', ...metrics.map((m) => m.label)],
      variants.map((v) => [
        v,
        ...metrics.map(
          (m) => `${fmt(spread[v][m.key].min, m.digits)}–${fmt(spread[v][m.key].max, m.digits)}`,
        ),
      ]),
    ),
  )
  extra.print?.()
  console.log('\nTargets\n')
  const nameWidth = Math.max(...checks.map((c) => c.name.length))
  for (const c of checks) {
    const note =
      c.conclusive !== false
        ? ''
        : done < 2
          ? '  not conclusive: a single run'
          : `  not conclusive: run-by-run ratios span ${fmt(c.range[0], 2)}–${fmt(c.range[1], 2)}×`
    console.log(`  ${c.pass ? 'PASS' : 'FAIL'}  ${pad(c.name, nameWidth, false)}  ${c.show}${note}`)
  }
  const failed = checks.filter((c) => !c.pass)
  console.log(
    failed.length === 0
      ? '\nAll targets PASS.'
      : `\n*** FAIL: ${failed.length} of ${checks.length} targets missed (${failed.map((c) => c.name).join('; ')}) ***`,
  )
  const expected =
    done *
    variants.reduce((sum, v) => {
      const c = runs[v][0].config
      return sum + c.warmup + c.sequential + c.concurrent
    }, 0)
  if (stats && (stats.served !== expected || stats.rejected !== 0)) {
    console.log(
      `\nwarning: the server answered ${stats.served} requests (expected ${expected}) and rejected ${stats.rejected}`,
    )
  }
  const seconds = (performance.now() - started) / 1000
  console.log(`\nfinished in ${fmt(seconds)} s`)

  const resultsDir = join(benchDir, 'results')
  mkdirSync(resultsDir, { recursive: true })
  const file = join(resultsDir, `${config.resultsName ?? 'latest'}.json`)
  const report = {
    date: new Date().toISOString(),
    environment: {
      node: process.version,
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      cpus: cpus.length,
      cpuModel: cpus[0]?.model?.trim(),
      totalMemMiB: Math.round(os.totalmem() / MiB),
    },
    config: { runs: done, runsPlanned: rounds, stoppedEarly, ...runs[baseline][0].config },
    limit,
    medians,
    ratios,
    spread,
    checks: checks.map(({ name, value, pass, range, conclusive }) => ({
      name,
      value,
      pass,
      range,
      conclusive,
    })),
    pass: failed.length === 0,
    ...extra.json,
    server: stats,
    durationSeconds: seconds,
    runs,
  }
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`)
  console.log(`results written to ${file}`)
}
