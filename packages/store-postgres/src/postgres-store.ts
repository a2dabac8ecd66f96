import type { FieldIssue, StateStore } from '@paymux/core'
import { type BatchKind, type BatchSettings, createSender, NEXT_TURN } from './postgres-batch.js'
import type { PostgresClient } from './postgres-client.js'
import {
  checkKey,
  checkMs,
  checkText,
  checkVersion,
  invalidSettings,
  unknownOptionIssues,
} from './postgres-input.js'
import { asOptions, readBoolean, readClient, readPrefix, readTable, readWhole } from './postgres-options.js'
import { newCount, newVersion, storedValue, won } from './postgres-reply.js'
import { type StoreStatements, storeStatements } from './postgres-sql.js'

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
  /**
   * Send the calls of one kind made in the same event-loop turn as one
   * statement (one round trip, one multi-row `INSERT … SELECT FROM unnest`,
   * `UPDATE` or `DELETE`), each caller getting its own answer; a key called
   * again meanwhile waits for the answer to its earlier call. `false`: one
   * statement per call, sent at once.
   * @default true
   */
  readonly batch?: boolean
  /** The most calls in one statement: a kind's batch is sent at once when it reaches this. @default 256 */
  readonly maxBatchSize?: number
}

const OPTIONS = ['client', 'table', 'prefix', 'batch', 'maxBatchSize'] as const

/** The most calls a batch may hold: a statement's arrays stay small, and its row locks short. */
const MAX_BATCH_SIZE = 10_000

/**
 * A `StateStore` on PostgreSQL: one row per key in one table, every
 * operation an atomic statement (an `INSERT … ON CONFLICT` upsert, an
 * `UPDATE` or a `DELETE`) timed by the server's clock. Concurrent calls of
 * one kind share one statement and one round trip (`batch`). Works with pg,
 * postgres.js and PGlite. Throws `InvalidRequestError` (`invalid_settings`)
 * for a bad option; every method rejects with `StoreUnavailableError` when
 * the database cannot answer.
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
  const settings: BatchSettings = {
    batch: readBoolean(issues, 'batch', given.batch, true),
    maxBatchSize: readWhole(issues, 'maxBatchSize', given.maxBatchSize, 256, [1, MAX_BATCH_SIZE]),
    schedule: NEXT_TURN,
  }
  if (issues.length > 0) throw invalidSettings('createPostgresStore', issues)
  const kinds = batchKinds(storeStatements(table))
  const send = createSender(query, settings)
  const key = (name: string) => checkKey(prefix, name)

  return {
    name: 'postgres',
    async claim(name, ttlMs) {
      return send(kinds.claim, [key(name), checkMs('ttlMs', ttlMs)])
    },
    async release(name) {
      await send(kinds.release, [key(name)])
    },
    async get(name) {
      return send(kinds.get, [key(name)])
    },
    async compareAndSet(name, expectedVersion, value, ttlMs) {
      const stored = key(name)
      const text = checkText('value', value)
      const ttl = checkMs('ttlMs', ttlMs)
      const expected = checkVersion(expectedVersion)
      // Version 0 means "nothing there": an upsert; any other, an update of that version.
      if (expected === 0) return send(kinds.create, [stored, text, ttl])
      return send(kinds.update, [stored, text, ttl, expected])
    },
    async increment(name, windowMs) {
      return send(kinds.increment, [key(name), checkMs('windowMs', windowMs)])
    },
    async acquireLease(name, owner, ttlMs) {
      return send(kinds.acquireLease, [key(name), checkText('owner', owner), checkMs('ttlMs', ttlMs)])
    },
    async renewLease(name, owner, ttlMs) {
      return send(kinds.renewLease, [key(name), checkText('owner', owner), checkMs('ttlMs', ttlMs)])
    },
    async releaseLease(name, owner) {
      return send(kinds.releaseLease, [key(name), checkText('owner', owner)])
    },
  }
}

/** Each statement with the method it serves and how a caller's answer is read from its row. */
function batchKinds(sql: StoreStatements) {
  const kind = <Answer>(
    operation: string,
    text: string,
    answer: BatchKind<Answer>['answer'],
    readOnly = false,
  ): BatchKind<Answer> => ({ operation, text, answer, readOnly })
  return {
    claim: kind('claim', sql.claim, won),
    release: kind('release', sql.release, () => undefined),
    get: kind('get', sql.get, storedValue, true),
    create: kind('compareAndSet', sql.create, newVersion),
    update: kind('compareAndSet', sql.update, newVersion),
    increment: kind('increment', sql.increment, newCount),
    acquireLease: kind('acquireLease', sql.acquireLease, won),
    renewLease: kind('renewLease', sql.renewLease, won),
    releaseLease: kind('releaseLease', sql.releaseLease, won),
  }
}
