import { describe, expect, it } from 'vitest'
import * as z from 'zod/mini'
import type { $ZodType } from 'zod/v4/core'
import { InvalidRequestError } from '../errors/index.js'
import { issueMessage, parseInput, safeParseWithMessages, toFieldIssues } from './index.js'

// zod/mini loads no locale: without paymux's messages every issue would read "Invalid input".
// No classic zod in this file: importing it installs its English locale for every zod schema
// in the process (see issue-message.classic.test.ts).

function messageOf(schema: $ZodType, value: unknown): string | undefined {
  const result = safeParseWithMessages(schema, value)
  return result.success ? undefined : toFieldIssues(result.issues)[0]?.message
}

describe('issueMessage, through safeParseWithMessages', () => {
  it.each<[string, $ZodType, unknown, string]>([
    ['a wrong type', z.string(), 42, 'expected string, got number'],
    ['a missing value', z.string(), undefined, 'is required: expected string'],
    ['null', z.number(), null, 'expected number, got null'],
    ['an array for an object', z.object({}), [], 'expected object, got array'],
    ['a fraction for an integer', z.int(), 1.5, 'expected an integer, got 1.5'],
    ['NaN', z.number(), Number.NaN, 'expected number, got NaN'],
    ['a number below its minimum', z.number().check(z.gte(1)), 0, 'must be at least 1'],
    ['a number at an exclusive minimum', z.number().check(z.positive()), 0, 'must be more than 0'],
    ['a number above its maximum', z.number().check(z.lte(100)), 101, 'must be at most 100'],
    ['a number at an exclusive maximum', z.number().check(z.lt(5)), 5, 'must be less than 5'],
    ['a short string', z.string().check(z.minLength(3)), 'ab', 'must have at least 3 characters'],
    ['a long string', z.string().check(z.maxLength(2)), 'abc', 'must have at most 2 characters'],
    ['a string of the wrong length', z.string().check(z.length(4)), 'abc', 'must have exactly 4 characters'],
    ['a short array', z.array(z.string()).check(z.minLength(1)), [], 'must have at least 1 items'],
    ['a long array', z.array(z.string()).check(z.maxLength(1)), ['a', 'b'], 'must have at most 1 items'],
    [
      'a value not in an enum',
      z.enum(['embedded', 'redirect']),
      'popup',
      'must be one of "embedded", "redirect"',
    ],
    ['a value not a literal', z.literal('payment'), 'setup', 'must be "payment"'],
    ['a non-email', z.email(), 'not-an-email', 'must be an email address'],
    ['a non-URL', z.url(), 'nope', 'must be a URL'],
    [
      'a string missing its pattern',
      z.string().check(z.regex(/^[A-Z]{2}$/)),
      'de',
      'must match /^[A-Z]{2}$/',
    ],
    ['a string without its prefix', z.string().check(z.startsWith('ses_')), 'x', 'must start with "ses_"'],
    ['a number off its step', z.number().check(z.multipleOf(5)), 7, 'must be a multiple of 5'],
    ['an unknown key', z.strictObject({}), { a: 1 }, 'unknown key: "a"'],
    [
      'no union option',
      z.union([z.literal('terminal'), z.array(z.string())]),
      7,
      'must be "terminal", or expected array, got number',
    ],
    ['a refine without a message', z.string().check(z.refine(() => false)), 'x', 'is invalid'],
  ])('%s', (_name, schema, value, message) => {
    expect(messageOf(schema, value)).toBe(message)
  })

  it("keeps a schema's or a check's own message", () => {
    expect(messageOf(z.string('must be text'), 1)).toBe('must be text')
    expect(messageOf(z.string().check(z.minLength(1, 'must not be empty')), '')).toBe('must not be empty')
    expect(messageOf(z.string().check(z.refine(() => false, 'nope')), 'x')).toBe('nope')
  })
})

describe('toFieldIssues', () => {
  it("replaces zod/mini's bare fallback with paymux's message, and keeps any other", () => {
    const result = z
      .strictObject({ n: z.number().check(z.gte(1)), s: z.string('own') })
      .safeParse({ n: 0, s: 1 })
    expect(result.error?.issues.map((issue) => issue.message)).toEqual(['Invalid input', 'own'])
    expect(toFieldIssues(result.error?.issues ?? [])).toEqual([
      { path: 'n', message: 'must be at least 1' },
      { path: 's', message: 'own' },
    ])
  })

  it('still says what was expected when the issue no longer holds the input', () => {
    const issues = z.object({ id: z.string() }).safeParse({}).error?.issues ?? []
    expect(toFieldIssues(issues)).toEqual([{ path: 'id', message: 'expected string' }])
  })

  it('is the message a raw issue gets from issueMessage', () => {
    expect(issueMessage({ code: 'invalid_type', expected: 'string', input: 1, path: [] } as never)).toBe(
      'expected string, got number',
    )
    expect(issueMessage({ code: 'custom', input: 1, path: [] } as never)).toBe('is invalid')
  })
})

describe('parseInput with a zod/mini schema', () => {
  it('names each field with a specific message, and suggests a known key', () => {
    const schema = z.strictObject({
      limit: z.optional(z.int().check(z.gte(1))),
      status: z.optional(z.enum(['pending', 'succeeded'])),
      customer: z.optional(z.strictObject({ email: z.optional(z.string()) })),
    })
    let error: unknown
    try {
      parseInput(
        schema,
        { limit: 0, status: 'done', customer: { emial: 'a@b.example' } },
        {
          provider: 'acme',
          operation: 'payments.list',
        },
      )
    } catch (caught) {
      error = caught
    }
    expect(InvalidRequestError.isInstance(error)).toBe(true)
    expect((error as InvalidRequestError).issues).toEqual([
      { path: 'limit', message: 'must be at least 1' },
      { path: 'status', message: 'must be one of "pending", "succeeded"' },
      { path: 'customer.emial', message: 'unknown key; did you mean "email"?' },
    ])
    expect((error as InvalidRequestError).message).toBe(
      'acme: invalid payments.list input: limit: must be at least 1; status: must be one of "pending", "succeeded"; customer.emial: unknown key; did you mean "email"?',
    )
  })
})
