import type { ProviderId, Ref } from './ref.js'

/** A customer record at a gateway; it owns saved payment methods. */
export interface Customer {
  readonly object: 'customer'
  readonly id: string
  readonly provider: ProviderId
  readonly ref: Ref
  readonly email: string
  readonly name?: string
  readonly raw: unknown
}
