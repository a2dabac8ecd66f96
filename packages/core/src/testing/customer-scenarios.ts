import { describe, expect, it } from 'vitest'
import { NotFoundError } from '../errors/index.js'
import type { Customer } from '../model/customer.js'
import type { AnyGateway, CreateCustomerInput } from '../model/gateway.js'
import { expectCustomer, rejectionOf, type ScenarioContext } from './conformance-helpers.js'

/**
 * Registers the customer scenarios, for gateways with `customers.*`: create
 * returns the record with the given contact fields, retrieve finds it (and
 * an unknown id is `NotFoundError`), list shows it. Creating needs the
 * `customer` option, a valid input for this gateway.
 */
export function registerCustomerScenarios<G extends AnyGateway>({
  options,
  lacks,
}: ScenarioContext<G>): void {
  const input = options.customer
  const noCreate = lacks('customers.create') || input === undefined
  const unknownId = options.unknownId ?? 'paymux_conformance_missing'

  async function create(gateway: G, customer: CreateCustomerInput): Promise<Customer> {
    const method = gateway.customers?.create
    if (method === undefined)
      throw new Error(`${gateway.id} declares customers.create but has no such method`)
    return method(customer)
  }

  describe('customers', () => {
    it.skipIf(noCreate)(
      'customers.create returns the customer with the contact fields it was given',
      async () => {
        const gateway = await options.gateway()
        expectCustomer(
          await create(gateway, input as CreateCustomerInput),
          gateway.id,
          input as CreateCustomerInput,
        )
      },
    )

    it.skipIf(noCreate || lacks('customers.retrieve'))(
      'customers.retrieve finds a created customer by id, with the same fields',
      async () => {
        const gateway = await options.gateway()
        const created = await create(gateway, input as CreateCustomerInput)
        const found = await gateway.customers?.retrieve?.(created.id)
        expectCustomer(found, gateway.id, input as CreateCustomerInput)
        expect(found?.id).toBe(created.id)
      },
    )

    it.skipIf(lacks('customers.retrieve'))(
      'customers.retrieve of an unknown id is NotFoundError',
      async () => {
        const gateway = await options.gateway()
        const error = await rejectionOf(gateway.customers?.retrieve?.(unknownId))
        expect(NotFoundError.isInstance(error)).toBe(true)
        expect((error as NotFoundError).provider).toBe(gateway.id)
      },
    )

    it.skipIf(noCreate || lacks('customers.list'))(
      'customers.list lists a created customer; limit 1 returns one',
      async () => {
        const gateway = await options.gateway()
        const created = await create(gateway, input as CreateCustomerInput)
        const page = await gateway.customers?.list?.()
        expect(typeof page?.hasMore).toBe('boolean')
        const listed = page?.data.find((customer) => customer.id === created.id)
        expectCustomer(listed, gateway.id, input as CreateCustomerInput)
        const one = await gateway.customers?.list?.({ limit: 1 })
        expect(one?.data).toHaveLength(1)
        for (const customer of one?.data ?? []) expect(customer.ref).toBe(`${gateway.id}:${customer.id}`)
      },
    )
  })
}
