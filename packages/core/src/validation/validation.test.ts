import { describe, expect, it } from 'vitest'
import * as z from 'zod'
import { InvalidRequestError } from '../errors/index.js'
import { BAD_PATH_IDS as SHARED_BAD_PATH_IDS } from '../testing/bad-inputs.js'
import {
  checkPathId,
  checkWith,
  closestName,
  httpUrlProblem,
  knownKeysAt,
  parseInput,
  pathIdProblem,
  pathSegment,
  refuseMisspeltGatewayKeys,
  showKey,
  unknownKeyMessage,
} from './index.js'

const context = { provider: 'acme', operation: 'payments.retrieve' }

function refusal(fn: () => unknown): InvalidRequestError {
  try {
    fn()
  } catch (error) {
    if (InvalidRequestError.isInstance(error)) return error
    throw error
  }
  throw new Error('expected an InvalidRequestError')
}

/** Why each shared bad id is refused, by case name. */
const PATH_ID_REASONS: Readonly<Record<string, RegExp>> = {
  empty: /must not be empty or blank/,
  blank: /must not be empty or blank/,
  'the dot segment .': /dot segment/,
  'the dot segment ..': /dot segment/,
  'a slash': /"\/"/,
  'a climb out': /"\/"/,
  'a backslash': /"\\"/,
  'a query': /"\?"/,
  'a fragment': /"#"/,
  'a pre-encoded id': /"%"/,
  'a leading space': /leading or trailing whitespace/,
  'a trailing newline': /leading or trailing whitespace/,
  'an embedded newline': /control characters, found U\+000A/,
  'a NUL': /U\+0000/,
  'a DEL': /U\+007F/,
  'a C1 control': /U\+0085/,
  'a lone surrogate': /lone surrogate/,
  'a number': /must be an id string, got number/,
  undefined: /must be an id string, got undefined/,
}

/** Every id shape a path must never carry (the corpus every gateway runs), with the reason it is refused. */
const BAD_PATH_IDS = SHARED_BAD_PATH_IDS.map(([name, id]) => {
  const reason = PATH_ID_REASONS[name]
  // A new shared case must come with its reason here, or this file fails to load.
  if (reason === undefined) throw new Error(`no reason listed for the bad path id "${name}"`)
  return [name, id, reason] as const
})

describe('pathIdProblem / checkPathId / pathSegment', () => {
  it.each(BAD_PATH_IDS)('refuses %s, naming the field', (_name, id, reason) => {
    expect(pathIdProblem(id)).toMatch(reason)
    const error = refusal(() => pathSegment(id, 'paymentId', context))
    expect(error.issues).toEqual([{ path: 'paymentId', message: pathIdProblem(id) }])
    expect(error.message).toMatch(/^acme: invalid payments\.retrieve input: paymentId: /)
  })

  it.each([
    ['cus_123', 'cus_123'],
    ['01jxyz...', '01jxyz...'],
    ['...', '...'],
    ['a b', 'a%20b'],
    ['ref:1&2=3', 'ref%3A1%262%3D3'],
    ['paiement-é', 'paiement-%C3%A9'],
    ['emoji-😀', 'emoji-%F0%9F%98%80'],
  ])('passes %j and encodes it as %s', (id, segment) => {
    expect(checkPathId(id, 'id', context)).toBe(id)
    expect(pathSegment(id, 'id', context)).toBe(segment)
  })
})

describe('httpUrlProblem', () => {
  it.each([
    ['https://shop.example/thanks?order=1'],
    ['http://localhost:3000/cart'],
    ['https://shop.example/a%20b'],
  ])('passes %s', (url) => {
    expect(httpUrlProblem(url)).toBeUndefined()
  })

  it.each([
    [' https://shop.example/thanks', /leading or trailing whitespace/],
    ['https://shop.example/thanks ', /leading or trailing whitespace/],
    ['https://shop.example/thanks\n', /leading or trailing whitespace/],
    ['https://shop.exa\nmple/thanks', /control characters, found U\+000A/],
    ['https://shop.example/th\tanks', /U\+0009/],
    ['https://shop.example/\u0000', /U\+0000/],
    ['javascript:alert(1)', /absolute http\(s\) URL/],
    ['/thanks', /absolute http\(s\) URL/],
    [42, /absolute http\(s\) URL/],
  ])('refuses %j', (url, reason) => {
    expect(httpUrlProblem(url)).toMatch(reason)
  })

  it('reads the same as a zod check', () => {
    const schema = z.string().check(checkWith(httpUrlProblem))
    expect(schema.safeParse(' https://x.example').error?.issues[0]?.message).toBe(
      'must not have leading or trailing whitespace',
    )
  })
})

describe('closestName / unknownKeyMessage', () => {
  const keys = ['mode', 'lineItems', 'amount', 'successUrl', 'cancelUrl', 'reference', 'metadata']

  it.each([
    ['refrence', 'reference'],
    ['sucessUrl', 'successUrl'],
    ['success_url', 'successUrl'],
    ['lineitems', 'lineItems'],
    ['line_items', 'lineItems'],
    ['amuont', 'amount'],
    ['Mode', 'mode'],
    ['metdata', 'metadata'],
  ])('suggests %s → %s', (typo, known) => {
    expect(closestName(typo, keys)).toBe(known)
    expect(unknownKeyMessage(typo, keys)).toBe(`unknown key; did you mean "${known}"?`)
  })

  it.each(['invoice_id', 'foo', 'x'.repeat(100_000)])(
    'suggests nothing for %s, and lists the keys',
    (key) => {
      expect(closestName(key, keys)).toBeUndefined()
      expect(unknownKeyMessage(key, keys)).toBe(`unknown key; expected one of: ${keys.join(', ')}`)
    },
  )

  it('says when an object takes no keys at all', () => {
    expect(unknownKeyMessage('anything', [])).toBe('unknown key: this object takes no keys')
  })

  it('caps the allowed edits', () => {
    expect(closestName('fastpay', ['fastaar'])).toBe('fastaar')
    expect(closestName('fastpay', ['fastaar'], 1)).toBeUndefined()
  })

  it('shows a hostile key quoted and clipped, a plain one as it is', () => {
    expect(showKey('refrence')).toBe('refrence')
    expect(showKey('a\nb')).toBe('"a\\nb"')
    expect(showKey('k'.repeat(500))).toBe(JSON.stringify(`${'k'.repeat(64)}…`))
  })
})

describe('parseInput: unknown keys', () => {
  const schema = z
    .strictObject({
      reference: z.string().optional(),
      customer: z.strictObject({ email: z.string().optional() }).optional(),
      lineItems: z.array(z.strictObject({ quantity: z.number().optional() })).optional(),
      account: z.preprocess((value) => value ?? {}, z.strictObject({ accountNumber: z.string().optional() })),
      metadata: z.record(z.string(), z.string()).optional(),
    })
    .superRefine(() => {})

  function unknownKeys(input: unknown) {
    const error = refusal(() => parseInput(schema, input, { provider: 'acme', operation: 'sessions.create' }))
    return { issues: error.issues, message: error.message, code: error.code }
  }

  it('names a misspelt key at its own path and suggests the known one', () => {
    expect(unknownKeys({ refrence: 'order-42' })).toEqual({
      code: 'invalid_request',
      issues: [{ path: 'refrence', message: 'unknown key; did you mean "reference"?' }],
      message: 'acme: invalid sessions.create input: refrence: unknown key; did you mean "reference"?',
    })
  })

  it('does so in nested objects, array items and preprocessed objects', () => {
    const { issues } = unknownKeys({
      customer: { emial: 'a@b.example' },
      lineItems: [{}, { quantty: 2 }],
      account: { acountNumber: '1' },
    })
    expect(issues).toEqual([
      { path: 'customer.emial', message: 'unknown key; did you mean "email"?' },
      { path: 'lineItems.1.quantty', message: 'unknown key; did you mean "quantity"?' },
      { path: 'account.acountNumber', message: 'unknown key; did you mean "accountNumber"?' },
    ])
  })

  it('keeps metadata free-form', () => {
    expect(parseInput(schema, { metadata: { refrence: 'x' } }, context)).toEqual({
      account: {},
      metadata: { refrence: 'x' },
    })
  })

  it('reports at most ten unknown keys of one object, and counts the rest', () => {
    const input = Object.fromEntries(Array.from({ length: 5000 }, (_, index) => [`k${index}`, 1]))
    const { issues, message } = unknownKeys(input)
    expect(issues).toHaveLength(11)
    expect(issues.at(-1)).toEqual({ path: '(root)', message: '4990 more unknown keys' })
    expect(message.length).toBeLessThan(2000)
  })

  it('quotes a hostile key in the path instead of writing it raw', () => {
    const { issues } = unknownKeys({ 'ref\nerence': 1 })
    expect(issues[0]?.path).toBe('"ref\\nerence"')
  })
})

describe('knownKeysAt', () => {
  it('looks through optional, nullable, default, union, lazy and pipe', () => {
    const item = z.strictObject({ a: z.string() })
    const schema = z.object({
      list: z.array(item.nullable().optional()).default([]),
      either: z.union([z.strictObject({ b: z.string() }), z.strictObject({ c: z.string() })]),
      later: z.lazy(() => item),
    })
    expect(knownKeysAt(schema, [])).toEqual(['list', 'either', 'later'])
    expect(knownKeysAt(schema, ['list', 3])).toEqual(['a'])
    expect(knownKeysAt(schema, ['either'])).toEqual(['b', 'c'])
    expect(knownKeysAt(schema, ['later'])).toEqual(['a'])
    expect(knownKeysAt(schema, ['nowhere'])).toEqual([])
    expect(knownKeysAt('not a schema', [])).toEqual([])
  })
})

describe('refuseMisspeltGatewayKeys', () => {
  const options = z.looseObject({ faststar: z.strictObject({}).optional() }).check(refuseMisspeltGatewayKeys)

  it.each([
    ['fastsatr', 'faststar'],
    ['FastStar', 'faststar'],
    ['fastar', 'fastaar'],
    ['PayStar', 'paystar'],
  ])('refuses %s, suggesting %s', (key, id) => {
    const issues = options.safeParse({ [key]: {} }).error?.issues
    expect(issues?.map((issue) => [issue.path, issue.message])).toEqual([
      [[key], `unknown key; did you mean "${id}"?`],
    ])
  })

  it("lets the other gateways' options through, shipped or not", () => {
    expect(options.safeParse({ fastaar: { x: 1 }, paystar: {}, fastpay: {}, acme: {} }).success).toBe(true)
  })
})
