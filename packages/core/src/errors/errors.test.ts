import { describe, expect, it } from 'vitest'
import {
  ActionRequiredError,
  AuthenticationError,
  createError,
  errorKindForStatus,
  InvalidRequestError,
  isPaymentError,
  NotFoundError,
  PaymentError,
  ProviderUnavailableError,
  RateLimitError,
  RequestAbortedError,
  UnexpectedResponseError,
  UnsupportedCapabilityError,
  WebhookVerificationError,
} from './index.js'

describe('createError', () => {
  it.each([
    [400, InvalidRequestError, false],
    [401, AuthenticationError, false],
    [402, ActionRequiredError, false],
    [403, AuthenticationError, false],
    [404, NotFoundError, false],
    [408, ProviderUnavailableError, true],
    [409, InvalidRequestError, false],
    [422, InvalidRequestError, false],
    [429, RateLimitError, true],
    [500, ProviderUnavailableError, true],
    [502, ProviderUnavailableError, true],
    [503, ProviderUnavailableError, true],
    [302, UnexpectedResponseError, false],
  ])('maps HTTP %i to %o (retryable: %s)', (status, errorClass, retryable) => {
    const error = createError({ provider: 'fastaar', httpStatus: status, message: 'nope', code: 'some_type' })
    expect(errorClass.isInstance(error)).toBe(true)
    expect(error).toBeInstanceOf(errorClass)
    expect(error.retryable).toBe(retryable)
    expect(error.httpStatus).toBe(status)
    expect(error.code).toBe('some_type')
    expect(error.provider).toBe('fastaar')
  })

  it('lets the native error type override the status', () => {
    const error = createError({
      provider: 'fastaar',
      httpStatus: 402,
      kind: 'authentication',
      code: 'subscription_required',
    })
    expect(AuthenticationError.isInstance(error)).toBe(true)
    expect(ActionRequiredError.isInstance(error)).toBe(false)
  })

  it('writes a message with provider, native text, status and code', () => {
    const error = createError({
      provider: 'fastaar',
      httpStatus: 409,
      code: 'duplicate_invoice_number',
      message: 'Invoice in use',
    })
    expect(error.message).toBe('fastaar: Invoice in use (HTTP 409, duplicate_invoice_number)')
  })

  it('keeps the request id, native body, field issues and retry hint', () => {
    const invalid = createError({
      provider: 'fastaar',
      httpStatus: 422,
      requestId: 'req_9',
      raw: { errors: { amount: ['too small'] } },
      issues: [{ path: 'amount', message: 'too small' }],
    }) as InvalidRequestError
    expect(invalid.requestId).toBe('req_9')
    expect(invalid.raw).toEqual({ errors: { amount: ['too small'] } })
    expect(invalid.issues).toEqual([{ path: 'amount', message: 'too small' }])
    const limited = createError({
      provider: 'fastaar',
      httpStatus: 429,
      retryAfterMs: 2000,
    }) as RateLimitError
    expect(limited.retryAfterMs).toBe(2000)
  })

  it('treats a 5xx as possibly acted on', () => {
    const error = createError({ provider: 'faststar', httpStatus: 500 }) as ProviderUnavailableError
    expect(error.outcome).toBe('unknown')
  })

  it('errorKindForStatus covers the ranges', () => {
    expect(errorKindForStatus(418)).toBe('invalid_request')
    expect(errorKindForStatus(599)).toBe('provider_unavailable')
    expect(errorKindForStatus(204)).toBe('unexpected_response')
  })
})

describe('markers', () => {
  const all = [
    new InvalidRequestError({ provider: 'p', message: 'm' }),
    new AuthenticationError({ provider: 'p', message: 'm' }),
    new NotFoundError({ provider: 'p', message: 'm' }),
    new ActionRequiredError({ provider: 'p', message: 'm' }),
    new RateLimitError({ provider: 'p', message: 'm' }),
    new ProviderUnavailableError({ provider: 'p', message: 'm', outcome: 'unknown' }),
    new UnexpectedResponseError({ provider: 'p', message: 'm' }),
    new UnsupportedCapabilityError({ provider: 'p', capability: 'payments.refund' }),
    new WebhookVerificationError({ provider: 'p', reason: 'signature_mismatch', message: 'm' }),
    new RequestAbortedError({ provider: 'p', outcome: 'not_sent' }),
  ]

  it('every class is a PaymentError and matches only its own guard', () => {
    const guards = all.map((error) => error.constructor as unknown as { isInstance(e: unknown): boolean })
    for (const [i, error] of all.entries()) {
      expect(isPaymentError(error)).toBe(true)
      expect(PaymentError.isInstance(error)).toBe(true)
      guards.forEach((guard, j) => {
        expect(guard.isInstance(error)).toBe(i === j)
      })
    }
  })

  it('recognises an error from another copy of the package by its Symbol.for marker', () => {
    // What a second copy of @paymux/core would throw: a different class, the same global symbols.
    const foreign = Object.assign(new Error('from another copy'), {
      [Symbol.for('paymux.error')]: true,
      [Symbol.for('paymux.error.NotFoundError')]: true,
    })
    expect(isPaymentError(foreign)).toBe(true)
    expect(NotFoundError.isInstance(foreign)).toBe(true)
    expect(AuthenticationError.isInstance(foreign)).toBe(false)
  })

  it('rejects look-alikes', () => {
    expect(isPaymentError(new Error('plain'))).toBe(false)
    expect(isPaymentError({ name: 'PaymentError', provider: 'x' })).toBe(false)
    expect(isPaymentError(null)).toBe(false)
    expect(isPaymentError('PaymentError')).toBe(false)
  })

  it('names itself and serialises its fields', () => {
    const error = new UnsupportedCapabilityError({ provider: 'paystar', capability: 'payments.refund' })
    expect(error.name).toBe('UnsupportedCapabilityError')
    expect(error.message).toBe('The paystar gateway does not support payments.refund.')
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'UnsupportedCapabilityError',
      message: 'The paystar gateway does not support payments.refund.',
      provider: 'paystar',
      code: 'unsupported_capability',
      retryable: false,
      capability: 'payments.refund',
    })
  })
})
