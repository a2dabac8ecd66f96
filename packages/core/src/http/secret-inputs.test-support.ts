import fc from 'fast-check'

// The inputs of the secret-redaction property (scrub-secrets.property.test.ts), shared with every
// other test that must hold for the same inputs (the telemetry property in packages/fault-matrix):
// random API keys, and random provider answers that echo a value at random places (the message, the
// error code, a request-id header, validation issues, object keys, a value nested deep, raw text).

/** A fixed secret no generated key is: what the non-interference runs echo instead. */
export const PLACEHOLDER = '§¶placeholder¶§'

// Pieces of keys: regex and JSON metacharacters, letters that occur in no field name used below,
// digits, unicode (an astral one too), whitespace and a line separator.
const KEY_UNITS = [...'"\\.*+?^$()|[]/{}', 'q', 'z', 'Q', 'Z', '7', 'é', '€', '😀', ' ', '\n', '\u2028', '_']
const ALNUM = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789']

/** A key as long as real ones: `sk_live_` and 12–32 characters of {@link ALNUM} and {@link KEY_UNITS}. */
export const longKeyArbitrary: fc.Arbitrary<string> = fc
  .string({ unit: fc.constantFrom(...ALNUM, ...KEY_UNITS), minLength: 12, maxLength: 32 })
  .map((tail) => `sk_live_${tail}`)

/** API keys: mostly 1–4 characters (metacharacters, unicode, whitespace), a third as long as real ones. */
export const keyArbitrary: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom(...KEY_UNITS), minLength: 1, maxLength: 4 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...ALNUM), minLength: 1, maxLength: 4 }) },
  { weight: 2, arbitrary: longKeyArbitrary },
)

// Filler text the provider writes around an echo. The characters of the key are taken out of it
// (see `fill`), so the only occurrences of the key in an answer are the echoes themselves.
const FILLER_UNITS = [...'abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789.:,-_()[]{}"\\/?*+é€']
const filler = fc.string({ unit: fc.constantFrom(...FILLER_UNITS), maxLength: 8 })

/** A string the provider writes: filler and echoes of the key, in any order. */
export type Template = readonly ({ readonly text: string } | { readonly echo: true })[]
const template: fc.Arbitrary<Template> = fc.array(
  fc.oneof(
    filler.map((text) => ({ text })),
    fc.constant({ echo: true as const }),
  ),
  { maxLength: 4 },
)

/** A provider's failure answer (sometimes a 2xx the schema refuses): its status, shape and echo slots. */
export const answerArbitrary = fc.record({
  status: fc.constantFrom(200, 201, 400, 401, 402, 404, 409, 422, 429, 500, 502, 503),
  style: fc.constantFrom('fastaar', 'paystar', 'generic', 'text'),
  message: template,
  code: template,
  field: template,
  issue: template,
  extraKey: template,
  extraValue: template,
  requestId: fc.option(template, { nil: undefined }),
  depth: fc.nat({ max: 300 }),
  escapeAll: fc.boolean(),
})
/** What {@link answerArbitrary} generates. */
export interface Answer {
  readonly status: number
  readonly style: 'fastaar' | 'paystar' | 'generic' | 'text'
  readonly message: Template
  readonly code: Template
  readonly field: Template
  readonly issue: Template
  readonly extraKey: Template
  readonly extraValue: Template
  readonly requestId: Template | undefined
  readonly depth: number
  readonly escapeAll: boolean
}

/** Where an echo sits: between two characters that the key does not contain, so no occurrence spans it. */
function separator(key: string): string {
  return ['~', '#', '%', '&', '@', '!', '='].find((char) => !key.includes(char)) ?? '\u0001'
}

/** `template` written out: each echo as `echo` between separators, filler without the characters of `key`. */
export function fill(
  template: Template,
  echo: string,
  key: string,
  allowed = (_char: string) => true,
): string {
  const sep = separator(key)
  return template
    .map((piece) =>
      'echo' in piece
        ? `${sep}${echo}${sep}`
        : [...piece.text]
            .filter((char) => !key.includes(char) && !PLACEHOLDER.includes(char) && allowed(char))
            .join(''),
    )
    .join('')
}

/** Characters a header value can carry. */
export const latin1 = (char: string) => char <= '\xff'

/** The answer's body in its style, with `echo` in every echo slot (the filler free of `key`'s characters). */
export function body(answer: Answer, echo: string, key: string): string {
  const s = (t: Template) => fill(t, echo, key)
  let nested: unknown = { [s(answer.extraKey)]: s(answer.extraValue) }
  for (let level = 0; level < answer.depth; level++) nested = level % 2 === 0 ? { n: nested } : [nested]
  if (answer.style === 'text') return `<html><body>${s(answer.message)} ${s(answer.code)}</body></html>`
  const value =
    answer.style === 'fastaar'
      ? {
          error: { type: s(answer.code), message: s(answer.message) },
          errors: { [s(answer.field)]: [s(answer.issue)] },
          details: nested,
        }
      : answer.style === 'paystar'
        ? {
            hasErrors: true,
            errors: [{ field: s(answer.field), message: s(answer.issue) }, s(answer.message)],
            details: nested,
          }
        : { message: s(answer.message), code: s(answer.code), details: nested }
  const json = JSON.stringify(value)
  // Some providers escape every character of a string (`\u0061`): the echo must be found decoded.
  return answer.escapeAll
    ? json.replace(/"(?:[^"\\]|\\.)*"/g, (literal) => escapeAll(JSON.parse(literal)))
    : json
}

/** A JSON string literal with every UTF-16 code unit written as `\uXXXX`. */
function escapeAll(text: string): string {
  let literal = '"'
  for (let index = 0; index < text.length; index++) {
    literal += `\\u${text.charCodeAt(index).toString(16).padStart(4, '0')}`
  }
  return `${literal}"`
}

// A header value must be a ByteString without control characters, and loses surrounding spaces.
/** Whether `key` can travel in a header as it is. */
export function headerSafe(key: string): boolean {
  return /^[\x20-\x7e\xa0-\xff]*$/.test(key) && key.trim() === key
}
