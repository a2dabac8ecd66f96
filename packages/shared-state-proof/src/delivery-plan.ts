/**
 * What the provider of the many-processes proof sends: for each order, its
 * payment's events in the order they happen, some of them delivered twice.
 * Pure and seeded, so a failing run can be replayed with the same seed.
 */

/** One event the provider emits, FastStar-shaped: its id is the deduplication key. */
export interface PlannedEvent {
  /** The event id (`evt_…`), the same in every delivery of the event. */
  readonly id: string
  /** FastStar's event name: `payment.succeeded`, `payment.failed` or `payment.refunded`. */
  readonly type: string
  /** The payment's status in `data.status`, which FastStar's mapping reads before the event name. */
  readonly status: 'pending' | 'processing' | 'succeeded' | 'failed' | 'refunded'
  /** Sent after the order's final status: a late redelivery from the provider's queue. */
  readonly late: boolean
  /** A second delivery of this event: at once to another instance, or after the first was answered. */
  readonly duplicate?: 'concurrent' | 'later'
}

/** One order and the events of its payment, in the order they are sent. */
export interface PlannedOrder {
  readonly index: number
  /** The order id: the session's `reference`, the payment's `client_reference_id`. */
  readonly reference: string
  /** Whether the buyer pays (the session is completed, a `succeeded` event is sent). */
  readonly paid: boolean
  /** Whether the buyer comes back to `successUrl`, so the app's confirmation path runs for it too. */
  readonly confirm: boolean
  readonly events: readonly PlannedEvent[]
}

/** The whole run. */
export interface DeliveryPlan {
  readonly orders: readonly PlannedOrder[]
  /** Deliveries to send: every event once, plus the duplicates. */
  readonly deliveries: number
  readonly duplicates: number
}

/** Options of {@link planDeliveries}. */
export interface PlanOptions {
  readonly orders: number
  /** Deliveries in all, duplicates included; at least 3 events per order must remain without them. */
  readonly deliveries: number
  readonly seed: number
  /** Keeps this run's order and event ids apart from another's on the same server. */
  readonly runId: string
  /** The share of deliveries that are duplicates. @default 0.2 */
  readonly duplicateShare?: number
}

/** Events before the final one, in the order a payment goes through them. */
const BEFORE = ['pending', 'processing'] as const

/**
 * Plans the deliveries: 3 orders in 4 are paid; half the orders, drawn at
 * random, get a confirmation; each order has pending, processing, then
 * succeeded (paid) or failed, then late events (a stale pending, or a
 * refund notice, which leaves the payment succeeded); a `duplicateShare`
 * of all deliveries are second copies of events drawn at random, half sent
 * concurrently to another instance and half after the first was answered.
 */
export function planDeliveries(options: PlanOptions): DeliveryPlan {
  const random = seededRandom(options.seed)
  const duplicates = Math.round(options.deliveries * (options.duplicateShare ?? 0.2))
  const distinct = options.deliveries - duplicates
  if (!Number.isSafeInteger(options.orders) || options.orders < 1 || distinct < 3 * options.orders)
    throw new RangeError(
      `planDeliveries: ${options.deliveries} deliveries leave ${distinct} events for ${options.orders} orders; each order needs at least 3`,
    )
  const confirming = new Set(shuffled(range(options.orders), random).slice(0, Math.floor(options.orders / 2)))
  const ids = range(distinct)
  const duplicated = new Map(
    shuffled(ids, random)
      .slice(0, duplicates)
      .map((id) => [id, random() < 0.5 ? ('concurrent' as const) : ('later' as const)]),
  )
  const orders: PlannedOrder[] = []
  let next = 0
  for (let index = 0; index < options.orders; index++) {
    const count = Math.floor(distinct / options.orders) + (index < distinct % options.orders ? 1 : 0)
    const paid = index % 4 !== 3
    const events = statusesOf(paid, count, index).map((status, seq): PlannedEvent => {
      const duplicate = duplicated.get(next++)
      const event = {
        id: `evt_${options.runId}_${index}_${seq}`,
        type: nativeType(status),
        status,
        late: seq > BEFORE.length,
      }
      return duplicate === undefined ? event : { ...event, duplicate }
    })
    const reference = `${options.runId}-order-${index}`
    orders.push({ index, reference, paid, confirm: confirming.has(index), events })
  }
  return { orders, deliveries: options.deliveries, duplicates }
}

function statusesOf(paid: boolean, count: number, index: number): PlannedEvent['status'][] {
  const statuses: PlannedEvent['status'][] = [...BEFORE, paid ? 'succeeded' : 'failed']
  for (let late = index; statuses.length < count; late++) {
    // Late events never move an order forward: a stale pending or processing, or a refund notice (still paid).
    statuses.push(late % 2 === 0 ? 'pending' : paid ? 'refunded' : 'processing')
  }
  return statuses
}

/** FastStar names its payment events by outcome; the in-between statuses ride in `data.status`. */
function nativeType(status: PlannedEvent['status']): string {
  if (status === 'failed') return 'payment.failed'
  if (status === 'refunded') return 'payment.refunded'
  return 'payment.succeeded'
}

/** mulberry32: a small seeded generator, enough to replay a run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index)
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items]
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1))
    ;[copy[index], copy[other]] = [copy[other] as T, copy[index] as T]
  }
  return copy
}
