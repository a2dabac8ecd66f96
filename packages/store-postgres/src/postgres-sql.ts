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

/** `$n` ms from the statement's start, on the server's clock. */
const after = (n: number) => `statement_timestamp() + $${n}::bigint * interval '1 millisecond'`

/**
 * One statement per operation, each a single atomic step. Time is the
 * server's: `statement_timestamp()` is one instant for the whole statement,
 * so every comparison and every new expiry in it agree. A row whose
 * `expires_at` has passed counts as absent, and the upserts overwrite it.
 */
export interface StoreStatements {
  /** `[key, ttlMs]` → one row if claimed. */
  readonly claim: string
  /** `[key]`. */
  readonly release: string
  /** `[key]` → `{ value, version }` if a live value is there. */
  readonly get: string
  /** `[key, value, ttlMs]` → `{ version: 1 }` if nothing held a value (compare-and-set from version 0). */
  readonly create: string
  /** `[key, value, ttlMs, expectedVersion]` → `{ version }` if the live version was the expected one. */
  readonly update: string
  /** `[key, windowMs]` → `{ count }`. */
  readonly increment: string
  /** `[key, owner, ttlMs]` → one row if `owner` holds the lease now. */
  readonly acquireLease: string
  /** `[key, owner, ttlMs]` → one row if `owner` held it and it was live. */
  readonly renewLease: string
  /** `[key, owner]` → one row if `owner` held it and it was live. */
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
  return {
    claim: `INSERT INTO ${t} AS s (key, expires_at) VALUES ($1, ${after(2)})
ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at, ${clear()}
WHERE s.expires_at <= statement_timestamp()
RETURNING true AS won`,
    release: `DELETE FROM ${t} WHERE key = $1`,
    get: `SELECT value, version FROM ${t} WHERE key = $1 AND version IS NOT NULL AND ${live}`,
    // Like the memory store: a live key that holds no value (a claim, a lease) is at version 0.
    create: `INSERT INTO ${t} AS s (key, value, version, expires_at) VALUES ($1, $2, 1, ${after(3)})
ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, version = 1, expires_at = EXCLUDED.expires_at, ${clear('value', 'version')}
WHERE s.expires_at <= statement_timestamp() OR s.version IS NULL
RETURNING version`,
    update: `UPDATE ${t} SET value = $2, version = version + 1, expires_at = ${after(3)}
WHERE key = $1 AND version = $4::bigint AND ${live}
RETURNING version`,
    // The window starts at the first increment: a live counter keeps its expiry.
    increment: `INSERT INTO ${t} AS s (key, count, expires_at) VALUES ($1, 1, ${after(2)})
ON CONFLICT (key) DO UPDATE SET
  count = CASE WHEN s.count IS NOT NULL AND s.${live} THEN s.count + 1 ELSE 1 END,
  expires_at = CASE WHEN s.count IS NOT NULL AND s.${live} THEN s.expires_at ELSE EXCLUDED.expires_at END,
  ${clear('count')}
RETURNING count`,
    acquireLease: `INSERT INTO ${t} AS s (key, owner, expires_at) VALUES ($1, $2, ${after(3)})
ON CONFLICT (key) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at, ${clear('owner')}
WHERE s.expires_at <= statement_timestamp() OR s.owner = EXCLUDED.owner
RETURNING true AS won`,
    renewLease: `UPDATE ${t} SET expires_at = ${after(3)}
WHERE key = $1 AND owner = $2 AND ${live}
RETURNING true AS won`,
    releaseLease: `DELETE FROM ${t} WHERE key = $1 AND owner = $2 AND ${live} RETURNING true AS won`,
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
