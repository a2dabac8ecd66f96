import { describe, expectTypeOf, it } from 'vitest'
import type * as z from 'zod/mini'
import type {
  ChargeInput,
  CreateCustomerInput,
  CreatePriceInput,
  CreateProductInput,
  CustomerInput,
  LineItemInput,
  ListPaymentsFilter,
  WaitForOptions,
} from '../model/gateway.js'
import type {
  chargeInputSchema,
  createCustomerInputSchema,
  createPriceInputSchema,
  createProductInputSchema,
  customerInputSchema,
  lineItemInputSchema,
  listPaymentsFilterSchema,
  waitForOptionsSchema,
} from './index.js'

describe('the neutral schemas and the model types agree', () => {
  // Compile-time: every model input is a schema input, and every parsed value is a model value.
  type Loose<T> = T extends object ? { readonly [K in keyof T]?: Loose<T[K]> | undefined } : T
  it('in both directions', () => {
    expectTypeOf<ChargeInput>().toExtend<z.input<typeof chargeInputSchema>>()
    expectTypeOf<z.output<typeof chargeInputSchema>>().toExtend<Loose<ChargeInput>>()
    expectTypeOf<ListPaymentsFilter>().toExtend<z.input<typeof listPaymentsFilterSchema>>()
    expectTypeOf<z.output<typeof listPaymentsFilterSchema>>().toExtend<Loose<ListPaymentsFilter>>()
    // The model's `until` is a readonly array, which zod's array input type is not: output only.
    expectTypeOf<z.output<typeof waitForOptionsSchema>>().toExtend<Loose<WaitForOptions>>()
    expectTypeOf<CreateProductInput>().toExtend<z.input<typeof createProductInputSchema>>()
    expectTypeOf<CreatePriceInput>().toExtend<z.input<typeof createPriceInputSchema>>()
    expectTypeOf<z.output<typeof createPriceInputSchema>>().toExtend<Loose<CreatePriceInput>>()
    expectTypeOf<LineItemInput>().toExtend<z.input<typeof lineItemInputSchema>>()
    expectTypeOf<CustomerInput>().toExtend<z.input<typeof customerInputSchema>>()
    expectTypeOf<CreateCustomerInput>().toExtend<z.input<typeof createCustomerInputSchema>>()
    expectTypeOf<z.output<typeof createCustomerInputSchema>>().toExtend<Loose<CreateCustomerInput>>()
    expectTypeOf<z.output<typeof customerInputSchema>>().toExtend<Loose<CustomerInput>>()
  })
})
