import { InvalidRequestError, type StateStore, StoreUnavailableError } from '@paymux/core'
import { describe, expect, it } from 'vitest'
import type { IoRedisCommandClient, NodeRedisCommandClient } from './redis-client.js'
import {
  acquireLeaseScript,
  compareAndSetScript,
  incrementScript,
  releaseLeaseScript,
  renewLeaseScript,
} from './redis-scripts.js'
import { createRedisStore } from './redis-store.js'

// No server here: fake clients that record each command and answer what a test gives them.

type Answer = unknown | ((command: string[]) => unknown)

/** An ioredis-shaped fake: `call(command, ...args)`. */
function ioFake(...answers: Answer[]): IoRedisCommandClient & { sent: string[][] } {
  const sent: string[][] = []
  return {
    sent,
    async call(command, ...args) {
      sent.push([command, ...args])
      const answer = answers.length > 1 ? answers.shift() : answers[0]
      if (answer instanceof Error) throw answer
      return typeof answer === 'function' ? answer([command, ...args]) : answer
    },
  }
}

/** A node-redis-shaped fake: `sendCommand([command, ...args])`. */
function nodeFake(answer: unknown): NodeRedisCommandClient & { sent: string[][] } {
  const sent: string[][] = []
  return {
    sent,
    async sendCommand(args) {
      sent.push([...args])
      return answer
    },
  }
}

/** The StoreUnavailableError `promise` rejects with; an answer, or another error, fails the test. */
async function rejection(promise: Promise<unknown>): Promise<StoreUnavailableError> {
  const error = await promise.then(
    (answer) => new Error(`answered ${String(answer)}`),
    (error: unknown) => error,
  )
  if (!StoreUnavailableError.isInstance(error)) throw error
  return error
}

const evalsha = (sha: string, key: string, ...args: string[]) => ['EVALSHA', sha, '1', key, ...args]

describe('createRedisStore: the commands it sends', () => {
  const cases: [string, (store: StateStore) => Promise<unknown>, unknown, string[]][] = [
    ['claim', (s) => s.claim('k', 1_500), 'OK', ['SET', 'paymux:k', '1', 'NX', 'PX', '1500']],
    ['release', (s) => s.release('k'), 1, ['DEL', 'paymux:k']],
    ['get', (s) => s.get('k'), ['v', '3'], ['HMGET', 'paymux:k', 'v', 'n']],
    [
      'compareAndSet',
      (s) => s.compareAndSet('k', 2, 'value', 900),
      3,
      evalsha(compareAndSetScript.sha, 'paymux:k', '2', 'value', '900'),
    ],
    ['increment', (s) => s.increment('k', 700), 1, evalsha(incrementScript.sha, 'paymux:k', '700')],
    [
      'acquireLease',
      (s) => s.acquireLease('k', 'me', 500),
      1,
      evalsha(acquireLeaseScript.sha, 'paymux:k', 'me', '500'),
    ],
    [
      'renewLease',
      (s) => s.renewLease('k', 'me', 500),
      1,
      evalsha(renewLeaseScript.sha, 'paymux:k', 'me', '500'),
    ],
    ['releaseLease', (s) => s.releaseLease('k', 'me'), 1, evalsha(releaseLeaseScript.sha, 'paymux:k', 'me')],
  ]

  it.each(cases)('%s: one command, the same through either client', async (_, call, answer, command) => {
    const io = ioFake(answer)
    const node = nodeFake(answer)
    await call(createRedisStore({ client: io }))
    await call(createRedisStore({ client: node }))
    expect(io.sent).toEqual([command])
    expect(node.sent).toEqual([command])
  })

  it('puts the prefix before every key', async () => {
    const io = ioFake('OK')
    await createRedisStore({ client: io, prefix: 'shop-a/' }).claim('k', 10)
    await createRedisStore({ client: io, prefix: '' }).claim('k', 10)
    expect(io.sent.map((command) => command[1])).toEqual(['shop-a/k', 'k'])
  })

  it('uses call when a client has both call and sendCommand (ioredis has both)', async () => {
    const calls: string[] = []
    const client = {
      call: async () => {
        calls.push('call')
        return 'OK'
      },
      sendCommand: async () => {
        calls.push('sendCommand')
        return 'OK'
      },
    }
    await createRedisStore({ client }).claim('k', 10)
    expect(calls).toEqual(['call'])
  })

  it('sends the script itself (EVAL) when the server answers NOSCRIPT, and only then', async () => {
    const io = ioFake(new Error('NOSCRIPT No matching script. Please use EVAL.'), 4, 5)
    const store = createRedisStore({ client: io })
    expect(await store.increment('k', 700)).toBe(4)
    expect(await store.increment('k', 700)).toBe(5)
    expect(io.sent).toEqual([
      evalsha(incrementScript.sha, 'paymux:k', '700'),
      ['EVAL', incrementScript.source, '1', 'paymux:k', '700'],
      evalsha(incrementScript.sha, 'paymux:k', '700'),
    ])
  })

  it('each script is known to the server by the SHA1 it sends', async () => {
    const { createHash } = await import('node:crypto')
    for (const script of [
      compareAndSetScript,
      incrementScript,
      acquireLeaseScript,
      renewLeaseScript,
      releaseLeaseScript,
    ])
      expect(script.sha).toBe(createHash('sha1').update(script.source).digest('hex'))
  })
})

describe('createRedisStore: replies', () => {
  it('reads each reply shape into the contract answer', async () => {
    const store = (answer: unknown) => createRedisStore({ client: ioFake(answer) })
    expect(await store('OK').claim('k', 10)).toBe(true)
    expect(await store(null).claim('k', 10)).toBe(false)
    expect(await store(0).release('k')).toBeUndefined()
    expect(await store([null, null]).get('k')).toBeUndefined()
    expect(await store(['', '12']).get('k')).toEqual({ value: '', version: 12 })
    expect(await store(0).compareAndSet('k', 1, 'v', 10)).toBeUndefined()
    expect(await store(2).compareAndSet('k', 1, 'v', 10)).toBe(2)
    expect(await store(7).increment('k', 10)).toBe(7)
    for (const method of ['acquireLease', 'renewLease'] as const) {
      expect(await store(1)[method]('k', 'me', 10)).toBe(true)
      expect(await store(0)[method]('k', 'me', 10)).toBe(false)
    }
    expect(await store(1).releaseLease('k', 'me')).toBe(true)
    expect(await store(0).releaseLease('k', 'me')).toBe(false)
  })

  // Each of these would be a wrong answer if read loosely: "absent", "taken", "not the owner".
  const wrong: [string, (store: StateStore) => Promise<unknown>, unknown[]][] = [
    [
      'claim',
      (s) => s.claim('k', 10),
      [1, 0, true, false, '', 'QUEUED', undefined, Buffer.from('OK'), ['OK']],
    ],
    ['release', (s) => s.release('k'), [null, '1', 2, -1, undefined, true]],
    [
      'get',
      (s) => s.get('k'),
      [
        null,
        [],
        [null],
        ['v', null],
        [null, '1'],
        ['v', '0'],
        ['v', '-1'],
        ['v', '1.5'],
        ['v', 'x'],
        ['v', '99999999999999999'],
        ['v', 1],
        [Buffer.from('v'), '1'],
        ['v', '1', 'extra'],
        { v: 'v', n: '1' },
        'v',
        undefined,
      ],
    ],
    [
      'compareAndSet',
      (s) => s.compareAndSet('k', 0, 'v', 10),
      [null, -1, 1.5, '1', true, Number.NaN, 2 ** 60],
    ],
    ['increment', (s) => s.increment('k', 10), [null, 0, -3, '1', 1.5, Number.POSITIVE_INFINITY, undefined]],
    ['acquireLease', (s) => s.acquireLease('k', 'me', 10), [null, 2, -1, '1', true, false, 'OK']],
    ['renewLease', (s) => s.renewLease('k', 'me', 10), [null, 2, '0', true, false]],
    ['releaseLease', (s) => s.releaseLease('k', 'me'), [null, 2, '1', true, false, []]],
  ]

  it.each(wrong)(
    '%s: any other reply is StoreUnavailableError store_invalid_answer',
    async (operation, call, replies) => {
      for (const reply of replies) {
        const error = await call(createRedisStore({ client: ioFake(reply) })).then(
          (answer) => new Error(`answered ${String(answer)} for ${String(reply)}`),
          (error: unknown) => error,
        )
        expect(StoreUnavailableError.isInstance(error), String(error)).toBe(true)
        expect(error).toMatchObject({
          store: 'redis',
          operation,
          code: 'store_invalid_answer',
          retryable: true,
        })
      }
    },
  )

  it('says what came back without the application data in it', async () => {
    const secretValue = 'customer-4242-card-on-file'
    const error = await rejection(createRedisStore({ client: ioFake([secretValue, 'x']) }).get('k'))
    expect(error.message).toBe(
      'redis store: get got an answer it cannot read (an array of 2), where Redis answers strings, integers and nil',
    )
    expect(JSON.stringify(error)).not.toContain(secretValue)
    const text = await rejection(createRedisStore({ client: ioFake(secretValue) }).claim('k', 10))
    expect(text.message).toContain('(a string of 26 characters)')
  })
})

describe('createRedisStore: failures', () => {
  it('turns a client error into StoreUnavailableError naming the operation, name and code, and no URL', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6390'), { code: 'ECONNREFUSED' })
    const withUrl = new Error('could not reach redis://:hunter2@cache.internal:6379/0 (second line\nmore)')
    const thrown = [refused, withUrl, 'a string', new TypeError('x'.repeat(1_000))]
    const messages: string[] = []
    for (const failure of thrown) {
      const client = ioFake(
        failure instanceof Error
          ? failure
          : () => {
              throw failure
            },
      )
      const error = await rejection(createRedisStore({ client }).compareAndSet('k', 0, 'v', 10))
      expect(error).toMatchObject({ store: 'redis', operation: 'compareAndSet', code: 'store_unavailable' })
      expect(error.cause).toBeUndefined()
      messages.push(error.message)
    }
    expect(messages[0]).toBe(
      'redis store: compareAndSet failed: Error ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:6390',
    )
    expect(messages[1]).toBe('redis store: compareAndSet failed: Error: could not reach [url] (second line')
    expect(messages[2]).toBe('redis store: compareAndSet failed: a string')
    expect(messages[3]).toHaveLength('redis store: compareAndSet failed: TypeError: '.length + 301)
  })

  it('a client that throws before it returns a promise is a failure of the call, not a crash', async () => {
    const client = {
      sendCommand: (): Promise<unknown> => {
        throw new Error('The client is closed')
      },
    }
    await expect(createRedisStore({ client }).release('k')).rejects.toMatchObject({
      name: 'StoreUnavailableError',
      operation: 'release',
      message: 'redis store: release failed: Error: The client is closed',
    })
  })

  it('a failed EVAL after NOSCRIPT is the operation failing', async () => {
    const io = ioFake(
      new Error('NOSCRIPT No matching script.'),
      new Error("READONLY You can't write against a read only replica."),
    )
    await expect(createRedisStore({ client: io }).acquireLease('k', 'me', 10)).rejects.toMatchObject({
      operation: 'acquireLease',
      message:
        "redis store: acquireLease failed: Error: READONLY You can't write against a read only replica.",
    })
  })
})

describe('createRedisStore: bad input', () => {
  it.each([
    ['client', {}],
    ['client', { client: undefined }],
    ['client', { client: null }],
    ['client', { client: 'redis://localhost:6379' }],
    ['client', { client: { get: async () => null, set: async () => 'OK' } }],
    ['client', { client: { call: 'not a function' } }],
    ['prefix', { client: ioFake('OK'), prefix: 42 }],
    ['prefix', { client: ioFake('OK'), prefix: null }],
    ['prefix', { client: ioFake('OK'), prefix: 'p'.repeat(257) }],
    ['client', undefined],
  ])('refuses bad options, naming %s (%#)', (path, options) => {
    const error = (() => {
      try {
        createRedisStore(options as never)
      } catch (error) {
        return error
      }
    })()
    expect(InvalidRequestError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ code: 'invalid_settings', issues: [{ path }] })
    expect((error as Error).message).toMatch(
      new RegExp(`^paymux: invalid redis store options: ${path} must be`),
    )
  })

  it('names every bad option at once', () => {
    expect(() => createRedisStore({ client: {} as never, prefix: 1 as never })).toThrow(
      expect.objectContaining({
        issues: [expect.objectContaining({ path: 'client' }), expect.objectContaining({ path: 'prefix' })],
      }),
    )
  })

  const badCalls: [string, (store: StateStore) => Promise<unknown>][] = [
    ['ttlMs', (s) => s.claim('k', 0)],
    ['ttlMs', (s) => s.claim('k', -5)],
    ['ttlMs', (s) => s.claim('k', Number.NaN)],
    ['ttlMs', (s) => s.claim('k', 1.5)],
    ['ttlMs', (s) => s.claim('k', Number.POSITIVE_INFINITY)],
    ['ttlMs', (s) => s.compareAndSet('k', 0, 'v', 0)],
    ['windowMs', (s) => s.increment('k', 0)],
    ['windowMs', (s) => s.increment('k', 2 ** 53)],
    ['ttlMs', (s) => s.acquireLease('k', 'me', 0)],
    ['ttlMs', (s) => s.renewLease('k', 'me', -1)],
    ['expectedVersion', (s) => s.compareAndSet('k', -1, 'v', 10)],
    ['expectedVersion', (s) => s.compareAndSet('k', 0.5, 'v', 10)],
    ['expectedVersion', (s) => s.compareAndSet('k', Number.NaN, 'v', 10)],
    ['value', (s) => s.compareAndSet('k', 0, 42 as never, 10)],
    ['owner', (s) => s.acquireLease('k', undefined as never, 10)],
    ['owner', (s) => s.releaseLease('k', {} as never)],
    ['key', (s) => s.claim({} as never, 10)],
    ['key', (s) => s.get(7 as never)],
    ['key', (s) => s.release(undefined as never)],
    ['key', (s) => s.increment(null as never, 10)],
  ]

  it.each(badCalls)('refuses a bad %s before sending anything (%#)', async (path, call) => {
    const io = ioFake('OK')
    const error = await call(createRedisStore({ client: io })).catch((e: unknown) => e)
    expect(InvalidRequestError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ issues: [{ path }] })
    expect(io.sent).toEqual([])
  })
})
