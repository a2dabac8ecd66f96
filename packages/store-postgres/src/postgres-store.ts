import type { FieldIssue, StateStore } from '@paymux/core'
import type { PostgresClient } from './postgres-client.js'
import {
  checkKey,
  checkMs,
  checkText,
  checkVersion,
  invalidSettings,
  unknownOptionIssues,
} from './postgres-input.js'
import { asOptions, readClient, readPrefix, readTable } from './postgres-options.js'
import { newVersion, oneWhole, storedValue, won } from './postgres-reply.js'
import { runner } from './postgres-runner.js'
import { storeStatements } from './postgres-sql.js'

/** Options of {@link createPostgresStore}. */
export interface PostgresStoreOptions {
  /**
   * Your client, which the store only queries (it never opens a connection
   * of its own): a `pg` `Pool` (or a connected `Client`), a postgres.js
   * `sql`, or a PGlite instance. Give it timeouts (pg:
   * `connectionTimeoutMillis`, `query_timeout`; postgres.js:
   * `connect_timeout`) so an unreachable server fails fast.
   */
  readonly client: PostgresClient
  /**
   * The table, made by `createTables()` or `sql/001_paymux_state.sql`:
   * lower-case letters, digits and `_`, optionally `schema.table`.
   * @default 'paymux_state'
   */
  readonly table?: string
  /** Put before every key, so several apps can share one table. @default 'paymux:' */
  readonly prefix?: string
}

const OPTIONS = ['client', 'table', 'prefix'] as const

/**
 * A `StateStore` on PostgreSQL: one row per key in one table, every
 * operation one statement (an `INSERT … ON CONFLICT` upsert, an `UPDATE` or
 * a `DELETE`) and so one round trip, timed by the server's clock. Works
 * with pg, postgres.js and PGlite. Throws `InvalidRequestError`
 * (`invalid_settings`) for a bad option; every method rejects with
 * `StoreUnavailableError` when the database cannot answer.
 *
 * ```ts
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL })
 * await createTables(pool)
 * const store = createPostgresStore({ client: pool })
 * ```
 */
export function createPostgresStore(options: PostgresStoreOptions): StateStore {
  const given = asOptions(options)
  const issues: FieldIssue[] = unknownOptionIssues(given, OPTIONS)
  const query = readClient(issues, given.client)
  const table = readTable(issues, given.table)
  const prefix = readPrefix(issues, given.prefix)
  if (issues.length > 0) throw invalidSettings('createPostgresStore', issues)
  const sql = storeStatements(table)
  const run = runner(query)
  const key = (name: string) => checkKey(prefix, name)

  return {
    name: 'postgres',
    async claim(name, ttlMs) {
      return run('claim', sql.claim, [key(name), checkMs('ttlMs', ttlMs)], won)
    },
    async release(name) {
      await run('release', sql.release, [key(name)], () => undefined)
    },
    async get(name) {
      return run('get', sql.get, [key(name)], storedValue)
    },
    async compareAndSet(name, expectedVersion, value, ttlMs) {
      const parameters = [key(name), checkText('value', value), checkMs('ttlMs', ttlMs)]
      const expected = checkVersion(expectedVersion)
      // Version 0 means "nothing there": an upsert; any other, an update of that version.
      if (expected === 0) return run('compareAndSet', sql.create, parameters, newVersion)
      return run('compareAndSet', sql.update, [...parameters, expected], newVersion)
    },
    async increment(name, windowMs) {
      return run('increment', sql.increment, [key(name), checkMs('windowMs', windowMs)], (rows) =>
        oneWhole(rows, 'count', 1),
      )
    },
    async acquireLease(name, owner, ttlMs) {
      return run(
        'acquireLease',
        sql.acquireLease,
        [key(name), checkText('owner', owner), checkMs('ttlMs', ttlMs)],
        won,
      )
    },
    async renewLease(name, owner, ttlMs) {
      return run(
        'renewLease',
        sql.renewLease,
        [key(name), checkText('owner', owner), checkMs('ttlMs', ttlMs)],
        won,
      )
    },
    async releaseLease(name, owner) {
      return run('releaseLease', sql.releaseLease, [key(name), checkText('owner', owner)], won)
    },
  }
}
