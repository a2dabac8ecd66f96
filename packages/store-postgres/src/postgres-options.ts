import type { FieldIssue } from '@paymux/core'
import { type PostgresClient, type QueryFunction, toQueryFunction } from './postgres-client.js'
import { textProblem } from './postgres-input.js'
import { DEFAULT_TABLE, tableNameProblem } from './postgres-sql.js'

/** The longest prefix, in characters: it is repeated in every key. */
const MAX_PREFIX_LENGTH = 200

/** The query function of `options.client`, or an issue naming `client`. */
export function readClient(issues: FieldIssue[], client: PostgresClient | undefined): QueryFunction {
  const query = toQueryFunction(client)
  if (query !== undefined) return query
  issues.push({
    path: 'client',
    message:
      'must be a pg Pool or Client, a postgres.js sql or a PGlite instance (an object with query(text, values), or a function with unsafe(text, parameters))',
  })
  return () => Promise.reject(new Error('no client'))
}

/** `options.table`, or {@link DEFAULT_TABLE}; an issue naming `table` if it is not a safe identifier. */
export function readTable(issues: FieldIssue[], table: string | undefined): string {
  if (table === undefined) return DEFAULT_TABLE
  const problem = tableNameProblem(table)
  if (problem === undefined) return table
  issues.push({ path: 'table', message: problem })
  return DEFAULT_TABLE
}

/** `options.prefix`, or `'paymux:'`. */
export function readPrefix(issues: FieldIssue[], prefix: string | undefined): string {
  if (prefix === undefined) return 'paymux:'
  const problem =
    textProblem(prefix) ??
    (prefix.length > MAX_PREFIX_LENGTH ? `must be at most ${MAX_PREFIX_LENGTH} characters` : undefined)
  if (problem === undefined) return prefix
  issues.push({ path: 'prefix', message: problem })
  return 'paymux:'
}

/** A whole-number option in `[min, max]`, or `fallback` when it is left out. */
export function readWhole(
  issues: FieldIssue[],
  path: string,
  value: number | undefined,
  fallback: number,
  [min, max]: readonly [number, number],
): number {
  if (value === undefined) return fallback
  if (Number.isSafeInteger(value) && value >= min && value <= max) return value
  issues.push({ path, message: `must be a whole number from ${min} to ${max}, got ${String(value)}` })
  return fallback
}

/** A yes/no option, or `fallback` when it is left out. */
export function readBoolean(
  issues: FieldIssue[],
  path: string,
  value: boolean | undefined,
  fallback: boolean,
): boolean {
  if (value === undefined) return fallback
  if (typeof value === 'boolean') return value
  issues.push({ path, message: `must be true or false, got ${value === null ? 'null' : typeof value}` })
  return fallback
}

/** `options` as an object to read, whatever a JavaScript caller passed. */
export function asOptions<T extends object>(options: T | undefined): Partial<T> {
  return typeof options === 'object' && options !== null ? options : {}
}
