import { SHIPPED_PROVIDER_IDS } from '../model/ref.js'
import { type InputContext, invalidField } from './parse-input.js'
import { unsafeTextProblem } from './text-rules.js'

// What each refused character would do once the id is in a URL path.
const RESERVED: Readonly<Record<string, string>> = {
  '/': 'an id is one path segment, and a "/" would make it several',
  '\\': 'URL parsers read "\\" as "/" in http(s) URLs, so it would split the path',
  '?': 'it would start a query string',
  '#': 'it would start a fragment, which is never sent',
  '%': 'pass the id as the provider gave it, not URL-encoded: paymux encodes it (a "%" would be encoded twice)',
}
const RESERVED_CHAR = /[/\\?#%]/

/**
 * Why `value` cannot be put into a URL path as one id, or undefined when it
 * can. Refused: non-strings, empty or blank ids, the dot segments `.` and `..`
 * (`encodeURIComponent` leaves them as they are and the URL parser resolves
 * them, so `GET /payments/..` would reach another endpoint), `/`, `\`, `?`,
 * `#`, `%` (an id is passed as the provider gave it; paymux encodes it, so a
 * `%` would be a pre-encoded id encoded twice), whitespace at either end,
 * control characters (U+0000–U+001F, U+007F–U+009F) and lone surrogates.
 */
export function pathIdProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `must be an id string, got ${value === null ? 'null' : typeof value}`
  if (value.trim() === '') return 'must not be empty or blank'
  if (value === '.' || value === '..') {
    return `must not be "${value}": a URL would resolve it as a dot segment and the request would reach another endpoint`
  }
  const reserved = RESERVED_CHAR.exec(value)?.[0]
  if (reserved !== undefined) return `must not contain "${reserved}": ${RESERVED[reserved]}`
  return unsafeTextProblem(value)
}

/**
 * Returns `value` when it is a valid path id (see {@link pathIdProblem});
 * otherwise throws `InvalidRequestError` naming `field`, before any request.
 */
export function checkPathId(value: unknown, field: string, context: InputContext): string {
  const problem = pathIdProblem(value)
  if (problem !== undefined) invalidField(context, field, problem)
  return value as string
}

/**
 * The path segment for an id: checked as {@link checkPathId} does, then
 * `encodeURIComponent`-encoded. Every id a gateway puts into a URL path goes
 * through this one function.
 */
export function pathSegment(value: unknown, field: string, context: InputContext): string {
  return encodeURIComponent(checkPathId(value, field, context))
}

/**
 * An id given to gateway `context.provider`, checked as {@link checkPathId}
 * does. The gateway's own ref is accepted (`'fastaar:01jxyz'` at Fastaar is
 * `'01jxyz'`); a ref of another shipped gateway is refused before any request,
 * with a hint, since that gateway owns the object.
 */
export function ownId(value: unknown, field: string, context: InputContext): string {
  if (typeof value === 'string') {
    const colon = value.indexOf(':')
    const prefix = colon > 0 ? value.slice(0, colon) : undefined
    if (prefix === context.provider) return checkPathId(value.slice(colon + 1), field, context)
    if (prefix !== undefined && (SHIPPED_PROVIDER_IDS as readonly string[]).includes(prefix)) {
      invalidField(
        context,
        field,
        `"${value}" is a ${prefix} ref: pass it to the ${prefix} gateway, or to a router that has both`,
      )
    }
  }
  return checkPathId(value, field, context)
}

/** {@link ownId}, encoded for a URL path: every id a gateway puts into a path goes through this. */
export function ownPathSegment(value: unknown, field: string, context: InputContext): string {
  return encodeURIComponent(ownId(value, field, context))
}
