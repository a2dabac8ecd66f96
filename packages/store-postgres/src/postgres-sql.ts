/** The table the store uses unless told otherwise. */
export const DEFAULT_TABLE = 'paymux_state'

/**
 * A table name the store accepts: lower-case letters, digits and `_`, not
 * starting with a digit, at most 48 characters (so `<table>_expires_at`
 * fits PostgreSQL's 63), optionally after a schema name of the same form
 * (`billing.paymux_state`). Names are still double-quoted in every statement.
 */
const TABLE_NAME = /^(?:[a-z_][a-z0-9_]{0,47}\.)?[a-z_][a-z0-9_]{0,47}$/

/** Why `table` cannot be used, or `undefined` when it is a safe identifier. */
export function tableNameProblem(table: unknown): string | undefined {
  if (typeof table !== 'string') return `must be a string, got ${table === null ? 'null' : typeof table}`
  if (TABLE_NAME.test(table)) return undefined
  return 'must be lower-case letters, digits and _ (not starting with a digit, at most 48 characters), optionally after "schema."'
}

/** `"schema"."table"` from a name {@link tableNameProblem} accepted. */
function quoted(table: string): string {
  return table
    .split('.')
    .map((part) => `"${part}"`)
    .join('.')
}

/** The bare name of the table's index on `expires_at` (an index lives in its table's schema). */
function indexName(table: string): string {
  return `"${table.split('.').pop()}_expires_at"`
}

/**
 * The statements that create the table and its index, each idempotent. The
 * migration file `sql/001_paymux_state.sql` holds the same for `paymux_state`.
 * One row per key; the columns in use depend on the operation that wrote it
 * (a claim uses none, a value `value` and `version`, a counter `count`, a
 * lease `owner`); the others are NULL.
 */
export function createTableStatements(table: string): readonly string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${quoted(table)} (
  key text COLLATE "C" PRIMARY KEY,
  value text,
  version bigint,
  count bigint,
  owner text,
  expires_at timestamptz NOT NULL
)`,
    `CREATE INDEX IF NOT EXISTS ${indexName(table)} ON ${quoted(table)} (expires_at)`,
  ]
}

/** A column of a batch's rows `b`: its name and the type of its array parameter. */
type Column = readonly [name: string, type: 'text' | 'bigint']

/**
 * The batch's rows, one per call: `unnest($1::text[], $2::bigint[]) AS
 * b(key, ttl)`, one array parameter per column, all of one length. The
 * statement text never changes with the batch's size, so a client that
 * prepares statements prepares each once.
 */
function batchRows(columns: readonly Column[]): string {
  const arrays = columns.map(([, type], index) => `$${index + 1}::${type}[]`).join(', ')
  return `unnest(${arrays}) AS b(${columns.map(([name]) => name).join(', ')})`
}

/** `b.ttl` ms from the statement's start, on the server's clock. */
const EXPIRES = "statement_timestamp() + b.ttl * interval '1 millisecond'"

/**
 * One statement per kind of operation, each one atomic step for every call
 * of its batch: each call's parameters are one element of each array, the
 * key first, and every key appears at most once. The statements that answer
 * return a row holding `key` for each call they answer; a call whose key
 * has no row lost (a claim held, a version moved on, not the owner). Time is
 * the server's: `statement_timestamp()` is one instant for the whole
 * statement, so every comparison and every new expiry in it agree. A row
 * whose `expires_at` has passed counts as absent, and the upserts overwrite it.
 */
export interface StoreStatements {
  /** `[keys, ttlMs]` → `{ key }` per key claimed. */
  readonly claim: string
  /** `[keys]`. */
  readonly release: string
  /** `[keys]` → `{ key, value, version }` per key holding a live value. */
  readonly get: string
  /** `[keys, values, ttlMs]` → `{ key, version: 1 }` per key that held no value (compare-and-set from version 0). */
  readonly create: string
  /** `[keys, values, ttlMs, expectedVersions]` → `{ key, version }` per key whose live version was the expected one. */
  readonly update: string
  /** `[keys, windowMs]` → `{ key, count }` per key. */
  readonly increment: string
  /** `[keys, owners, ttlMs]` → `{ key }` per key its owner holds now. */
  readonly acquireLease: string
  /** `[keys, owners, ttlMs]` → `{ key }` per key its owner held while it was live. */
  readonly renewLease: string
  /** `[keys, owners]` → `{ key }` per key its owner held while it was live. */
  readonly releaseLease: string
}

/** The statements of {@link StoreStatements} on `table`, built once per store. */
export function storeStatements(table: string): StoreStatements {
  const t = quoted(table)
  // Any other kind's leftovers are cleared, so a key reused by another kind of operation starts clean.
  const clear = (...kept: string[]) =>
    ['value', 'version', 'count', 'owner']
      .filter((column) => !kept.includes(column))
      .map((column) => `${column} = NULL`)
      .join(', ')
  const live = 'expires_at > statement_timestamp()'
  const key: Column = ['key', 'text']
  const ttl: Column = ['ttl', 'bigint']
  const owner: Column = ['owner', 'text']
  const value: Column = ['value', 'text']
  return {
    claim: `INSERT INTO ${t} AS s (key, expires_at)
SELECT b.key, ${EXPIRES} FROM ${batchRows([key, ttl])}
ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at, ${clear()}
WHERE s.expires_at <= statement_timestamp()
RETURNING s.key`,
    release: `DELETE FROM ${t} AS s USING ${batchRows([key])} WHERE s.key = b.key`,
    get: `SELECT key, value, version FROM ${t}
WHERE key = ANY($1::text[]) AND version IS NOT NULL AND ${live}`,
    // Like the memory store: a live key that holds no value (a claim, a lease) is at version 0.
    create: `INSERT INTO ${t} AS s (key, value, version, expires_at)
SELECT b.key, b.value, 1, ${EXPIRES} FROM ${batchRows([key, value, ttl])}
ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, version = 1, expires_at = EXCLUDED.expires_at, ${clear('value', 'version')}
WHERE s.expires_at <= statement_timestamp() OR s.version IS NULL
RETURNING s.key, s.version`,
    update: `UPDATE ${t} AS s SET value = b.value, version = s.version + 1, expires_at = ${EXPIRES}
FROM ${batchRows([key, value, ttl, ['expected', 'bigint']])}
WHERE s.key = b.key AND s.version = b.expected AND s.${live}
RETURNING s.key, s.version`,
    // The window starts at the first increment: a live counter keeps its expiry.
    increment: `INSERT INTO ${t} AS s (key, count, expires_at)
SELECT b.key, 1, ${EXPIRES} FROM ${batchRows([key, ttl])}
ON CONFLICT (key) DO UPDATE SET
  count = CASE WHEN s.count IS NOT NULL AND s.${live} THEN s.count + 1 ELSE 1 END,
  expires_at = CASE WHEN s.count IS NOT NULL AND s.${live} THEN s.expires_at ELSE EXCLUDED.expires_at END,
  ${clear('count')}
RETURNING s.key, s.count`,
    acquireLease: `INSERT INTO ${t} AS s (key, owner, expires_at)
SELECT b.key, b.owner, ${EXPIRES} FROM ${batchRows([key, owner, ttl])}
ON CONFLICT (key) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at, ${clear('owner')}
WHERE s.expires_at <= statement_timestamp() OR s.owner = EXCLUDED.owner
RETURNING s.key`,
    renewLease: `UPDATE ${t} AS s SET expires_at = ${EXPIRES}
FROM ${batchRows([key, owner, ttl])}
WHERE s.key = b.key AND s.owner = b.owner AND s.${live}
RETURNING s.key`,
    releaseLease: `DELETE FROM ${t} AS s USING ${batchRows([key, owner])}
WHERE s.key = b.key AND s.owner = b.owner AND s.${live}
RETURNING s.key`,
  }
}

/**
 * `[limit]` → `{ deleted }`: removes up to `limit` expired rows, oldest
 * first. SKIP LOCKED leaves alone the rows an upsert is reviving right now.
 */
export function deleteExpiredStatement(table: string): string {
  const t = quoted(table)
  return `WITH gone AS (
  DELETE FROM ${t} WHERE key IN (
    SELECT key FROM ${t} WHERE expires_at <= statement_timestamp()
    ORDER BY expires_at LIMIT $1::int FOR UPDATE SKIP LOCKED
  ) RETURNING 1
)
SELECT count(*)::int AS deleted FROM gone`
}
