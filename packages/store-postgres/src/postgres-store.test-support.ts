// Clients for the store's tests, and the module each racing child process of
// runStateStoreContract imports: it exports createStore() and closeStore().
import { createServer } from 'node:net'
import type { StateStore } from '@paymux/core'
import pg from 'pg'
import postgres from 'postgres'
import type { PostgresClient } from './postgres-client.js'
import { createPostgresStore } from './postgres-store.js'

/** The two network clients the store is tested with. */
export type ClientKind = 'pg' | 'postgres'

/** A client and how to close it. */
export interface OpenClient {
  readonly client: PostgresClient
  close(): Promise<void>
}

/**
 * A `pg` Pool or a postgres.js `sql` on `url`, failing fast when the server
 * cannot be reached (as the docs tell users to configure theirs).
 */
export function openClient(kind: ClientKind, url: string): OpenClient {
  if (kind === 'pg') {
    const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 2_000 })
    // An idle connection the server drops must not crash the test process.
    pool.on('error', () => {})
    return { client: pool, close: () => pool.end() }
  }
  const sql = postgres(url, { max: 10, connect_timeout: 2, onnotice: () => {} })
  return { client: sql, close: () => sql.end({ timeout: 1 }) }
}

/** A loopback port nothing listens on (it was free a moment ago). */
export function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      )
    })
  })
}

/** The password in the unreachable URLs, which no error may repeat. */
export const SECRET = 's3cret-pass'

/** A URL with {@link SECRET} to a closed port. */
export async function unreachableUrl(): Promise<string> {
  return `postgres://paymux:${SECRET}@127.0.0.1:${await closedPort()}/db`
}

/**
 * Text that an array parameter must quote or escape (`NULL`, braces, commas,
 * quotes, backslashes, blanks, non-ASCII): keys, values and owners a batch
 * must carry exactly, whatever client serialises its arrays.
 */
export const ODD_TEXTS = [
  'NULL',
  'null',
  '',
  ' ',
  '{a,b}',
  '{}',
  '"quoted"',
  'back\\slash\\',
  "it's",
  'a,b',
  '\t\n\r',
  'ünï 🧾',
  '[1,2]',
  'x'.repeat(1_000),
] as const

/**
 * Writes every odd text at once as a key, a value and a lease owner on
 * `store`, then reads them back at once: resolves what came back, to compare
 * with what was written.
 */
export async function roundTripOddTexts(store: StateStore) {
  const keys = ODD_TEXTS.map((text, index) => `${index}:${text}`)
  const written = await Promise.all(
    keys.map((key, index) => store.compareAndSet(key, 0, ODD_TEXTS[index] ?? '', 60_000)),
  )
  const read = await Promise.all(keys.map((key) => store.get(key)))
  const leased = await Promise.all(
    ODD_TEXTS.map((owner, index) => store.acquireLease(`lease:${index}`, owner, 60_000)),
  )
  const released = await Promise.all(
    ODD_TEXTS.map((owner, index) => store.releaseLease(`lease:${index}`, owner)),
  )
  return { written, values: read.map((answer) => answer?.value), leased, released }
}

const opened = new WeakMap<StateStore, OpenClient>()

/**
 * For the racing children: a store on `DATABASE_URL` with the client named
 * by `PAYMUX_PG_CLIENT` (`pg` or `postgres`), on the table the parent made.
 */
export function createStore(): StateStore {
  const url = process.env.DATABASE_URL
  const kind = process.env.PAYMUX_PG_CLIENT
  if (url === undefined || (kind !== 'pg' && kind !== 'postgres')) {
    throw new Error('set DATABASE_URL and PAYMUX_PG_CLIENT=pg|postgres')
  }
  const open = openClient(kind, url)
  const store = createPostgresStore({ client: open.client })
  opened.set(store, open)
  return store
}

/** Closes the client {@link createStore} opened. */
export async function closeStore(store: StateStore): Promise<void> {
  await opened.get(store)?.close()
}
