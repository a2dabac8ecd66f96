import * as z from 'zod/mini'
import { httpUrlProblem, unsafeTextProblem } from '../validation/text-rules.js'
import { checkWith } from '../validation/zod-checks.js'

// The field rules every neutral input shares, written once (zod/mini). Each
// refuses rather than repairs: no trimming, no URL normalising, so what the
// provider stores is exactly what the caller wrote.

/** The longest `reference` a neutral input takes unless the gateway says less. */
export const DEFAULT_MAX_REFERENCE_LENGTH = 255

// A string type error names what was expected, not just "string".
const stringOf = (what: string) =>
  z.string({
    error: (issue) =>
      issue.input === undefined
        ? `is required: ${what}`
        : `must be ${what}, got ${issue.input === null ? 'null' : typeof issue.input}`,
  })

/** Text that is not blank and travels as written: no surrounding whitespace, no control characters. */
export function textSchema(what = 'text') {
  return stringOf(what).check(
    checkWith((value: string) =>
      value.trim() === '' ? 'must not be empty or blank' : unsafeTextProblem(value),
    ),
  )
}

/**
 * An id given as a field (`priceId`, `customerId`): a non-blank string
 * without surrounding whitespace or control characters. Ids that go into a
 * URL path are checked again, more strictly, where the path is built.
 */
export const idSchema = textSchema('an id string')

/**
 * Your own order id: non-blank, as written (no surrounding whitespace, no
 * control characters), at most `maxLength` characters.
 * @param maxLength @default {@link DEFAULT_MAX_REFERENCE_LENGTH}
 */
export function referenceSchema(maxLength: number = DEFAULT_MAX_REFERENCE_LENGTH) {
  return textSchema('your order id, a string').check(
    z.maxLength(maxLength, `must have at most ${maxLength} characters`),
  )
}

/**
 * An absolute `http:` or `https:` URL, refused (not repaired) when the URL
 * parser would change it: surrounding spaces, an embedded newline or tab.
 */
export const httpUrlSchema = z
  .string({ error: (issue) => httpUrlProblem(issue.input) })
  .check(checkWith(httpUrlProblem))

/** An upper-case ISO 3166-1 alpha-2 country code (`DE`, `BD`). */
export const countrySchema = stringOf('a country code such as "DE"').check(
  z.regex(/^[A-Z]{2}$/, 'must be an upper-case ISO 3166-1 alpha-2 code such as "DE"'),
)

/** An email address. */
export const emailSchema = z.email({
  error: (issue) =>
    issue.input === undefined
      ? 'is required: an email address'
      : typeof issue.input === 'string'
        ? 'must be an email address'
        : `must be an email address, got ${issue.input === null ? 'null' : typeof issue.input}`,
})

/** How many of a line item: a whole number, at least 1. */
export const quantitySchema = z.int('must be a whole number').check(z.gte(1, 'must be at least 1'))

/** A page size: a whole number, at least 1. */
export const limitSchema = z.int('must be a whole number').check(z.gte(1, 'must be at least 1'))

/** A `nextCursor` from an earlier page, passed back as it came. */
export const cursorSchema = textSchema('a nextCursor from an earlier page')

/**
 * Metadata: string keys (not empty) to string values, kept as given.
 * Gateways that store fewer entries or shorter values add their limits with a `.check`.
 */
export const metadataSchema = z
  .record(z.string(), z.string({ error: 'values must be strings' }))
  .check(
    checkWith((value: Readonly<Record<string, string>>) =>
      Object.hasOwn(value, '') ? 'keys must not be empty' : undefined,
    ),
  )
