/**
 * Request headers as the common runtimes hand them over: a Fetch `Headers`
 * (edge runtimes, `Request.headers`) or a plain object (Node's
 * `IncomingMessage.headers`, Express, Fastify, Next.js API routes).
 */
export type HeaderBag = Headers | Readonly<Record<string, string | readonly string[] | undefined>>

/**
 * Reads one header by name, case-insensitively. A repeated header (an array
 * value) is joined with `','`. Returns `undefined` when the header is absent.
 */
export function readHeader(headers: HeaderBag, name: string): string | undefined {
  if (isHeadersLike(headers)) return headers.get(name) ?? undefined

  // Node lower-cases names but a framework's plain object may keep the sender's
  // casing, so every key is compared case-insensitively rather than looked up.
  const wanted = name.toLowerCase()
  const values: string[] = []
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() !== wanted) continue
    const value = headers[key]
    if (value === undefined) continue
    if (typeof value === 'string') values.push(value)
    else values.push(...value)
  }
  return values.length === 0 ? undefined : values.join(',')
}

function isHeadersLike(headers: HeaderBag): headers is Headers {
  // Duck-typed rather than `instanceof Headers`: undici, polyfills and other
  // realms each bring their own `Headers` class. A plain record's values are
  // strings or arrays, never functions, so `get` cannot be mistaken.
  return typeof (headers as { get?: unknown }).get === 'function'
}
