import type { FieldIssue } from '@paymux/core'
import type { PostgresClient, QueryFunction } from './postgres-client.js'
import { invalidSettings, unknownOptionIssues } from './postgres-input.js'
import { asOptions, readClient, readTable, readWhole } from './postgres-options.js'
import { oneWhole } from './postgres-reply.js'
import { runner } from './postgres-runner.js'
import { createTableStatements, deleteExpiredStatement } from './postgres-sql.js'

/** Options of {@link createTables}. */
export interface CreateTablesOptions {
  /** The table to create, as given to `createPostgresStore`. @default 'paymux_state' */
  readonly table?: string
}

/**
 * Creates the store's table and its index on `expires_at` if they do not
 * exist yet (`CREATE … IF NOT EXISTS`, so running it again, or from every
 * instance at start-up, is safe). The same SQL, for the default table, is
 * the migration file `sql/001_paymux_state.sql` of this package, for teams
 * that run migrations instead. Rejects with `StoreUnavailableError`
 * (operation `createTables`) when the database cannot answer.
 */
export async function createTables(client: PostgresClient, options: CreateTablesOptions = {}): Promise<void> {
  const given = asOptions(options)
  const issues: FieldIssue[] = unknownOptionIssues(given, ['table'])
  const query = readClient(issues, client)
  const table = readTable(issues, given.table)
  if (issues.length > 0) throw invalidSettings('createTables', issues)
  const run = runner(racingCreates(query))
  for (const statement of createTableStatements(table))
    await run('createTables', statement, [], () => undefined)
}

/**
 * Two sessions creating the same table at once can both pass `IF NOT EXISTS`
 * and one then fails on the catalog's unique index (23505), finds the table
 * made (42P07) or finds its row type made (42710): run once more, and
 * `IF NOT EXISTS` sees the other's table.
 */
function racingCreates(query: QueryFunction): QueryFunction {
  return (text, parameters) =>
    query(text, parameters).catch((error: unknown) => {
      const code =
        typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined
      if (code === '23505' || code === '42P07' || code === '42710') return query(text, parameters)
      throw error
    })
}

/** Options of {@link deleteExpired}. */
export interface DeleteExpiredOptions {
  /** The store's table. @default 'paymux_state' */
  readonly table?: string
  /** The most rows one call deletes, so one call stays short; call again while it returns `limit`. @default 10_000 */
  readonly limit?: number
}

/**
 * Deletes expired rows, oldest first, and resolves how many. An expired row
 * already counts as absent and the next write to its key overwrites it, so
 * this only reclaims space from keys never written again (webhook event
 * ids, old orders). Run it on a schedule, from one instance or a cron job.
 * Rejects with `StoreUnavailableError` (operation `deleteExpired`) when the
 * database cannot answer.
 */
export async function deleteExpired(
  client: PostgresClient,
  options: DeleteExpiredOptions = {},
): Promise<number> {
  const given = asOptions(options)
  const issues: FieldIssue[] = unknownOptionIssues(given, ['table', 'limit'])
  const query = readClient(issues, client)
  const table = readTable(issues, given.table)
  const limit = readWhole(issues, 'limit', given.limit, 10_000, [1, 1_000_000])
  if (issues.length > 0) throw invalidSettings('deleteExpired', issues)
  return runner(query)('deleteExpired', deleteExpiredStatement(table), [limit], (rows) =>
    oneWhole(rows, 'deleted', 0),
  )
}
