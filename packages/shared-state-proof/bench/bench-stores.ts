// The three stores the bench compares, on throw-away servers it starts itself, and the
// list of everything to stop again whatever happens.
import type { StateStore } from '@paymux/core'
import { createPostgresStore, createTables } from '@paymux/store-postgres'
import { createRedisStore } from '@paymux/store-redis'
import {
  POSTGRES_INSTALL_HINT,
  postgresServerAvailable,
  REDIS_INSTALL_HINT,
  redisServerAvailable,
  serversRequired,
  startPostgresServer,
  startRedisServer,
} from '@paymux/test-servers'
import pg from 'pg'
import { createClient } from 'redis'

/**
 * What runs on exit, last started first; each step runs once, and a failing
 * one does not stop the others. `runAll()` may be called from several ways
 * out at once: they share one run.
 */
export class Cleanup {
  private readonly steps: { name: string; run: () => Promise<void> }[] = []
  private running: Promise<void> | undefined

  /** Registers `run`, to stop what was just started; once `runAll()` has begun, it runs right after it. */
  add(name: string, run: () => Promise<void>): void {
    if (this.running === undefined) this.steps.push({ name, run })
    // Started while stopping (a server that came up after a signal): stop it too.
    else this.running = this.running.then(() => runStep(name, run))
  }

  /** Runs every registered step, newest first; reports (never throws) the ones that fail. */
  async runAll(): Promise<void> {
    this.running ??= (async () => {
      for (let step = this.steps.pop(); step !== undefined; step = this.steps.pop())
        await runStep(step.name, step.run)
    })()
    // A step added meanwhile extends the run: wait until nothing was added.
    for (let current = this.running; ; current = this.running) {
      await current
      if (current === this.running) return
    }
  }
}

async function runStep(name: string, run: () => Promise<void>): Promise<void> {
  try {
    await run()
  } catch (error) {
    console.error(`cleanup: ${name} failed: ${error instanceof Error ? error.message : error}`)
  }
}

/** A store under test: `store` is `undefined` for the router's default (the memory store). */
export interface BenchStore {
  readonly name: 'memory' | 'redis' | 'postgres'
  /** What the name means here, for the report. */
  readonly detail: string
  readonly store: StateStore | undefined
}

/** The stores to compare, and why any is missing. */
export interface BenchStores {
  readonly stores: readonly BenchStore[]
  /** One line per store that could not be measured here (its server is not installed). */
  readonly missing: readonly string[]
}

/** The pg pool's size: pg's own default, as a user who sets nothing gets it. */
export const PG_POOL_MAX = 10

/**
 * The memory default, then Redis and PostgreSQL on servers started for this
 * run (each stopped by `cleanup`). A server that is not installed is left
 * out with the command to install it, unless servers are required (CI,
 * `PAYMUX_REQUIRE_SERVERS=1`): then it is an error.
 */
export async function startBenchStores(cleanup: Cleanup): Promise<BenchStores> {
  const stores: BenchStore[] = [{ name: 'memory', detail: 'the router default', store: undefined }]
  const missing: string[] = []
  const unavailable = (engine: string, hint: string) => {
    if (serversRequired) throw new Error(`${engine} is not installed: run \`${hint}\` (as root)`)
    missing.push(`${engine}: not measured, not installed here (\`${hint}\`)`)
  }
  if (redisServerAvailable()) stores.push(await redisStore(cleanup))
  else unavailable('redis-server', REDIS_INSTALL_HINT)
  if (postgresServerAvailable()) stores.push(await postgresStore(cleanup))
  else unavailable('PostgreSQL', POSTGRES_INSTALL_HINT)
  return { stores, missing }
}

async function redisStore(cleanup: Cleanup): Promise<BenchStore> {
  const server = await startRedisServer()
  cleanup.add('redis-server', () => server.stop())
  // As the store's docs advise: no offline queue, so a lost server fails calls at once.
  const client = createClient({ url: server.url, disableOfflineQueue: true })
  client.on('error', () => {})
  await client.connect()
  cleanup.add('redis client', async () => client.destroy())
  const version = /redis_version:(\S+)/.exec(await client.info('server'))?.[1] ?? '?'
  return {
    name: 'redis',
    detail: `createRedisStore, node-redis 5 client (one connection), redis-server ${version}`,
    store: createRedisStore({ client }),
  }
}

async function postgresStore(cleanup: Cleanup): Promise<BenchStore> {
  const server = await startPostgresServer()
  cleanup.add('postgres server', () => server.stop())
  const pool = new pg.Pool({ connectionString: server.url, max: PG_POOL_MAX, connectionTimeoutMillis: 5_000 })
  // An idle connection the server drops must not end the run.
  pool.on('error', () => {})
  cleanup.add('pg pool', () => pool.end())
  await createTables(pool)
  const { rows } = await pool.query<{ server_version: string }>('SHOW server_version')
  return {
    name: 'postgres',
    detail: `createPostgresStore, pg Pool (max ${PG_POOL_MAX}), PostgreSQL ${rows[0]?.server_version ?? '?'}`,
    store: createPostgresStore({ client: pool }),
  }
}
