import { createTables } from '@paymux/store-postgres'
import {
  POSTGRES_INSTALL_HINT,
  postgresServerAvailable,
  REDIS_INSTALL_HINT,
  redisServerAvailable,
  startPostgresServer,
  startRedisServer,
} from '@paymux/test-servers'
import pg from 'pg'

/** The shared stores the proofs run on. */
export const ENGINES = ['redis', 'postgres'] as const
export type Engine = (typeof ENGINES)[number]

/** A throw-away server of one engine, started for a proof. */
export interface EngineServer {
  readonly engine: Engine
  /** The URL every process of the proof connects to (loopback, no password). */
  readonly url: string
  stop(): Promise<void>
}

/** What to install when an engine's server is missing, by engine. */
export const INSTALL_HINTS: Readonly<Record<Engine, string>> = {
  redis: REDIS_INSTALL_HINT,
  postgres: POSTGRES_INSTALL_HINT,
}

/** Whether this machine can start a server of `engine`. */
export function engineAvailable(engine: Engine): boolean {
  return engine === 'redis' ? redisServerAvailable() : postgresServerAvailable()
}

/**
 * Starts a throw-away server of `engine` on a free loopback port (and, for
 * PostgreSQL, creates the store's table once, as a deploy would). Rejects
 * naming the Debian package when the server is not installed.
 */
export async function startEngine(engine: Engine): Promise<EngineServer> {
  if (engine === 'redis') {
    const server = await startRedisServer()
    return { engine, url: server.url, stop: () => server.stop() }
  }
  const server = await startPostgresServer()
  const pool = new pg.Pool({ connectionString: server.url, max: 1 })
  try {
    await createTables(pool)
  } finally {
    await pool.end()
  }
  return { engine, url: server.url, stop: () => server.stop() }
}
