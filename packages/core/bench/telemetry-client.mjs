// One variant of the telemetry bench in its own fresh process (started by telemetry.mjs):
//   node --expose-gc [--import ./telemetry-absent.mjs] bench/telemetry-client.mjs <variant> <bundle> <port> [<paired>]
// <bundle> is an ESM bundle of @paymux/faststar + @paymux/core built from source by telemetry.mjs
// (today's commit for `baseline`, the working tree for the others). The variants:
//   baseline  the bundle of commit b20cf40, before telemetry existed;
//   absent    the current bundle, with @opentelemetry/api made unresolvable (telemetry-absent.mjs);
//   no-sdk    the current bundle, @opentelemetry/api installed, nothing registered;
//   sdk       the current bundle with an SDK registered: BasicTracerProvider + SimpleSpanProcessor
//             (an exporter that counts and drops), AsyncLocalStorageContextManager, MeterProvider.
// Each call is FastStar's `sessions.create` (the Checkout Sessions guide's request and answer).
// Prints one JSON line: CPU µs per call (median and best round, sequential and with calls in flight)
// and what shows that the variant took the path it names (spans exported, API blocked).
// With <paired> (the baseline bundle), the process loads both bundles and times blocks of calls of
// each in turn, one at a time: what other processes do to the machine then hits both alike. The
// baseline paired with itself (a second copy) shows what this method measures when nothing differs.
import { pathToFileURL } from 'node:url'
import { CHECKOUT_SESSION_ANSWER, CHECKOUT_SESSION_INPUT } from '../../faststar/bench/checkout-session.mjs'
import { intEnv } from './harness.mjs'

const [variant, bundle, portArg, pairedBundle] = process.argv.slice(2)
const VARIANTS = ['baseline', 'absent', 'no-sdk', 'sdk', 'baseline-sdk']
const port = Number(portArg)
if (!VARIANTS.includes(variant) || !bundle || !Number.isInteger(port) || port <= 0) {
  console.error(`usage: node ${process.argv[1]} <${VARIANTS.join('|')}> <bundle.mjs> <port>`)
  process.exit(2)
}
// telemetry.mjs passes its counts (and the smoke mode's) through these.
const WARMUP = intEnv('BENCH_TELEMETRY_WARMUP', 400)
const N = intEnv('BENCH_TELEMETRY_N', 100)
const ROUNDS = intEnv('BENCH_TELEMETRY_ROUNDS', 5)
const CONCURRENT_ROUNDS = intEnv('BENCH_TELEMETRY_CONCURRENT_ROUNDS', 2)
const IN_FLIGHT = intEnv('BENCH_TELEMETRY_IN_FLIGHT', 16)
const PAIR_WARMUP = intEnv('BENCH_TELEMETRY_PAIR_WARMUP', 300)
const PAIR_BLOCK = intEnv('BENCH_TELEMETRY_PAIR_BLOCK', 80)
const PAIRS = intEnv('BENCH_TELEMETRY_PAIRS', 8)
const API_KEY = 'fs_bench_secret_key'
// BENCH_TELEMETRY_STUB=1: the answer comes from an in-process `fetch`, not the server. What is left
// is paymux's own CPU per call (validation, mapping, ky, the answer's parsing, telemetry), without
// Node's HTTP client, whose cost and noise on a small VM are many times the 2% looked for.
const STUB = process.env.BENCH_TELEMETRY_STUB === '1'
const ANSWER_BODY = JSON.stringify(CHECKOUT_SESSION_ANSWER)
const stubFetch = async () =>
  new Response(ANSWER_BODY, { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' } })
const EXPECT = 'cs_xxx'
// Stop if the runner goes away (killed, Ctrl-C).
process.on('disconnect', () => process.exit(1))
process.channel?.unref()

/** The SDK of variant `sdk`: what an application with tracing and metrics registers. */
async function registerSdk() {
  const { context, metrics, trace } = await import('@opentelemetry/api')
  const { BasicTracerProvider, SimpleSpanProcessor } = await import('@opentelemetry/sdk-trace-base')
  const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks')
  const { MeterProvider, MetricReader } = await import('@opentelemetry/sdk-metrics')
  const exported = { spans: 0 }
  // Counts and drops: the export itself (serialising, a network) is not paymux's cost.
  const exporter = {
    export(spans, done) {
      exported.spans += spans.length
      done({ code: 0 }) // ExportResultCode.SUCCESS
    },
    shutdown: async () => {},
  }
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })
  // A reader collected once at the end, so no periodic export runs during the timing.
  class EndReader extends MetricReader {
    async onForceFlush() {}
    async onShutdown() {}
  }
  const reader = new EndReader()
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())
  trace.setGlobalTracerProvider(provider)
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }))
  return {
    exported,
    /** Data points of paymux's meter, by instrument name. */
    async metricPoints() {
      const { resourceMetrics } = await reader.collect()
      const points = {}
      for (const scope of resourceMetrics.scopeMetrics) {
        for (const metric of scope.metrics) points[metric.descriptor.name] = metric.dataPoints.length
      }
      return points
    },
  }
}

/** Spans the bundle makes when a tracer provider is registered only now, after the timing. */
async function spansWhenRegisteredLate(call) {
  const { trace } = await import('@opentelemetry/api')
  const { BasicTracerProvider, SimpleSpanProcessor } = await import('@opentelemetry/sdk-trace-base')
  let spans = 0
  const exporter = {
    export(batch, done) {
      spans += batch.length
      done({ code: 0 })
    },
    shutdown: async () => {},
  }
  trace.setGlobalTracerProvider(
    new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
  )
  await call()
  return spans
}

async function apiBlocked() {
  try {
    await import('@opentelemetry/api')
    return false
  } catch (error) {
    return error?.code === 'ERR_MODULE_NOT_FOUND'
  }
}

const check = (id) => {
  if (id !== EXPECT) throw new Error(`${variant}: unexpected answer ${JSON.stringify(id)}`)
}

async function runCalls(call, count, inFlight) {
  if (inFlight === 1) {
    for (let i = 0; i < count; i++) check(await call())
    return
  }
  let started = 0
  const worker = async () => {
    while (started < count) {
      started++
      check(await call())
    }
  }
  await Promise.all(Array.from({ length: inFlight }, worker))
}

/** `count` rounds of N calls, each timed alone after a GC: the median round and the best one. */
async function measure(call, inFlight, count) {
  const rounds = []
  for (let round = 0; round < count; round++) {
    globalThis.gc?.()
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    await runCalls(call, N, inFlight)
    const wallMs = performance.now() - t0
    const cpu = process.cpuUsage(cpu0)
    rounds.push({ cpuUs: (cpu.user + cpu.system) / N, wallUs: (wallMs * 1000) / N })
  }
  const sorted = (key) => rounds.map((r) => r[key]).sort((a, b) => a - b)
  return {
    cpuUs: sorted('cpuUs')[rounds.length >> 1],
    bestCpuUs: sorted('cpuUs')[0],
    wallUs: sorted('wallUs')[rounds.length >> 1],
    roundsCpuUs: rounds.map((r) => Math.round(r.cpuUs)),
  }
}

/**
 * One `sessions.create` through the gateway of `file`'s bundle, resolving to the session id.
 * `instance` (a query) loads the bundle once more as a module of its own, code and state apart.
 */
async function gatewayCall(file, instance = '') {
  const { createFastStar } = await import(`${pathToFileURL(file).href}${instance}`)
  const faststar = createFastStar({
    apiKey: API_KEY,
    baseUrl: `http://127.0.0.1:${port}/api/v1`,
    timeoutMs: 10_000,
    ...(STUB ? { fetch: stubFetch } : {}),
  })
  return async () => (await faststar.sessions.create(CHECKOUT_SESSION_INPUT)).id
}

/** CPU µs per call of `count` calls one at a time, after a GC. */
async function block(call, count) {
  globalThis.gc?.()
  const cpu0 = process.cpuUsage()
  await runCalls(call, count, 1)
  const cpu = process.cpuUsage(cpu0)
  return (cpu.user + cpu.system) / count
}

/**
 * The subject's CPU per call over the baseline's, both in this process: PAIRS pairs of blocks,
 * the order alternating, after both warmed up alike.
 */
async function pairedRatio(subject, baseline) {
  for (let done = 0; done < PAIR_WARMUP; done += PAIR_BLOCK) {
    await runCalls(baseline, PAIR_BLOCK, 1)
    await runCalls(subject, PAIR_BLOCK, 1)
  }
  const s = []
  const b = []
  for (let pair = 0; pair < PAIRS; pair++) {
    if (pair % 2) {
      b.push(await block(baseline, PAIR_BLOCK))
      s.push(await block(subject, PAIR_BLOCK))
    } else {
      s.push(await block(subject, PAIR_BLOCK))
      b.push(await block(baseline, PAIR_BLOCK))
    }
  }
  const sum = (values) => values.reduce((total, v) => total + v, 0)
  const ratios = s.map((v, i) => v / b[i]).sort((x, y) => x - y)
  return {
    subjectCpuUs: sum(s) / PAIRS,
    baselineCpuUs: sum(b) / PAIRS,
    ratio: sum(s) / sum(b),
    medianPairRatio: ratios[ratios.length >> 1],
    bestRatio: Math.min(...s) / Math.min(...b),
  }
}

const sdk = variant === 'sdk' || variant === 'baseline-sdk' ? await registerSdk() : undefined
const call = await gatewayCall(bundle)
let measured
if (pairedBundle) {
  if (sdk !== undefined)
    throw new Error(`${variant} cannot be paired: its context manager would slow the baseline too`)
  // `?paired`: the baseline paired with itself gets a second copy, as (b) and (c) get another bundle.
  measured = { paired: await pairedRatio(call, await gatewayCall(pairedBundle, '?paired')) }
} else {
  await runCalls(call, WARMUP, 1)
  const spansBefore = sdk?.exported.spans ?? 0
  const sequential = await measure(call, 1, ROUNDS)
  const spansPerCall = sdk ? (sdk.exported.spans - spansBefore) / (N * ROUNDS) : undefined
  const concurrent = await measure(call, IN_FLIGHT, CONCURRENT_ROUNDS)
  measured = { sequential, concurrent, spansPerCall }
}

// After the timing: evidence that the variant ran the path it is named after.
const evidence =
  sdk !== undefined
    ? { spansPerCall: measured.spansPerCall, metricPoints: await sdk.metricPoints() }
    : variant === 'absent'
      ? { apiBlocked: await apiBlocked() }
      : { lateSpans: await spansWhenRegisteredLate(call) }

const result = {
  variant,
  pid: process.pid,
  config: pairedBundle
    ? { warmup: PAIR_WARMUP, block: PAIR_BLOCK, pairs: PAIRS }
    : { warmup: WARMUP, n: N, rounds: ROUNDS, concurrentRounds: CONCURRENT_ROUNDS, inFlight: IN_FLIGHT },
  sequential: measured.sequential,
  concurrent: measured.concurrent,
  paired: measured.paired,
  evidence,
}
process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0))
