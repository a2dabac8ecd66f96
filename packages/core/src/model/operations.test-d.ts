import { describe, expectTypeOf, it } from 'vitest'
import type {
  FacetOperation,
  Operation,
  OperationRowOf,
  OperationSpec,
  RoutedOperation,
} from './operations.js'

// Type-level tests of the operation registry, run by vitest's typecheck mode (tsc).

describe('the operation registry', () => {
  it('names the same 22 operations as before, and every facet method has its row', () => {
    expectTypeOf<Operation>().toEqualTypeOf<
      | 'sessions.create'
      | 'sessions.retrieve'
      | 'payments.retrieve'
      | 'payments.list'
      | 'payments.charge'
      | 'payments.refund'
      | 'payments.listRefunds'
      | 'payments.waitFor'
      | 'customers.create'
      | 'customers.retrieve'
      | 'customers.list'
      | 'paymentMethods.createSetup'
      | 'paymentMethods.attach'
      | 'paymentMethods.list'
      | 'paymentMethods.setDefault'
      | 'paymentMethods.detach'
      | 'catalog.products.create'
      | 'catalog.products.list'
      | 'catalog.prices.create'
      | 'catalog.prices.list'
      | 'tax.calculate'
      | 'webhooks.verify'
    >()
    expectTypeOf<Operation>().toEqualTypeOf<FacetOperation>()
  })

  it('routes exactly the calls no ref ties to a gateway', () => {
    expectTypeOf<RoutedOperation>().toEqualTypeOf<
      | 'sessions.create'
      | 'payments.list'
      | 'customers.create'
      | 'customers.list'
      | 'catalog.products.create'
      | 'catalog.products.list'
      | 'catalog.prices.list'
      | 'tax.calculate'
    >()
    expectTypeOf<OperationRowOf<'payments.charge'>['dispatch']['sameGateway']>().toEqualTypeOf<
      readonly ['paymentMethodId']
    >()
  })

  it('checks each row against the facet method it describes', () => {
    type Retrieve = OperationSpec<'payments.retrieve'>
    const row = {
      operation: 'payments.retrieve',
      path: ['payments', 'retrieve'],
      arity: 2,
      dispatch: { by: 'ref', name: 'ref' },
      failover: false,
      returns: 'object',
      resultRefs: ['customerId'],
    } as const satisfies Retrieve
    // @ts-expect-error a Payment has no productId to turn into a ref
    ;({ ...row, resultRefs: ['productId'] }) as const satisfies Retrieve
    // @ts-expect-error retrieve(id, options) takes two arguments, not three
    ;({ ...row, arity: 3 }) as const satisfies Retrieve
    // @ts-expect-error retrieve resolves to one Payment, not a page
    ;({ ...row, returns: 'page' }) as const satisfies Retrieve
    // @ts-expect-error the path must be where the method sits
    ;({ ...row, path: ['payments', 'get'] }) as const satisfies Retrieve
    // @ts-expect-error the owner's field must be an id field of the input (a string has none)
    ;({ ...row, dispatch: { by: 'field', field: 'customerId' } }) as const satisfies Retrieve
    type PriceCreate = OperationSpec<'catalog.prices.create'>
    const price = {
      operation: 'catalog.prices.create',
      path: ['catalog', 'prices', 'create'],
      arity: 2,
      dispatch: { by: 'field', field: 'productId' },
      failover: false,
      returns: 'object',
      resultRefs: ['productId'],
    } as const satisfies PriceCreate
    // @ts-expect-error the owner's field must be an id field of the input
    ;({ ...price, dispatch: { by: 'field', field: 'product' } }) as const satisfies PriceCreate
    expectTypeOf(price.dispatch.field).toEqualTypeOf<'productId'>()
  })
})
