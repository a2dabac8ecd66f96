/**
 * A query parameter as the store sends it: text, a whole number, or an
 * array of either (a batch sends one array per column, `$1::text[]`).
 */
export type QueryParameter = string | number | (string | number)[]

/**
 * What the store needs of a `pg` `Pool`, `PoolClient` or `Client`, or of a
 * PGlite instance: `query(text, values)` resolving `{ rows }`. A `Client`
 * must be connected; a `Pool` (the usual choice) connects by itself.
 */
export interface PgQueryClient {
  query(text: string, values: QueryParameter[]): Promise<{ rows: unknown[] }>
}

/** What the store needs of a postgres.js `sql`: `sql.unsafe(text, parameters)` resolving the rows. */
export interface PostgresJsClient {
  unsafe(text: string, parameters: QueryParameter[]): PromiseLike<readonly unknown[]>
}

/** A client the store can query: `pg` (`Pool`, `PoolClient`, `Client`), postgres.js (`sql`) or PGlite. */
export type PostgresClient = PgQueryClient | PostgresJsClient

/**
 * The one way the store talks to the database, whatever the client: one
 * statement with `$1…$n` parameters, resolving its rows. Rejects with the
 * client's error, or a {@link ReplyShapeError} when the reply holds no rows.
 */
export type QueryFunction = (
  text: string,
  parameters: readonly QueryParameter[],
) => Promise<readonly unknown[]>

/** The reply did not have the shape a PostgreSQL client gives (a client that is not one, or a wrapper that changed it). */
export class ReplyShapeError extends Error {
  constructor(detail: string) {
    super(`unexpected reply: ${detail}`)
    this.name = 'ReplyShapeError'
  }
}

/**
 * The query function of `client`, recognised by its shape: a function with
 * `unsafe` is postgres.js's `sql`; an object with `query` is `pg` or PGlite.
 * `undefined` for anything else.
 */
export function toQueryFunction(client: unknown): QueryFunction | undefined {
  if (isPostgresJs(client)) {
    return async (text, parameters) => {
      const rows: unknown = await client.unsafe(text, [...parameters])
      if (!Array.isArray(rows)) throw new ReplyShapeError(`expected an array of rows, got ${typeName(rows)}`)
      return rows
    }
  }
  if (isPgLike(client)) {
    return async (text, parameters) => {
      const result: unknown = await client.query(text, [...parameters])
      const rows =
        typeof result === 'object' && result !== null ? (result as { rows?: unknown }).rows : undefined
      if (!Array.isArray(rows)) throw new ReplyShapeError(`expected { rows: [...] }, got ${typeName(result)}`)
      return rows
    }
  }
  return undefined
}

function isPostgresJs(client: unknown): client is PostgresJsClient {
  return typeof client === 'function' && typeof (client as { unsafe?: unknown }).unsafe === 'function'
}

function isPgLike(client: unknown): client is PgQueryClient {
  return (
    typeof client === 'object' &&
    client !== null &&
    typeof (client as { query?: unknown }).query === 'function'
  )
}

/** A value's kind for a message, never the value itself: a reply may hold anything. */
export function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object without rows' : typeof value
}

/**
 * What went wrong, for `StoreUnavailableError`'s message: the client error's
 * name, code and message, with any URL cut out (a connection string may
 * hold a password). The error itself is not kept as `cause`: pg and
 * postgres.js errors carry connection details, and `util.inspect` would print them.
 */
export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return `the client threw ${typeof error}`
  // Node reports a refused connection to a host with several addresses as an AggregateError without a message.
  const inner = error instanceof AggregateError && error.message === '' ? error.errors[0] : undefined
  const source = inner instanceof Error ? inner : error
  const code = (error as { code?: unknown }).code ?? (source as { code?: unknown }).code
  const message = source.message.replace(/[a-z][a-z0-9+.-]*:\/\/\S*/gi, '<url>').slice(0, 500)
  return `${error.name}${typeof code === 'string' ? ` ${code}` : ''}: ${message}`
}
