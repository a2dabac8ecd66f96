import {
  POSTGRES_INSTALL_HINT,
  type PostgresServer,
  postgresServerAvailable,
  REDIS_INSTALL_HINT,
  redisServerAvailable,
  startPostgresServer,
  startRedisServer,
} from '@paymux/test-servers'
import pg from 'pg'

/** The environment a block's servers add (`REDIS_URL`, `DATABASE_URL`), or why it cannot run here. */
export type BlockServers =
  | { readonly env: Record<string, string>; stop(): Promise<void> }
  | { readonly missing: string }

/** Which servers a block's module text asks for, by the variables it reads. */
export function serversNeeded(text: string): { redis: boolean; postgres: boolean } {
  return { redis: text.includes('REDIS_URL'), postgres: text.includes('DATABASE_URL') }
}

let postgres: Promise<PostgresServer> | undefined
let databases = 0

/**
 * Starts what a block needs: its own throw-away Redis server (they start in
 * milliseconds), and a database of its own on one shared PostgreSQL server,
 * so no block sees another's keys or tables. A missing server is reported;
 * in CI (`serversRequired`) the caller fails the block, elsewhere it says so
 * and does not run it.
 */
export async function startBlockServers(needs: { redis: boolean; postgres: boolean }): Promise<BlockServers> {
  if (needs.redis && !redisServerAvailable()) return { missing: `redis-server (${REDIS_INSTALL_HINT})` }
  if (needs.postgres && !postgresServerAvailable())
    return { missing: `PostgreSQL (${POSTGRES_INSTALL_HINT})` }
  const env: Record<string, string> = {}
  const stops: (() => Promise<void>)[] = []
  if (needs.redis) {
    const redis = await startRedisServer()
    env.REDIS_URL = redis.url
    stops.push(() => redis.stop())
  }
  if (needs.postgres) env.DATABASE_URL = await freshDatabase()
  return { env, stop: async () => void (await Promise.all(stops.map((s) => s()))) }
}

/** A new empty database on the shared server (started on first use, stopped at exit). */
async function freshDatabase(): Promise<string> {
  postgres ??= startPostgresServer()
  const server = await postgres
  const name = `docs_${process.pid}_${++databases}`
  const client = new pg.Client({ connectionString: server.url })
  await client.connect()
  try {
    await client.query(`CREATE DATABASE ${name}`)
  } finally {
    await client.end()
  }
  const url = new URL(server.url)
  url.pathname = `/${name}`
  return url.toString()
}

/** Stops the shared PostgreSQL server, if one was started. */
export async function stopSharedServers(): Promise<void> {
  const started = postgres
  postgres = undefined
  if (started) await (await started).stop()
}
