// The soak: SOAK_CALLS (100,000) calls through a router over the three real gateways, SOAK_IN_FLIGHT (64)
// in flight, against the three emulators on loopback with faults injected at a few percent. Three
// processes: this runner, soak-emulators.mjs (the emulators: their state grows with every session, so
// it lives apart) and soak-client.mjs (the router and the calls: the process whose memory is measured).
// Checks: every call started settled, none is left pending, every outcome is a success or a
// PaymentError, and RSS at the end is within 5 % of RSS at the half-way mark (both after a forced GC).
import { join } from 'node:path'
import { fmt, intEnv, pad, table } from '../../core/bench/harness.mjs'
import {
  benchDir,
  environment,
  nextMessage,
  requireBuilt,
  runMain,
  startNode,
  writeResults,
} from './common.mjs'

/** End RSS must be within this fraction of the half-way RSS. */
const RSS_TOLERANCE = 0.05

async function main() {
  requireBuilt()
  const calls = intEnv('SOAK_CALLS', 100_000)
  const environ = environment()
  const started = performance.now()
  console.log(`\nRouter soak — node ${environ.node}, ${environ.cpus} × ${environ.cpuModel ?? 'cpu'}`)

  const emulators = startNode([join(benchDir, 'soak-emulators.mjs')], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const ready = await nextMessage(emulators, 'ready', 30_000)
  const client = startNode(['--expose-gc', join(benchDir, 'soak-client.mjs')], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, SOAK_CALLS: String(calls) },
  })
  console.log(
    `${calls.toLocaleString('en-US')} calls, ${intEnv('SOAK_IN_FLIGHT', 64)} in flight; faults on ${fmt(ready.faultRate * 100)} % of requests ` +
      `(${Object.entries(ready.faultShares)
        .map(([kind, share]) => `${kind} ${fmt(ready.faultRate * share * 100, 2)} %`)
        .join(', ')}); a 'timeout' answers after ${ready.lateMs} ms\n`,
  )
  // The client asks for fresh signed deliveries now and then; the emulators make them.
  client.on('message', (message) => {
    if (message?.type === 'deliveries') emulators.send({ type: 'deliveries' })
  })
  emulators.on('message', (message) => {
    if (message?.type === 'deliveries') client.send(message)
  })
  let nextTenth = 1
  client.on('message', (message) => {
    if (message?.type !== 'progress') return
    while (message.settled >= (calls * nextTenth) / 10 && nextTenth <= 10) {
      console.log(
        `  ${pad(`${nextTenth * 10} %`, 5)}  ${message.settled.toLocaleString('en-US')} settled  ${fmt((performance.now() - started) / 1000)} s`,
      )
      nextTenth++
    }
  })
  emulators.send({ type: 'faults', on: true })
  const resultPromise = nextMessage(client, 'result', intEnv('SOAK_TIMEOUT_S', 1500) * 1000)
  client.send({
    type: 'start',
    faststar: ready.faststar,
    fastaar: ready.fastaar,
    paystar: ready.paystar,
    deliveries: ready.deliveries,
  })
  const result = await resultPromise
  emulators.send({ type: 'stats' })
  const server = await nextMessage(emulators, 'stats', 5000)

  const { half, end } = result.memory
  const rssRatio = end.rssMiB / half.rssMiB
  const typed = (result.tally.untyped ?? 0) === 0
  const checks = [
    {
      name: 'every call settled',
      pass: result.settled === result.started && result.started === calls,
      show: `${result.settled.toLocaleString('en-US')} settled of ${result.started.toLocaleString('en-US')} started`,
    },
    {
      name: 'no call left pending',
      pass: result.pendingAtEnd.length === 0 && result.stuck.length === 0,
      show: `${result.pendingAtEnd.length} pending at the end, ${result.stuck.length} pending > ${30} s during the run`,
    },
    {
      name: 'every outcome a success or a PaymentError',
      pass: typed,
      show: typed ? 'yes' : `${result.tally.untyped} untyped`,
    },
    {
      name: `RSS at the end within ${RSS_TOLERANCE * 100} % of half-way`,
      pass: Math.abs(rssRatio - 1) <= RSS_TOLERANCE,
      show: `${fmt(end.rssMiB)} / ${fmt(half.rssMiB)} MiB = ${fmt(rssRatio, 3)}×`,
    },
  ]

  const seconds = result.wallMs / 1000
  console.log(
    `\n${calls.toLocaleString('en-US')} calls in ${fmt(seconds)} s: ${fmt(calls / seconds, 0)} calls/s, client CPU ${fmt((result.cpuMs * 1000) / calls)} µs/call`,
  )
  console.log(
    `failovers ${result.events.failovers}, circuits opened ${result.events.circuitOpened}, closed ${result.events.circuitClosed}\n`,
  )
  const total = Object.values(result.tally).reduce((a, b) => a + b, 0)
  console.log(
    table(
      ['outcome', 'calls', 'share'],
      Object.entries(result.tally).map(([k, v]) => [
        k,
        v.toLocaleString('en-US'),
        `${fmt((v / total) * 100, 2)} %`,
      ]),
    ),
  )
  console.log('\nBy operation\n')
  console.log(
    table(
      ['operation', 'calls', 'success', 'errors (by class)'],
      Object.entries(result.byOperation).map(([op, outcomes]) => {
        const n = Object.values(outcomes).reduce((a, b) => a + b, 0)
        const errors = Object.entries(outcomes)
          .filter(([k]) => k !== 'success')
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')
        return [op, n.toLocaleString('en-US'), (outcomes.success ?? 0).toLocaleString('en-US'), errors || '–']
      }),
    ),
  )
  console.log('\nClient memory after a forced GC\n')
  console.log(
    table(
      ['at', 'settled', 'RSS MiB', 'heap MiB', 'external MiB'],
      [
        ['start', '0', fmt(result.memory.atStartRssMiB), fmt(result.memory.atStartHeapUsedMiB), '–'],
        ...result.memory.samples.map((s) => [
          s.label,
          s.settled.toLocaleString('en-US'),
          fmt(s.rssMiB),
          fmt(s.heapUsedMiB),
          fmt(s.externalMiB),
        ]),
      ],
    ),
  )
  const injectedTotal = Object.values(server.injected).reduce(
    (sum, kinds) => sum + Object.values(kinds).reduce((a, b) => a + b, 0),
    0,
  )
  console.log('\nEmulators (their own process)\n')
  console.log(
    table(
      ['gateway', 'requests', ...Object.keys(ready.faultShares)],
      Object.entries(server.requests).map(([gw, n]) => [
        gw,
        n.toLocaleString('en-US'),
        ...Object.keys(ready.faultShares).map((k) => String(server.injected[gw][k] ?? 0)),
      ]),
    ),
  )
  console.log(
    `faults injected: ${injectedTotal.toLocaleString('en-US')}; emulator process RSS ${fmt(server.rssMiB)} MiB, heap ${fmt(server.heapUsedMiB)} MiB (grows with their stores; not the client's)`,
  )
  console.log('\nOne example of each error class\n')
  for (const [outcome, example] of Object.entries(result.examples)) {
    console.log(`  ${outcome} — ${example.operation}: ${example.message}`)
  }
  if (result.untyped.length > 0) {
    console.log('\nUntyped outcomes (first few):')
    for (const u of result.untyped) console.log(`  ${u.operation}: ${u.error}`)
  }
  console.log('\nChecks\n')
  for (const c of checks) console.log(`  ${c.pass ? 'PASS' : 'FAIL'}  ${pad(c.name, 45, false)}  ${c.show}`)
  const failed = checks.filter((c) => !c.pass)
  console.log(
    failed.length === 0 ? '\nSoak PASS.' : `\n*** Soak FAIL: ${failed.map((c) => c.name).join('; ')} ***`,
  )
  console.log(`\nfinished in ${fmt((performance.now() - started) / 1000)} s`)
  writeResults('soak', {
    date: new Date().toISOString(),
    environment: environ,
    faults: { rate: ready.faultRate, shares: ready.faultShares, lateMs: ready.lateMs },
    ...result,
    callsPerSecond: calls / seconds,
    rssRatio,
    checks,
    pass: failed.length === 0,
    emulators: server,
  })
}

runMain(main, (intEnv('SOAK_TIMEOUT_S', 1500) + 60) * 1000)
