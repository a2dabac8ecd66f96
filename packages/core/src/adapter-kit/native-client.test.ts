import { describe, expect, it } from 'vitest'
import { NotFoundError, ProviderUnavailableError } from '../errors/index.js'
import { createTransport } from '../http/transport.js'
import { invalidRequestOf, paymentErrorOf } from '../testing/bad-inputs.js'
import { defineEndpoints, goneMeansDone, renderRetryTable } from './endpoints.js'
import { lazy } from './lazy.js'
import { createNativeClient } from './native-client.js'

type Schemas = typeof import('./kit-test-schemas.test-support.js')

const endpoints = defineEndpoints<Schemas>()({
  createThing: {
    operation: 'sessions.create',
    method: 'POST',
    path: '/things',
    retry: { when: (body) => ((body as { ref?: string }).ref ? 'safe' : 'never'), describe: 'safe with ref' },
    reason: 'idempotent by ref only',
    body: 'createThing',
    answer: 'thing',
    afterLostAnswer: async (error, { args, client }) => {
      if (error.code !== 'duplicate') return error
      const ref = (args.body as { ref: string }).ref
      return { recovered: await client.retrieveThing?.({ params: { thingId: ref } }) }
    },
  },
  retrieveThing: {
    operation: 'sessions.retrieve',
    method: 'GET',
    path: '/things/:thingId',
    retry: 'safe',
    reason: 'a read',
    answer: 'thing',
  },
  listThings: {
    operation: 'payments.list',
    method: 'GET',
    path: '/things',
    retry: 'safe',
    reason: 'a read',
    query: 'listQuery',
    answer: 'things',
  },
  deleteThing: {
    operation: 'paymentMethods.detach',
    method: 'DELETE',
    path: '/things/:thingId',
    retry: 'safe',
    reason: 'gone is done',
    answer: 'nothing',
    afterLostAnswer: goneMeansDone,
  },
})

type Reply = [number, unknown] | 'reset'

function clientWith(replies: Reply[], options: { loads?: { count: number } } = {}) {
  const queue = [...replies]
  const calls: { url: string; method: string }[] = []
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init)
    calls.push({ url: request.url, method: request.method })
    const next = queue.shift() ?? [500, {}]
    if (next === 'reset')
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } })
    return new Response(JSON.stringify(next[1]), {
      status: next[0],
      headers: { 'content-type': 'application/json' },
    })
  }
  const transport = createTransport({
    provider: 'fastaar',
    baseUrl: 'https://api.example.test/v1',
    fetch,
    backoff: { initialDelayMs: 0 },
  })
  const schemas = lazy(async () => {
    if (options.loads) options.loads.count++
    return import('./kit-test-schemas.test-support.js')
  })
  return { client: createNativeClient({ transport, endpoints, schemas }), calls }
}

describe('createNativeClient', () => {
  it('fills, checks and encodes path ids, and accepts the gateway’s own ref', async () => {
    const { client, calls } = clientWith([
      [200, { ok: true, data: { id: 'a b' } }],
      [200, { ok: true, data: { id: 'x' } }],
    ])
    expect(await client.retrieveThing({ params: { thingId: 'a b' } })).toEqual({ id: 'a b' })
    await client.retrieveThing({ params: { thingId: 'fastaar:x' } })
    expect(calls.map((call) => call.url)).toEqual([
      'https://api.example.test/v1/things/a%20b',
      'https://api.example.test/v1/things/x',
    ])
  })

  it('refuses a foreign ref, a bad id and a misspelt argument before loading schemas or sending', async () => {
    const loads = { count: 0 }
    const { client, calls } = clientWith([], { loads })
    const foreign = await invalidRequestOf(client.retrieveThing({ params: { thingId: 'faststar:cus_1' } }))
    expect(foreign.issues).toEqual([
      { path: 'thingId', message: expect.stringContaining('is a faststar ref') },
    ])
    const dotted = await invalidRequestOf(client.retrieveThing({ params: { thingId: '..' } }))
    expect(dotted.issues[0]?.path).toBe('thingId')
    const misspelt = await invalidRequestOf(client.retrieveThing({ parms: { thingId: 'x' } } as never))
    expect(misspelt.issues[0]).toEqual({ path: 'parms', message: 'unknown key; did you mean "params"?' })
    const extraParam = await invalidRequestOf(
      client.retrieveThing({ params: { thingId: 'x', id: 'y' } } as never),
    )
    expect(extraParam.issues[0]?.path).toBe('params.id')
    expect(loads.count).toBe(0)
    expect(calls).toHaveLength(0)
  })

  it('validates the body and the query against the documented schema before sending', async () => {
    const { client, calls } = clientWith([])
    const body = await invalidRequestOf(client.createThing({ body: { name: 1 } as never }))
    expect(body.issues[0]?.path).toBe('name')
    const query = await invalidRequestOf(client.listThings({ query: { limt: 1 } as never }))
    expect(query.issues[0]?.path).toBe('limt')
    expect(calls).toHaveLength(0)
  })

  it('picks the retry policy from the validated body', async () => {
    const withRef = clientWith(['reset', [200, { ok: true, data: { id: 't1' } }]])
    expect(await withRef.client.createThing({ body: { name: 'n', ref: 'r1' } })).toEqual({ id: 't1' })
    expect(withRef.calls).toHaveLength(2)
    const withoutRef = clientWith(['reset', [200, { ok: true, data: { id: 't1' } }]])
    const error = await paymentErrorOf(withoutRef.client.createThing({ body: { name: 'n' } }))
    expect(ProviderUnavailableError.isInstance(error) && error.outcome).toBe('unknown')
    expect(withoutRef.calls).toHaveLength(1)
  })

  it('runs the recovery step only after a lost answer, and resolves with what it recovered', async () => {
    const duplicate = [409, { message: 'duplicate', code: 'duplicate' }] as Reply
    const lost = clientWith(['reset', duplicate, [200, { ok: true, data: { id: 'r1' } }]])
    expect(await lost.client.createThing({ body: { name: 'n', ref: 'r1' } })).toEqual({ id: 'r1' })
    expect(lost.calls.map((call) => call.method)).toEqual(['POST', 'POST', 'GET'])
    const answered = clientWith([duplicate])
    await paymentErrorOf(answered.client.createThing({ body: { name: 'n', ref: 'r1' } }))
    expect(answered.calls).toHaveLength(1)
  })

  it('a DELETE retried after a lost answer that finds nothing left is done', async () => {
    const { client } = clientWith(['reset', [404, { message: 'no such thing' }]])
    expect(await client.deleteThing({ params: { thingId: 't1' } })).toBeUndefined()
    const { client: answered } = clientWith([[404, { message: 'no such thing' }]])
    expect(
      NotFoundError.isInstance(await paymentErrorOf(answered.deleteThing({ params: { thingId: 't1' } }))),
    ).toBe(true)
  })

  it('refuses a 2xx that reports a failure, with an unknown outcome for a POST', async () => {
    const { client } = clientWith([[200, { ok: false, message: 'no' }]])
    const error = await paymentErrorOf(client.createThing({ body: { name: 'n' } }))
    expect(error).toMatchObject({ code: 'failure_in_success_response', outcome: 'unknown' })
    const { client: read } = clientWith([[200, { ok: true, data: {} }]])
    const mismatch = await paymentErrorOf(read.retrieveThing({ params: { thingId: 'x' } }))
    expect(mismatch).toMatchObject({ code: 'schema_mismatch', outcome: undefined })
  })
})

describe('the failure handler', () => {
  it('is handed the endpoint and the checked input: ids without the own-ref prefix, the validated body', async () => {
    const seen: unknown[] = []
    const transport = createTransport({
      provider: 'fastaar',
      baseUrl: 'https://api.example.test/v1',
      fetch: async () => new Response('{"message":"no"}', { status: 400 }),
      failureHandler: (response, call) => {
        seen.push(call)
        return new NotFoundError({ provider: response.provider, message: 'no' })
      },
    })
    const schemas = lazy(() => import('./kit-test-schemas.test-support.js'))
    const client = createNativeClient({ transport, endpoints, schemas })
    await paymentErrorOf(client.retrieveThing({ params: { thingId: 'fastaar:t 1' } }))
    await paymentErrorOf(client.createThing({ body: { name: 'n' } }))
    expect(seen).toEqual([
      { endpoint: 'retrieveThing', input: { params: { thingId: 't 1' }, body: undefined, query: undefined } },
      { endpoint: 'createThing', input: { params: undefined, body: { name: 'n' }, query: undefined } },
    ])
  })
})

describe('renderRetryTable', () => {
  it('is one row per endpoint, in the table’s order', () => {
    const lines = renderRetryTable(endpoints).split('\n')
    expect(lines).toHaveLength(2 + Object.keys(endpoints).length)
    expect(lines[2]).toBe(
      '| `POST /things` | sessions.create | safe with ref (recovers after a lost answer) | idempotent by ref only |',
    )
    expect(lines[5]).toContain('`DELETE /things/:thingId`')
  })
})

describe('lazy', () => {
  it('loads once, and again after a failed load', async () => {
    let count = 0
    const load = lazy(async () => {
      count++
      if (count === 1) throw new Error('offline')
      return count
    })
    await expect(load()).rejects.toThrow('offline')
    expect(await load()).toBe(2)
    expect(await load()).toBe(2)
    expect(count).toBe(2)
  })
})
