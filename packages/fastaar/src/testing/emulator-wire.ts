import { randomBytes } from 'node:crypto'

// Wire helpers of the emulator, written from the Fastaar documents alone (it
// shares no code with the client on purpose: a misreading cannot hide in both).

const TAKA = /^(\d{1,13})(?:\.(\d{1,2}))?$/

/**
 * A request amount in taka (a JSON number such as `500` or `500.5`, or a
 * decimal string) as whole poisha, or `undefined` when it is not one.
 * Accepting decimal strings is a guess: the document only shows a number.
 */
export function parseTaka(value: unknown): number | undefined {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value
  if (typeof text !== 'string') return undefined
  const match = TAKA.exec(text)
  if (match === null) return undefined
  const [, whole = '0', fraction = ''] = match
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'))
}

/** Poisha as Fastaar writes amounts in answers: 50050 → `"500.50"`. */
export function formatTaka(poisha: number): string {
  const digits = String(poisha).padStart(3, '0')
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`
}

const OFFSET_MS = 6 * 60 * 60 * 1000

/** Epoch ms as Fastaar writes times: Bangladesh time, `2026-06-12T14:30:00+06:00`. */
export function formatDhakaTime(epochMs: number): string {
  return `${new Date(Math.floor(epochMs / 1000) * 1000 + OFFSET_MS).toISOString().slice(0, 19)}+06:00`
}

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz'

/** A ULID-shaped id in lower case, like the document's `01jxyz…`: 10 time characters, 16 random. */
export function newId(epochMs: number): string {
  let time = ''
  let rest = Math.max(0, Math.floor(epochMs))
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD.charAt(rest % 32) + time
    rest = Math.floor(rest / 32)
  }
  let random = ''
  for (const byte of randomBytes(16)) random += CROCKFORD.charAt(byte % 32)
  return time + random
}

/** A JSON answer. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  })
}

/** Fastaar's documented error body: `{ error: { type, message } }`, plus extra fields where given. */
export function errorBody(
  status: number,
  type: string,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  return json({ error: { type, message }, ...extra }, status, headers)
}

/** A 422: Fastaar's error object plus Laravel's `errors` (field → messages); the shape is unconfirmed (SUPPLEMENT). */
export function invalid(errors: Record<string, string[]>): Response {
  return errorBody(422, 'validation_error', 'The given data was invalid.', { errors })
}

/** A 404 with `message`. */
export function notFound(message: string): Response {
  return errorBody(404, 'not_found', message)
}

/** A 405 for a known path with another method. */
export function methodNotAllowed(): Response {
  return errorBody(405, 'method_not_allowed', 'Method not allowed.')
}

/** The request's JSON object, or undefined when the body is not one; an empty body is `{}` when `emptyIsObject`. */
export async function readJson(
  request: Request,
  emptyIsObject: boolean,
): Promise<Record<string, unknown> | undefined> {
  const text = await request.text()
  if (text.trim() === '') return emptyIsObject ? {} : undefined
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}
