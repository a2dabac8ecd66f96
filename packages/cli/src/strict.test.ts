import type { ArgsDef } from 'citty'
import { describe, expect, it } from 'vitest'
import { paymux } from './cli.test-support.js'
import { checkRawArgs } from './strict.js'

const declared = {
  which: { type: 'positional', required: false },
  'port-base': { type: 'string' },
  json: { type: 'boolean' },
} as const satisfies ArgsDef

describe('checkRawArgs', () => {
  it.each([
    [['faststar', '--port-base', '5000', '--json']],
    [['--port-base=5000']],
    [['--no-json']],
    [['--json=false']],
    [['--help']],
    [['--', '-literal']],
  ])('accepts %j', (raw) => {
    expect(() => checkRawArgs(raw, declared, false)).not.toThrow()
  })

  it.each([
    [['--port-bse', '1'], 'Unknown option: --port-bse'],
    [['--portBase', '1'], 'Unknown option: --portBase'],
    [['-p', '1'], 'Unknown option: -p'],
    [['--port-base'], '--port-base needs a value'],
    [['--port-base', ''], '--port-base needs a value'],
    [['--port-base='], '--port-base needs a value'],
    [['--port-base', '--json'], '--port-base needs a value'],
    [['--json=yes'], '--json is a switch'],
    [['faststar', 'fastaar'], 'Unexpected argument: fastaar'],
    [['--', 'a', 'b'], 'Unexpected argument: b'],
  ])('refuses %j: %s', (raw, message) => {
    expect(() => checkRawArgs(raw, declared, false)).toThrow(message)
  })

  it('lets a parent command stop at its sub-command, but not pass an unknown option before it', () => {
    expect(() => checkRawArgs(['webhooks', '--anything'], {}, true)).not.toThrow()
    expect(() => checkRawArgs(['--verbose', 'webhooks'], {}, true)).toThrow('Unknown option: --verbose')
  })
})

describe('paymux refuses bad usage with exit 2, before doing anything', () => {
  it.each([
    [['emulate', '--port-bse', '1'], 'Unknown option: --port-bse'],
    [['emulate', 'faststar', 'extra'], 'Unexpected argument: extra'],
    [['emulate', 'stripe'], 'emulate takes one of faststar, fastaar, paystar, all, got "stripe"'],
    [['emulate', '--port-base', 'abc'], '--port-base must be a port number (0–65533), got "abc"'],
    [['emulate', '--port-base', '70000'], '--port-base must be a port number'],
    [['emulate', '--webhook-url', 'ftp://x'], '--webhook-url must be an http(s) URL'],
    [['emulate', '--host', ''], '--host needs a value'],
    [['--verbose', 'webhooks', 'list'], 'Unknown option: --verbose'],
    [['webhooks', 'list', '--provider', 'stripe'], '--provider must be one of faststar, fastaar, paystar'],
    [['webhooks', 'list', '--port-base', '0'], '--port-base must be a port number (1–65533)'],
    [['webhooks', 'list', 'extra'], 'Unexpected argument: extra'],
    [['webhooks', 'trigger'], 'Missing required positional argument: EVENT'],
    [['webhooks', 'trigger', 'payment.succeeded', '--data', '[1]'], '--data must be a JSON object'],
    [['webhooks', 'trigger', 'payment.succeeded', '--data', '{oops'], '--data must be a JSON object'],
    [['webhooks', 'trigger', 'payment.succeeded', '--data', ''], '--data needs a value'],
    [['webhooks', 'replay', 'evt_123'], 'A delivery id looks like faststar_4'],
    [['webhooks', 'replay', 'faststar_1', '--to', 'not a url'], '--to must be an http(s) URL'],
    [['webhooks', 'forward'], 'Missing required argument: --to'],
    [['webhooks', 'forward', '--to'], '--to needs a value'],
    [['webhooks', 'forward', '--to', ''], '--to needs a value'],
    [['webhooks', 'forward', '--to', 'ftp://x'], '--to must be an http(s) URL'],
    [['webhooks', 'frwd'], 'Unknown command frwd'],
    [['emulat'], 'Unknown command emulat'],
    [[], 'No command specified'],
  ])('paymux %j → %s', async (args, message) => {
    const result = await paymux(args)
    expect(result.code).toBe(2)
    expect(result.err).toContain(message)
    expect(result.out).toBe('')
  })

  it('reads PORT_BASE and refuses a bad one, naming it', async () => {
    const result = await paymux(['webhooks', 'list'], { PORT_BASE: '40x' })
    expect(result).toMatchObject({ code: 2, err: expect.stringContaining('PORT_BASE must be a port number') })
  })
})
