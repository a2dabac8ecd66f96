import type { Money } from './money.js'
import type { ProviderId, Ref } from './ref.js'

/** A product in a gateway's catalog. */
export interface Product {
  readonly object: 'product'
  readonly id: string
  readonly provider: ProviderId
  readonly ref: Ref
  readonly name: string
  readonly description?: string
  readonly metadata?: Readonly<Record<string, string>>
  readonly raw: unknown
}

/** How often a recurring price bills. */
export interface Recurring {
  readonly interval: 'day' | 'week' | 'month' | 'year'
  /** @default 1 */
  readonly intervalCount?: number
  readonly trialPeriodDays?: number
}

/** A price for a product: one-time, or recurring for subscriptions. */
export interface Price {
  readonly object: 'price'
  readonly id: string
  readonly provider: ProviderId
  readonly ref: Ref
  readonly productId: string
  readonly unitAmount: Money
  readonly type: 'one_time' | 'recurring'
  readonly recurring?: Recurring
  readonly raw: unknown
}
