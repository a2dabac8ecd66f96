import type { $ZodIssue, $ZodRawIssue } from 'zod/v4/core'

// paymux's own wording for zod's issue codes. zod/mini loads no locale, so
// without this every issue would read "Invalid input"; and loading
// `z.locales.en` would cost more bytes than these few lines. Type imports only:
// this module never loads zod.

/** zod's message when neither the schema, the parse call nor a locale gave one. */
export const ZOD_FALLBACK_MESSAGE = 'Invalid input'

// What a size is counted in, by the issue's `origin`; a number or a date has no unit.
const UNITS: Readonly<Record<string, string>> = {
  string: 'characters',
  array: 'items',
  set: 'items',
  map: 'entries',
  file: 'bytes',
}

// How a string format is described: `must be an email address`.
const FORMATS: Readonly<Record<string, string>> = {
  email: 'an email address',
  url: 'a URL',
  uuid: 'a UUID',
  guid: 'a GUID',
  datetime: 'an ISO 8601 date-time',
  date: 'an ISO 8601 date',
  time: 'an ISO 8601 time',
  duration: 'an ISO 8601 duration',
  ipv4: 'an IPv4 address',
  ipv6: 'an IPv6 address',
  base64: 'base64 text',
  base64url: 'base64url text',
  e164: 'an E.164 phone number',
  currency_code: 'an ISO 4217 currency code',
  jwt: 'a JWT',
}

// The most issues a union message describes, so a hostile input cannot make it long.
const MAX_UNION_OPTIONS = 6

/** An issue as an error map sees it (raw, with `input`) or as a parse result holds it (final). */
export type AnyZodIssue = $ZodRawIssue | $ZodIssue

/**
 * paymux's message for one zod issue, short and specific, the same whatever
 * zod flavour (classic or mini) raised it: `expected string, got number`,
 * `must be at least 1`, `must have at most 64 characters`, `must be one of
 * "embedded", "redirect"`, `must be an email address`. A `custom` issue keeps
 * its own message. Pass it as a parse call's error map
 * (`schema.safeParse(value, { error: issueMessage })`) so the input is at hand
 * (`got number`); a final issue has no input, and the message says less.
 */
export function issueMessage(issue: AnyZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return typeMessage(issue.expected, 'input' in issue ? issue.input : NO_INPUT)
    case 'too_small':
      return boundMessage(issue.origin, issue.minimum, 'least', issue.inclusive, issue.exact)
    case 'too_big':
      return boundMessage(issue.origin, issue.maximum, 'most', issue.inclusive, issue.exact)
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${showValue(issue.values[0])}`
        : `must be one of ${issue.values.map(showValue).join(', ')}`
    case 'invalid_format':
      return formatMessage(issue)
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length === 1 ? '' : 's'}: ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}`
    case 'invalid_union':
      return unionMessage(issue.errors)
    case 'invalid_key':
      return `has an invalid key: ${nestedMessage(issue.issues)}`
    case 'invalid_element':
      return `has an invalid value: ${nestedMessage(issue.issues)}`
    default:
      // `custom`, and any code a later zod adds: the issue's own message, if it has one.
      return (issue as { message?: string }).message ?? 'is invalid'
  }
}

const NO_INPUT = Symbol('no input')

function typeMessage(expected: string, input: unknown): string {
  const wanted = expected === 'int' ? 'an integer' : expected
  if (input === NO_INPUT) return `expected ${wanted}`
  if (input === undefined) return `is required: expected ${wanted}`
  return `expected ${wanted}, got ${typeName(input)}`
}

/** What a value is, as a message names it: `number`, `array`, `null`, `NaN`, or a number itself. */
export function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') {
    // An integer expected and a fraction given: the value itself says more than "number".
    return Number.isInteger(value) ? 'number' : Number.isNaN(value) ? 'NaN' : String(value)
  }
  return typeof value
}

function boundMessage(
  origin: string,
  bound: number | bigint,
  side: 'least' | 'most',
  inclusive: boolean | undefined,
  exact: boolean | undefined,
): string {
  const unit = UNITS[origin]
  const limit = String(bound)
  if (unit !== undefined) {
    if (exact === true) return `must have exactly ${limit} ${unit}`
    // An exclusive size bound is rare; say it as the inclusive one it means.
    const counted = inclusive === false ? Number(bound) + (side === 'least' ? 1 : -1) : bound
    return `must have at ${side} ${String(counted)} ${unit}`
  }
  if (exact === true) return `must be exactly ${limit}`
  if (inclusive === false) return `must be ${side === 'least' ? 'more' : 'less'} than ${limit}`
  return `must be at ${side} ${limit}`
}

function formatMessage(issue: Extract<AnyZodIssue, { code: 'invalid_format' }>): string {
  const extra = issue as { prefix?: string; suffix?: string; includes?: string }
  switch (issue.format) {
    case 'regex':
      return `must match ${issue.pattern ?? 'the expected pattern'}`
    case 'starts_with':
      return `must start with ${JSON.stringify(extra.prefix)}`
    case 'ends_with':
      return `must end with ${JSON.stringify(extra.suffix)}`
    case 'includes':
      return `must include ${JSON.stringify(extra.includes)}`
    default:
      return `must be ${FORMATS[issue.format] ?? `a valid ${issue.format}`}`
  }
}

// Each option's own complaint about the value itself (an empty path), joined with "or":
// `'terminal' | status[]` given a number reads `must be "terminal" or expected array, got number`.
function unionMessage(errors: readonly (readonly $ZodIssue[])[]): string {
  const options = errors.slice(0, MAX_UNION_OPTIONS).map((issues) => {
    const own = issues.find((issue) => issue.path.length === 0)
    return own === undefined ? undefined : messageOf(own)
  })
  const described = [...new Set(options.filter((text) => text !== undefined))]
  if (described.length === 0 || described.length < options.length) return 'matches none of the accepted forms'
  return described.join(', or ')
}

function nestedMessage(issues: readonly $ZodIssue[]): string {
  const first = issues[0]
  return first === undefined ? 'is invalid' : messageOf(first)
}

/** A final issue's message, or paymux's own when zod had none but its fallback. */
export function messageOf(issue: $ZodIssue): string {
  return issue.message === ZOD_FALLBACK_MESSAGE || issue.message === '' ? issueMessage(issue) : issue.message
}

function showValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'bigint') return `${value}n`
  return String(value)
}
