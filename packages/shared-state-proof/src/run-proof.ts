// `pnpm --filter @paymux/shared-state-proof run proof -- --engine redis|postgres|all [--size full|ci] [--seed n]`
// Starts a throw-away server of each engine, runs the cross-process proofs
// on it, and prints the counts as Markdown tables. Exits 1 if a guarantee broke.
import { parseArgs } from 'node:util'
import { proveBreaker } from './breaker-proof.js'
import { reproduceCrashWindow } from './crash-window.js'
import { createInstancePool } from './instance-pool.js'
import { proveLedger } from './ledger-proof.js'
import { proveManyProcesses } from './many-processes.js'
import { ENGINES, type Engine, engineAvailable, INSTALL_HINTS, startEngine } from './proof-engines.js'
import { PROOF_SIZES, type ProofSize } from './proof-sizes.js'
import { type EngineResults, formatResults, problemsOf } from './proof-table.js'

const { values } = parseArgs({
  // pnpm passes the `--` that separates its own options through.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    engine: { type: 'string', default: 'all' },
    size: { type: 'string', default: 'full' },
    seed: { type: 'string' },
  },
})
const engines: readonly Engine[] =
  values.engine === 'all' ? ENGINES : ENGINES.filter((engine) => engine === values.engine)
if (engines.length === 0) fail(`--engine must be redis, postgres or all, got ${values.engine}`)
if (!(values.size === 'full' || values.size === 'ci')) fail(`--size must be full or ci, got ${values.size}`)
const size = PROOF_SIZES[values.size as ProofSize]
const seed = values.seed === undefined ? undefined : Number(values.seed)
for (const engine of engines) {
  if (!engineAvailable(engine)) fail(`${engine} is not installed: run \`${INSTALL_HINTS[engine]}\` (as root)`)
}

const results: EngineResults[] = []
for (const engine of engines) {
  const server = await startEngine(engine)
  // One set of app instances serves every proof of the engine, in turn.
  const pool = createInstancePool()
  try {
    const url = server.url
    const step = (what: string) => console.error(`${engine}: ${what}…`)
    step('breaker')
    const breaker = await proveBreaker({ engine, url, pool })
    step(`ledger (${size.ledgerOrders} orders × 3 processes)`)
    const ledger = await proveLedger({ engine, url, pool, orders: size.ledgerOrders, ...seeded(seed) })
    step('crash window')
    const crashWindow = await reproduceCrashWindow({ engine, url, pool })
    step(`many processes (${size.deliveries} deliveries, ${size.orders} orders, 4 workers)`)
    const manyProcesses = await proveManyProcesses({
      engine,
      url,
      pool,
      orders: size.orders,
      deliveries: size.deliveries,
      ...seeded(seed),
    })
    const result = { engine, breaker, ledger, crashWindow, manyProcesses }
    results.push(result)
    // Each engine's tables as soon as they are known: a later engine's failure does not lose them.
    if (engines.length > 1) console.error(`${formatResults([result], { kill: true })}\n`)
  } finally {
    await pool.close()
    await server.stop()
  }
}
console.log(formatResults(results, { kill: true }))
process.exit(results.some((result) => problemsOf(result, { kill: true }).length > 0) ? 1 : 0)

function seeded(value: number | undefined): { seed?: number } {
  return value === undefined ? {} : { seed: value }
}

function fail(message: string): never {
  console.error(`proof: ${message}`)
  process.exit(2)
}
