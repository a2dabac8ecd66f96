import type { ProviderId, Ref } from './ref.js'

/**
 * A customer record at a gateway; it owns saved payment methods. Which
 * contact fields a record has depends on the gateway: FastStar's always has
 * an `email`, Fastaar's always a `name` and a `phone` (its `email` is optional).
 */
export interface Customer {
  readonly object: 'customer'
  readonly id: string
  readonly provider: ProviderId
  readonly ref: Ref
  readonly email?: string
  readonly name?: string
  /** A phone number, as the gateway stores it. */
  readonly phone?: string
  readonly raw: unknown
}
