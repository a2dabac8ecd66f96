// `pnpm bench` (this package): the shared state's two benchmarks, in one process, in one run.
//   1. Webhook deliveries per second through createWebhookHandler, 64 in flight, on the memory,
//      Redis and PostgreSQL stores (targets: Redis ≥ 0.7×, Postgres ≥ 0.4× memory).
//   2. What the checkout ledger adds to sessions.create on loopback, per store (target ≤ 1 ms).
// Rounds are interleaved (every variant once per round, in a rotating order), so drift hits all
// variants alike; figures are medians over rounds with their min–max spread. The servers are
// throw-away ones started here and stopped on every way out. Exit code: 0 when the bench ran,
// whether or not a target was met (a missed target is printed as MISS); 1 when it could not run.
//   BENCH_ROUNDS (9), BENCH_ROUND_SECONDS (0.5), BENCH_LEDGER_CALLS (60) shrink or grow it.
import os from 'node:os'
import { type ServedFastStarEmulator, serveFastStarEmulator } from '@paymux/faststar/testing'
import { median, rotated, formatNumber as show, spread, table } from './bench-stats.js'
import { type BenchStore, Cleanup, startBenchStores } from './bench-stores.js'
import { countingStore, describeCounts } from './counting-store.js'
import { benchPrice, createLedgerBench, LEDGER_MODES, type LedgerMode, pairedRound } from './ledger-cost.js'
import { observeLoad } from './machine-load.js'
import { roundTripUs } from './round-trip.js'
import { createWebhookBench, type WebhookRound } from './webhook-throughput.js'

const ROUNDS = positiveNumber('BENCH_ROUNDS', 9)
/** Each store's webhook round lasts about this long: short rounds, many of them, pair better under drift. */
const ROUND_SECONDS = positiveNumber('BENCH_ROUND_SECONDS', 0.5)
/** Calls per mode and store in each round. */
const LEDGER_CALLS = positiveNumber('BENCH_LEDGER_CALLS', 60)
const IN_FLIGHT = 64
const WARMUP_DELIVERIES = 2_000
const WARMUP_CALLS = 40
/** Webhook throughput targets, as a share of the memory store's. */
const WEBHOOK_TARGETS: Readonly<Record<string, number>> = { redis: 0.7, postgres: 0.4 }
const LEDGER_TARGET_MS = 1
/** The whole run is stopped (servers included) past this, whatever hangs. */
const WATCHDOG_MS = 240_000

function positiveNumber(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback)
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`)
  return value
}

async function main(cleanup: Cleanup): Promise<void> {
  const load = observeLoad()
  console.log(
    `\nshared-state bench: node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'cpu'}, ${ROUNDS} interleaved rounds`,
  )
  const { stores, missing } = await startBenchStores(cleanup)
  for (const store of stores) console.log(`  ${store.name.padEnd(8)} ${store.detail}`)
  for (const line of missing) console.log(`  ${line}`)

  const webhooks = await webhookRounds(stores)
  const served = await serveFastStarEmulator()
  cleanup.add('FastStar emulator', () => served.close())
  const priceId = await benchPrice(served)
  const ledger = await ledgerRounds(stores, served, priceId)
  const ops = await storeOps(stores, served, priceId)
  const roundTrips = new Map<string, number>()
  for (const { name, store } of stores) roundTrips.set(name, await roundTripUs(store))

  console.log(
    `\n1. Webhook deliveries per second: createWebhookHandler called in-process, ${IN_FLIGHT} in flight, each a distinct FastStar event signed by its emulator, onEvent a no-op`,
  )
  console.log(webhookTable(stores, webhooks))
  console.log(callsLine('store calls per delivery', stores, (name) => ops.get(name)?.perDelivery))
  console.log(
    '\n2. sessions.create on loopback (FastStar emulator on 127.0.0.1), sequential, a fresh reference each call; the ledger router and a `checkout: false` one alternate call by call (median ms per call)',
  )
  console.log(ledgerTable(stores, ledger, roundTrips))
  for (const mode of LEDGER_MODES) {
    const label = `store calls per create, ${mode === 'ledger' ? 'ledger' : 'checkout: false'}`
    console.log(callsLine(label, stores, (name) => ops.get(name)?.perCreate[mode]))
  }
  console.log(`\n${load.describe()}`)
}

/** Per store, one result per round. */
type Rounds<T> = Map<string, T[]>

async function webhookRounds(stores: readonly BenchStore[]): Promise<Rounds<WebhookRound>> {
  const benches = new Map(stores.map((store) => [store.name, createWebhookBench(store.name, store.store)]))
  const counts = new Map<string, number>()
  process.stdout.write('\nwebhooks: warm-up')
  for (const [name, bench] of benches) {
    const warm = await bench.run(bench.sign(WARMUP_DELIVERIES), IN_FLIGHT)
    // Rounds of about ROUND_SECONDS each, whatever the store's speed.
    counts.set(name, Math.max(300, Math.round(warm.perSecond * ROUND_SECONDS)))
    process.stdout.write('.')
  }
  const results: Rounds<WebhookRound> = new Map([...benches.keys()].map((name) => [name, []]))
  process.stdout.write(', rounds ')
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, bench] of rotated([...benches], round)) {
      // Signed just before its round: fresh timestamps, and the signing is not timed.
      const deliveries = bench.sign(counts.get(name) ?? 300)
      results.get(name)?.push(await bench.run(deliveries, IN_FLIGHT))
    }
    process.stdout.write('.')
  }
  process.stdout.write('\n')
  return results
}

/** Per store and mode, the median ms per call of each round. */
type LedgerResults = Map<string, Record<LedgerMode, number[]>>

async function ledgerRounds(
  stores: readonly BenchStore[],
  served: ServedFastStarEmulator,
  priceId: string,
): Promise<LedgerResults> {
  const benches = new Map(
    stores.map((store) => [store.name, createLedgerBench(store.name, store.store, served, priceId)]),
  )
  process.stdout.write('ledger: warm-up')
  for (const bench of benches.values()) {
    await pairedRound(bench, WARMUP_CALLS)
    process.stdout.write('.')
  }
  const results: LedgerResults = new Map(
    [...benches.keys()].map((name) => [name, { ledger: [], 'no ledger': [] }]),
  )
  process.stdout.write(', rounds ')
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, bench] of rotated([...benches], round)) {
      const medians = await pairedRound(bench, LEDGER_CALLS)
      for (const mode of LEDGER_MODES) results.get(name)?.[mode].push(medians[mode])
    }
    process.stdout.write('.')
  }
  process.stdout.write('\n')
  return results
}

/** Store calls per delivery and per create, counted in an untimed pass. */
interface StoreOps {
  readonly perDelivery: string
  readonly perCreate: Record<LedgerMode, string>
}

/**
 * Counts the store calls behind each figure, on stores wrapped to count them
 * (the timed rounds use the stores as they are), and checks on each store
 * that what was timed works: a redelivery is answered as a duplicate, and a
 * repeated create gets the order's first session.
 */
async function storeOps(
  stores: readonly BenchStore[],
  served: ServedFastStarEmulator,
  priceId: string,
): Promise<Map<string, StoreOps>> {
  const ops = new Map<string, StoreOps>()
  const deliveries = 100
  const creates = 10
  for (const { name, store } of stores) {
    const counting = countingStore(store)
    const webhooks = createWebhookBench(`count_${name}`, counting.store)
    const signed = webhooks.sign(deliveries)
    await webhooks.run(signed, IN_FLIGHT)
    const perDelivery = describeCounts(counting.counts(), deliveries)
    await webhooks.checkDuplicate(signed[0])
    const ledger = createLedgerBench(`count_${name}`, counting.store, served, priceId)
    const perCreate: Record<LedgerMode, string> = { ledger: '', 'no ledger': '' }
    for (const mode of LEDGER_MODES) {
      counting.reset()
      for (let call = 0; call < creates; call++) await ledger.call(mode)
      perCreate[mode] = describeCounts(counting.counts(), creates)
    }
    await ledger.checkRepeat()
    ops.set(name, { perDelivery, perCreate })
  }
  return ops
}

function webhookTable(stores: readonly BenchStore[], results: Rounds<WebhookRound>): string {
  const memory = results.get('memory') ?? []
  const rows = stores.map(({ name }) => {
    const rounds = results.get(name) ?? []
    const perSecond = rounds.map((round) => round.perSecond)
    // Each round's ratio to the memory store's in the same round: drift cancels out.
    const ratios = rounds.map((round, index) => round.perSecond / (memory[index]?.perSecond ?? Number.NaN))
    const target = WEBHOOK_TARGETS[name]
    const ratio = median(ratios)
    return [
      name,
      show(median(perSecond), 0),
      spread(perSecond, 0),
      name === 'memory' ? '1' : show(ratio, 2),
      name === 'memory' ? '' : spread(ratios, 2),
      target === undefined ? '' : `≥ ${target} ${ratio >= target ? 'PASS' : 'MISS'}`,
      show(median(rounds.map((round) => round.cpuUsPerDelivery)), 0),
    ]
  })
  return table(
    ['store', 'deliveries/s', 'spread', '× memory', 'spread', 'target', 'CPU µs/delivery (this process)'],
    rows,
  )
}

function ledgerTable(
  stores: readonly BenchStore[],
  results: LedgerResults,
  roundTrips: Map<string, number>,
): string {
  const rows = stores.map(({ name }) => {
    const modes = results.get(name) ?? { ledger: [], 'no ledger': [] }
    // Each round's difference between the two routers, both run in that round.
    const added = modes.ledger.map((ms, index) => ms - (modes['no ledger'][index] ?? Number.NaN))
    const cost = median(added)
    return [
      name,
      show(median(modes['no ledger']), 3),
      show(median(modes.ledger), 3),
      show(cost, 3),
      spread(added, 3),
      `≤ ${LEDGER_TARGET_MS} ms ${cost <= LEDGER_TARGET_MS ? 'PASS' : 'MISS'}`,
      show(roundTrips.get(name) ?? Number.NaN, 0),
    ]
  })
  return table(
    [
      'store',
      'ms, checkout: false',
      'ms, ledger',
      'added ms',
      'spread',
      'target',
      'one store call alone (get), µs',
    ],
    rows,
  )
}

/** `label: <counts>` when every store made the same calls, else one entry per store. */
function callsLine(
  label: string,
  stores: readonly BenchStore[],
  countsOf: (name: string) => string | undefined,
): string {
  const counts = stores.map(({ name }) => [name, countsOf(name) ?? '?'] as const)
  if (new Set(counts.map(([, text]) => text)).size === 1) return `${label} (every store): ${counts[0]?.[1]}`
  return `${label}: ${counts.map(([name, text]) => `${name} ${text}`).join('; ')}`
}

/** Runs the bench; stops every server it started on every way out (error, signal, watchdog). */
async function runMain(): Promise<void> {
  const cleanup = new Cleanup()
  let exiting: Promise<void> | undefined
  // The first way out sets the exit code; any later one waits for the same cleanup.
  const stop = (code: number, why?: string) => {
    exiting ??= (async () => {
      if (why !== undefined) console.error(`\nshared-state bench: ${why}`)
      await cleanup.runAll()
      process.exit(code)
    })()
    return exiting
  }
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)
    process.once(signal, () => void stop(code, `${signal}: stopping the servers it started`))
  const watchdog = setTimeout(
    () => void stop(1, `still running after ${WATCHDOG_MS / 1000} s: stopped`),
    WATCHDOG_MS,
  )
  watchdog.unref()
  try {
    await main(cleanup)
  } catch (error) {
    // After a signal the servers are going away under the rounds: that failure is no news.
    if (exiting === undefined) console.error('\nshared-state bench failed:', error)
    await stop(1)
  }
  await stop(0)
}

await runMain()
