import { InvalidRequestError, ProviderUnavailableError } from '@paymux/core'
import { describe, expect, it } from 'vitest'
import { paystarSaysFailed, readPaystarErrors, referenceRefusedAfterLostAnswer } from './paystar-errors.js'

describe('readPaystarErrors', () => {
  it('reads strings and the common object shapes verbatim, in order', () => {
    expect(
      readPaystarErrors([
        'Plain text.',
        { message: 'lower' },
        { ErrorMessage: 'Pascal', PropertyName: 'Charges[0].Amount' },
        { field: 'ClientUser.EmailAddress', description: 'Email required' },
        { code: 42 },
        '   ',
      ]),
    ).toEqual({
      messages: ['Plain text.', 'lower', 'Pascal', 'Email required', '{"code":42}'],
      issues: [
        { path: 'Charges[0].Amount', message: 'Pascal' },
        { path: 'ClientUser.EmailAddress', message: 'Email required' },
      ],
    })
  })

  it('reads nothing from what is not an array', () => {
    expect(readPaystarErrors(undefined)).toEqual({ messages: [], issues: [] })
    expect(readPaystarErrors('oops')).toEqual({ messages: [], issues: [] })
  })
})

describe('paystarSaysFailed: a 2xx body that reports a failure', () => {
  it('is a failure with hasErrors: true, or with a non-empty errors even beside hasErrors: false', () => {
    expect(paystarSaysFailed({ hasErrors: true, errors: ['A.', { message: 'B.' }] })).toBe('A.; B.')
    expect(paystarSaysFailed({ hasErrors: false, errors: ['Account is closed.'] })).toBe('Account is closed.')
    expect(paystarSaysFailed({ hasErrors: true })).toBe('hasErrors: true without an error text')
  })

  it('is no failure with hasErrors: false and no errors, nor without the flag (the schema names that)', () => {
    expect(paystarSaysFailed({ hasErrors: false, errors: [], data: {} })).toBeUndefined()
    expect(paystarSaysFailed({ data: {} })).toBeUndefined()
  })
})

describe('referenceRefusedAfterLostAnswer: the recovery step of initiatePayment', () => {
  const refusal = new InvalidRequestError({
    provider: 'paystar',
    message: 'ClientReference used',
    httpStatus: 400,
  })
  const step = (error: InvalidRequestError | ProviderUnavailableError, body: object) =>
    referenceRefusedAfterLostAnswer(error, { args: { body }, options: undefined, client: {} })

  it('reports a refused body with a ClientReference as a session that may exist, the refusal as its cause', () => {
    const recovered = step(refusal, { ClientReference: 'ORDER-7' })
    expect(ProviderUnavailableError.isInstance(recovered)).toBe(true)
    expect(recovered).toMatchObject({
      code: 'reference_refused_after_lost_answer',
      outcome: 'unknown',
      retryable: false,
      httpStatus: 400,
      cause: refusal,
    })
  })

  it('leaves a refusal without a reference, and any other error, as they are', () => {
    expect(step(refusal, {})).toBe(refusal)
    const unavailable = new ProviderUnavailableError({
      provider: 'paystar',
      message: 'down',
      outcome: 'unknown',
    })
    expect(step(unavailable, { ClientReference: 'ORDER-7' })).toBe(unavailable)
  })
})
