import { describe, expect, it } from 'vitest'
import * as zc from 'zod'
import * as z from 'zod/mini'
import type { $ZodType } from 'zod/v4/core'
import { safeParseWithMessages, toFieldIssues } from './index.js'

// Importing classic zod installs its English locale for every zod schema in the process, zod/mini
// ones included. paymux's parse calls pass their own error map, which zod ranks above any locale,
// so the words stay the same whether or not the application loaded classic zod.

function messageOf(schema: $ZodType, value: unknown): string | undefined {
  const result = safeParseWithMessages(schema, value)
  return result.success ? undefined : toFieldIssues(result.issues)[0]?.message
}

describe('with classic zod loaded', () => {
  it('words classic zod issues as paymux does, not as its locale', () => {
    expect(zc.string().safeParse(42).error?.issues[0]?.message).toBe(
      'Invalid input: expected string, received number',
    )
    expect(messageOf(zc.string(), 42)).toBe('expected string, got number')
    expect(messageOf(zc.number().min(1), 0)).toBe('must be at least 1')
    expect(messageOf(zc.enum(['a', 'b']), 'c')).toBe('must be one of "a", "b"')
  })

  it('words zod/mini issues the same, although the locale is now loaded', () => {
    expect(z.number().check(z.gte(1)).safeParse(0).error?.issues[0]?.message).toBe(
      'Too small: expected number to be >=1',
    )
    expect(messageOf(z.number().check(z.gte(1)), 0)).toBe('must be at least 1')
    expect(messageOf(z.strictObject({ id: z.string() }), {})).toBe('is required: expected string')
  })
})
