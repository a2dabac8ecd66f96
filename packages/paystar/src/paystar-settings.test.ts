import { InvalidRequestError } from '@paymux/core'
import { describe, expect, it } from 'vitest'
import { createPaystar } from './paystar-gateway.js'
import { type PaystarSettings, resolvePaystarSettings } from './paystar-settings.js'

const valid: PaystarSettings = { apiKey: 'ps_key', businessUnitSlug: 'acme-utilities' }

function refused(settings: unknown): InvalidRequestError {
  try {
    createPaystar(settings as PaystarSettings)
  } catch (error) {
    if (InvalidRequestError.isInstance(error)) return error
    throw error
  }
  throw new Error('expected createPaystar to refuse these settings')
}

describe('settings', () => {
  it('defaults to the development environment and its loader', () => {
    const gateway = createPaystar(valid)
    expect(gateway.environment).toBe('development')
    expect(gateway.loaderUrl).toBe('https://dev.paystar.io/app/embedded.loader.js')
    expect(resolvePaystarSettings(valid)).toEqual({
      environment: 'development',
      loaderUrl: 'https://dev.paystar.io/app/embedded.loader.js',
      businessUnitSlug: 'acme-utilities',
      channel: 'QuickPay',
      currency: 'USD',
      sessionStatuses: { RequiresPaymentSource: 'open' },
      transport: { baseUrl: 'https://dev-gateway.paystar.io' },
    })
  })

  it('production uses the production host and loader', () => {
    expect(resolvePaystarSettings({ ...valid, environment: 'production' })).toMatchObject({
      transport: { baseUrl: 'https://secure.paystar.io' },
      loaderUrl: 'https://secure.paystar.io/app/embedded.loader.js',
    })
  })

  it('baseUrl and loaderUrl replace the environment’s in full', () => {
    const gateway = createPaystar({
      ...valid,
      baseUrl: 'http://127.0.0.1:9/x',
      loaderUrl: 'http://127.0.0.1:9/l.js',
    })
    expect(gateway.loaderUrl).toBe('http://127.0.0.1:9/l.js')
    expect(resolvePaystarSettings({ ...valid, baseUrl: 'http://127.0.0.1:9/x' }).transport.baseUrl).toBe(
      'http://127.0.0.1:9/x',
    )
  })

  it('a missing slug and key are refused at once, each named with how to fix it', () => {
    const error = refused({})
    expect(error.issues.map((issue) => issue.path)).toEqual(['apiKey', 'businessUnitSlug'])
    expect(error.message).toContain('your Paystar business unit slug, e.g. "acme-utilities"')
    expect(error.provider).toBe('paystar')
    expect(error.code).toBe('invalid_settings')
  })

  it('blank values, stray whitespace, unknown environments and non-cent currencies are refused', () => {
    const error = refused({
      apiKey: ' ps_key\n',
      businessUnitSlug: '  ',
      environment: 'sandbox',
      currency: 'JPY',
      channel: 'Web',
    })
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'apiKey',
      'environment',
      'businessUnitSlug',
      'channel',
      'currency',
    ])
    expect(error.message).not.toContain('ps_key')
  })

  it('an unknown key is refused with the closest known name, with the other problems', () => {
    const error = refused({ ...valid, bussinessUnitSlug: 'acme', timeoutMS: 5, environment: 'prod' })
    expect(error.issues).toEqual([
      { path: 'environment', message: "must be 'development' or 'production'" },
      { path: 'bussinessUnitSlug', message: 'unknown key; did you mean "businessUnitSlug"?' },
      { path: 'timeoutMS', message: 'unknown key; did you mean "timeoutMs"?' },
    ])
  })

  it('passes the transport settings through, and only those that are set', () => {
    const hooks = { onRequest: () => undefined }
    expect(resolvePaystarSettings({ ...valid, timeoutMs: 5000, maxRetries: 0, hooks }).transport).toEqual({
      baseUrl: 'https://dev-gateway.paystar.io',
      timeoutMs: 5000,
      maxRetries: 0,
      hooks,
    })
  })

  it('a bad baseUrl is refused by the transport', () => {
    expect(refused({ ...valid, baseUrl: 'ftp://x' }).issues.map((issue) => issue.path)).toEqual(['baseUrl'])
  })
})
