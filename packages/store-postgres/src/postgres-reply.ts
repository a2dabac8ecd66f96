import type { StoredValue } from '@paymux/core'
import { ReplyShapeError } from './postgres-client.js'

/** `true` for one row (this call won), `false` for none. */
export function won(rows: readonly unknown[]): boolean {
  return atMostOne(rows) !== undefined
}

/** The `{ value, version }` row, or `undefined` for none. */
export function storedValue(rows: readonly unknown[]): StoredValue | undefined {
  const row = atMostOne(rows)
  if (row === undefined) return undefined
  if (typeof row.value !== 'string') throw new ReplyShapeError('value is not text')
  return { value: row.value, version: whole(row.version, 1, 'version') }
}

/** The new version from a compare-and-set's row, or `undefined` when the write lost. */
export function newVersion(rows: readonly unknown[]): number | undefined {
  const row = atMostOne(rows)
  return row === undefined ? undefined : whole(row.version, 1, 'version')
}

/** The one row's whole-number `column`, at least `min`. */
export function oneWhole(rows: readonly unknown[], column: string, min: number): number {
  const row = atMostOne(rows)
  if (row === undefined) throw new ReplyShapeError('no row')
  return whole(row[column], min, column)
}

/** Single-key statements answer at most one row; more means a different table or statement answered. */
function atMostOne(rows: readonly unknown[]): Record<string, unknown> | undefined {
  if (rows.length > 1) throw new ReplyShapeError(`${rows.length} rows for one key`)
  const row = rows[0]
  if (row === undefined) return undefined
  if (typeof row !== 'object' || row === null) throw new ReplyShapeError('a row is not an object')
  return row as Record<string, unknown>
}

/**
 * A bigint column as a number. pg and postgres.js give int8 as a string by
 * default, PGlite as a number, and a client with its own type parsers may
 * give a bigint: all are read, as long as the value is a safe whole number.
 */
function whole(value: unknown, min: number, column: string): number {
  const number =
    typeof value === 'number' || typeof value === 'bigint'
      ? Number(value)
      : typeof value === 'string' && /^\d{1,16}$/.test(value)
        ? Number(value)
        : Number.NaN
  if (Number.isSafeInteger(number) && number >= min) return number
  throw new ReplyShapeError(`${column} is not a whole number ≥ ${min}`)
}
