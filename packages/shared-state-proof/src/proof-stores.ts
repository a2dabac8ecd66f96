import type { StateStore } from '@paymux/core'
import type { Engine } from './proof-engines.js'

/**
 * Where a proof process keeps its state: a shared engine, or `'memory'`, a
 * store of its own in every process. Memory is the negative control: the
 * same run on it must break the guarantees, or the proof proves nothing.
 */
export type StoreEngine = Engine | 'memory'

/** A store a proof process opened, and how to close its client. */
export interface OpenedStore {
  readonly store: StateStore
  close(): Promise<void>
}

/**
 * Opens the store a process of the proof uses, on its own client, as an app
 * instance would: node-redis 5 without an offline queue, or a `pg` pool
 * with a connect timeout (both fail fast when the server is gone).
 * `prefix` keeps each run's keys apart on a shared server.
 */
export async function openStore(engine: StoreEngine, url: string, prefix: string): Promise<OpenedStore> {
  // Only the engine in use is loaded: every child process starts faster.
  if (engine === 'memory') {
    const { createMemoryStore } = await import('@paymux/core')
    return { store: createMemoryStore(), close: async () => undefined }
  }
  if (engine === 'redis') {
    const [{ createClient }, { createRedisStore }] = await Promise.all([
      import('redis'),
      import('@paymux/store-redis'),
    ])
    const client = createClient({ url, disableOfflineQueue: true })
    // Failures reach the store's callers as StoreUnavailableError; an unheard 'error' event would end the process.
    client.on('error', () => undefined)
    await client.connect()
    return { store: createRedisStore({ client, prefix }), close: () => client.close() }
  }
  const [{ default: pg }, { createPostgresStore }] = await Promise.all([
    import('pg'),
    import('@paymux/store-postgres'),
  ])
  const pool = new pg.Pool({ connectionString: url, max: 8, connectionTimeoutMillis: 2_000 })
  pool.on('error', () => undefined)
  return { store: createPostgresStore({ client: pool, prefix }), close: () => pool.end() }
}
