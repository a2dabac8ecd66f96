import type { StoredValue } from '@paymux/core'
import { ReplyShapeError } from './postgres-client.js'

/** A row of a reply, by column name. */
export type Row = Readonly<Record<string, unknown>>

/**
 * The rows of a batch's reply by their `key` column. Every row must name a
 * key of the batch, each at most once (a read asked twice for a key still
 * answers one row): anything else means another table
 * or statement answered, and no caller's answer can be trusted.
 */
export function rowsByKey(rows: readonly unknown[], keys: readonly string[]): Map<string, Row> {
  const byKey = new Map<string, Row>()
  for (const row of rows) {
    if (typeof row !== 'object' || row === null) throw new ReplyShapeError('a row is not an object')
    const key = (row as Row).key
    if (typeof key !== 'string') throw new ReplyShapeError('a row has no key')
    if (byKey.has(key)) {
      const count = rows.filter((other) => (other as Row).key === key).length
      throw new ReplyShapeError(`${count} rows for one key`)
    }
    byKey.set(key, row as Row)
  }
  if (byKey.size > 0) {
    const asked = new Set(keys)
    for (const key of byKey.keys())
      if (!asked.has(key)) throw new ReplyShapeError('a row for a key the statement was not given')
  }
  return byKey
}

/** `true` for a row (this call won), `false` for none. */
export function won(row: Row | undefined): boolean {
  return row !== undefined
}

/** The `{ value, version }` of a row, or `undefined` for none. */
export function storedValue(row: Row | undefined): StoredValue | undefined {
  if (row === undefined) return undefined
  // A new object per caller, even for callers of one key sharing a row.
  if (typeof row.value !== 'string') throw new ReplyShapeError('value is not text')
  return { value: row.value, version: whole(row.version, 1, 'version') }
}

/** The new version from a compare-and-set's row, or `undefined` when the write lost. */
export function newVersion(row: Row | undefined): number | undefined {
  return row === undefined ? undefined : whole(row.version, 1, 'version')
}

/** The new count from an increment's row: an increment always answers. */
export function newCount(row: Row | undefined): number {
  if (row === undefined) throw new ReplyShapeError('no row')
  return whole(row.count, 1, 'count')
}

/** The one row's whole-number `column`, at least `min`, from a statement that answers exactly one row. */
export function oneWhole(rows: readonly unknown[], column: string, min: number): number {
  if (rows.length > 1) throw new ReplyShapeError(`${rows.length} rows where one was expected`)
  const row = rows[0]
  if (row === undefined) throw new ReplyShapeError('no row')
  if (typeof row !== 'object' || row === null) throw new ReplyShapeError('a row is not an object')
  return whole((row as Row)[column], min, column)
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
