import { describe, expect, it } from 'vitest'
import { ALL_OPERATIONS, FAILOVER_OPERATIONS, OPERATIONS, operationRow } from './operations.js'

describe('the operation registry', () => {
  it('has one row per operation, each where its name says it sits', () => {
    expect(new Set(ALL_OPERATIONS).size).toBe(OPERATIONS.length)
    expect(OPERATIONS).toHaveLength(22)
    for (const row of OPERATIONS) expect(row.path.join('.')).toBe(row.operation)
  })

  it('fails over sessions.create only: FAILOVER_OPERATIONS is read from it', () => {
    expect([...FAILOVER_OPERATIONS]).toEqual(['sessions.create'])
    expect(OPERATIONS.filter((row) => row.failover).map((row) => row.operation)).toEqual(['sessions.create'])
  })

  it('turns into refs the ids that name another object of the same gateway, and no others', () => {
    const refs = Object.fromEntries(
      OPERATIONS.filter((row) => row.resultRefs.length > 0).map((row) => [
        row.operation,
        [...row.resultRefs],
      ]),
    )
    const payment = ['customerId', 'paymentMethodId']
    expect(refs).toEqual({
      'sessions.create': ['paymentId'],
      'sessions.retrieve': ['paymentId'],
      'payments.retrieve': payment,
      'payments.list': payment,
      'payments.charge': payment,
      'payments.refund': payment,
      'payments.listRefunds': ['paymentId'],
      'payments.waitFor': payment,
      'paymentMethods.attach': ['customerId'],
      'paymentMethods.list': ['customerId'],
      'catalog.prices.create': ['productId'],
      'catalog.prices.list': ['productId'],
      'webhooks.verify': ['paymentId', 'customerId', 'paymentMethodId'],
    })
  })

  it('dispatches payments.charge by its customer, with the saved method on the same gateway', () => {
    expect(operationRow('payments.charge').dispatch).toEqual({
      by: 'field',
      field: 'customerId',
      sameGateway: ['paymentMethodId'],
      why: 'a saved method can only be charged where it was saved',
    })
    expect(operationRow('catalog.prices.list').dispatch).toEqual({
      by: 'field',
      field: 'productId',
      orRoute: true,
    })
  })

  it('refuses a name that is not an operation', () => {
    expect(() => operationRow('payments.capture' as never)).toThrow(/payments.capture is not an operation/)
  })
})
