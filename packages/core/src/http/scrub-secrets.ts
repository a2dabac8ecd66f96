import type { PaymentError } from '../errors/payment-error.js'
import { REDACTED } from './redact.js'

/**
 * Takes the transport's secrets (API keys, webhook secrets) out of everything
 * that comes from outside paymux, at the point where it comes in: the answer's
 * body and headers, and the text of an error thrown by `fetch`. Errors and
 * hook payloads are then built from clean input, so paymux's own words are
 * never rescanned (a 1-character key cannot turn "fastaar" into
 * "f[redacted]st…") and nothing is scrubbed twice.
 *
 * A secret is found in its raw form and JSON-escaped (`"`, `\`, control
 * characters, `\/`); in a JSON body, inside every decoded string and object
 * key, however it was escaped (`\u0073k_…`). Not found: a secret split across
 * JSON strings, URL- or base64-encoded, or spelt out in JSON syntax (an
 * all-digit key echoed as a number is, though).
 */
export interface SecretScrubber {
  /** False when the transport has no secret: every method then returns its input. */
  readonly active: boolean
  /** Outside text (a header value, a `fetch` error's message) with every form of every secret replaced. */
  text(text: string): string
  /**
   * The answer's body. Unchanged unless a secret, or an escape that could
   * spell one, is in it; a JSON body stays JSON, only the strings holding a
   * secret are rewritten (numbers keep their exact digits).
   */
  body(text: string): string
  /** The answer's headers: the same object, or a scrubbed copy when a value carries a secret. */
  headers(headers: Headers): Headers
  /** Whether a secret occurs in any string or object key of `value`, at any depth. */
  finds(value: unknown): boolean
  /** Records that `error` was built from scrubbed input only, so {@link SecretScrubber.error} leaves it alone. */
  vouch<E extends PaymentError>(error: E): E
  /**
   * The last safety net, for an error built outside the transport's reach
   * (one returned by `afterLostAnswer`): an error not vouched for is searched
   * once, and a field holding a secret is replaced by a scrubbed copy. Text
   * already carrying `[redacted]` is never scrubbed inside the marker.
   */
  error<E extends PaymentError>(error: E): E
}

/** A scrubber for `secrets` (empty strings ignored). */
export function createSecretScrubber(secrets: readonly string[]): SecretScrubber {
  // Longest first, so that `Bearer <key>` is replaced as a whole before `<key>` alone.
  const raw = [...new Set(secrets.filter((secret) => secret !== ''))].sort((a, b) => b.length - a.length)
  const forms = [...new Set(raw.flatMap(formsOf))]
  const vouched = new WeakSet<object>()
  const holds = (text: string) => forms.some((form) => text.includes(form))
  const text = (input: string) => replaceForms(input, forms)
  const keepingMarks = (input: string) =>
    input.includes(REDACTED) ? input.split(REDACTED).map(text).join(REDACTED) : text(input)

  const scrubber: SecretScrubber = {
    active: forms.length > 0,
    text: (input) => (forms.length > 0 && holds(input) ? text(input) : input),
    body(input) {
      if (forms.length === 0 || !mayHold(input, raw, holds)) return input
      return isJson(input) ? scrubJsonText(input, holds, text) : text(input)
    },
    headers(headers) {
      if (forms.length === 0) return headers
      let dirty = false
      for (const [, value] of headers) dirty ||= holds(value)
      if (!dirty) return headers
      const copy = new Headers()
      for (const [name, value] of headers) copy.append(name, holds(value) ? text(value) : value)
      return copy
    },
    finds: (value) => forms.length > 0 && someString(value, holds),
    vouch(error) {
      vouched.add(error)
      return error
    },
    error(error) {
      if (forms.length === 0 || vouched.has(error)) return error
      for (const key of Object.getOwnPropertyNames(error)) {
        const value: unknown = (error as unknown as Record<string, unknown>)[key]
        if (!someString(value, holds)) continue
        // Kept as a patch: this error was built by adapter code from input paymux does not see.
        Object.defineProperty(error, key, { value: copyScrubbed(value, keepingMarks) })
      }
      vouched.add(error)
      return error
    },
  }
  return scrubber
}

/** The forms a secret can take in a provider's answer: raw, and escaped as JSON writes it (with or without `\/`). */
function formsOf(secret: string): string[] {
  const escaped = JSON.stringify(secret).slice(1, -1)
  return [secret, escaped, escaped.replaceAll('/', '\\/')]
}

function replaceForms(text: string, forms: readonly string[]): string {
  let result = text
  for (const form of forms) if (result.includes(form)) result = result.split(form).join(REDACTED)
  return result
}

// The hot path: a body with no secret in any form and no backslash is returned after one
// `includes` per form. Only a backslash (an escape that could spell a secret) costs a decode.
function mayHold(text: string, secrets: readonly string[], holds: (text: string) => boolean): boolean {
  if (holds(text)) return true
  if (!text.includes('\\')) return false
  const decoded = decodeEscapes(text)
  return secrets.some((secret) => decoded.includes(secret))
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }

function decodeEscapes(text: string): string {
  return text.replace(/\\(?:u([0-9a-fA-F]{4})|([\s\S]))/g, (_match, hex: string | undefined, char: string) =>
    hex === undefined ? (SIMPLE_ESCAPES[char] ?? char) : String.fromCharCode(Number.parseInt(hex, 16)),
  )
}

// JSON.parse is iterative in V8, so a body nested 100,000 levels deep is no danger here.
function isJson(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

/**
 * A valid JSON text with the secrets taken out of every string (values and
 * keys alike) and out of numbers, in one flat pass over the text: no parse
 * tree is built, nothing recurses, and what holds no secret is kept byte for byte.
 */
function scrubJsonText(
  json: string,
  holds: (text: string) => boolean,
  scrub: (text: string) => string,
): string {
  const parts: string[] = []
  let last = 0
  for (let start = json.indexOf('"'); start !== -1; start = json.indexOf('"', last)) {
    const end = closingQuote(json, start)
    parts.push(scrubNumbers(json.slice(last, start), holds))
    const literal = json.slice(start, end + 1)
    const decoded: string = literal.includes('\\') ? JSON.parse(literal) : literal.slice(1, -1)
    parts.push(holds(decoded) ? JSON.stringify(scrub(decoded)) : literal)
    last = end + 1
  }
  parts.push(scrubNumbers(json.slice(last), holds))
  return parts.join('')
}

// In valid JSON every string closes; a quote preceded by an odd number of backslashes is escaped.
function closingQuote(json: string, start: number): number {
  let from = start + 1
  for (;;) {
    const quote = json.indexOf('"', from)
    let backslashes = 0
    while (json.charCodeAt(quote - 1 - backslashes) === 92) backslashes++
    if (backslashes % 2 === 0) return quote
    from = quote + 1
  }
}

// Outside strings, valid JSON holds only syntax, literals and numbers: a number that spells a
// secret becomes the marker (as a string, so the text stays JSON).
function scrubNumbers(segment: string, holds: (text: string) => boolean): string {
  if (!holds(segment)) return segment
  return segment.replace(/-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g, (number) =>
    holds(number) ? JSON.stringify(REDACTED) : number,
  )
}

/** Whether `test` holds for any string, object key or error text inside `value`; iterative, cycle-safe. */
function someString(value: unknown, test: (text: string) => boolean): boolean {
  const seen = new Set<object>()
  const pending: unknown[] = [value]
  for (let index = 0; index < pending.length; index++) {
    const item = pending[index]
    if (typeof item === 'string') {
      if (test(item)) return true
      continue
    }
    if (typeof item !== 'object' || item === null || seen.has(item)) continue
    seen.add(item)
    if (item instanceof Error) pending.push(item.name, item.message, item.stack, item.cause)
    for (const key of Object.keys(item)) pending.push(key, (item as Record<string, unknown>)[key])
  }
  return false
}

/**
 * A copy of a JSON-like value (strings, arrays, plain objects, errors as
 * `{ name, message }`) with `scrub` applied to every string and key. Iterative;
 * keys are defined, not assigned, so a `__proto__` key stays a key.
 */
function copyScrubbed(value: unknown, scrub: (text: string) => string): unknown {
  const root: { value?: unknown } = {}
  const pending: [unknown, object, string][] = [[value, root, 'value']]
  const copies = new Map<object, unknown>()
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [source, target, key] = next
    define(target, key, shallowCopy(source, scrub, copies, pending))
  }
  return root.value
}

function shallowCopy(
  source: unknown,
  scrub: (text: string) => string,
  copies: Map<object, unknown>,
  pending: [unknown, object, string][],
): unknown {
  if (typeof source === 'string') return scrub(source)
  if (typeof source !== 'object' || source === null) return source
  const known = copies.get(source)
  if (known !== undefined) return known
  if (source instanceof Error) {
    const copy = { name: scrub(source.name), message: scrub(source.message) }
    copies.set(source, copy)
    return copy
  }
  const copy: object = Array.isArray(source) ? new Array(source.length) : {}
  copies.set(source, copy)
  for (const key of Object.keys(source)) {
    pending.push([(source as Record<string, unknown>)[key], copy, Array.isArray(source) ? key : scrub(key)])
  }
  return copy
}

function define(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}
