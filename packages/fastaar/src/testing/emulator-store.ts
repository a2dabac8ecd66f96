import type { EmulatorClock } from '@paymux/core/emulator'
import { formatDhakaTime, formatTaka, newId } from './emulator-wire.js'

/** Payments expire 30 minutes after creation if no TrxID was submitted (documented). */
export const EXPIRY_MS = 30 * 60 * 1000

/** Where a refund was made: through the API, or by the merchant in the dashboard (the SDK's `'api' | 'panel'`). */
export type RefundSource = 'api' | 'panel'

/** A refund, as the emulator keeps it. */
export interface EmulatedRefund {
  /** Numeric, as the official SDK types it (`id: number`); the documents give no type. */
  readonly id: number
  readonly amountPoisha: number
  readonly source: RefundSource
  readonly createdAt: number
}

/** The merchant's fee on one payment, fixed when it is created. */
export interface EmulatedCharge {
  readonly poisha: number
  readonly type: 'percentage' | 'fixed' | null
  /** As written in `gateway_charge_value` (`"1.85"` percent or `"10.00"` taka), or `null`. */
  readonly value: string | null
  /** Whether the buyer pays it on top (`amount_due = amount + charge`) or the merchant bears it. */
  readonly paidBy: 'merchant' | 'customer'
}

/** A payment, as the emulator keeps it. */
export interface EmulatedPayment {
  readonly id: string
  /** The customer the payment is attached to (`customer_id`), if any. */
  readonly customerId?: number | undefined
  /** Where the emulator was reached when the payment was made: the origin of its `checkout_url`. */
  readonly origin: string
  readonly livemode: boolean
  readonly amountPoisha: number
  readonly invoice: string | undefined
  readonly metadata: Readonly<Record<string, string>>
  readonly successUrl: string | undefined
  readonly cancelUrl: string | undefined
  /** How the payment was made: `'api'` for every payment the API creates (a guess: values are undocumented). */
  readonly source: string
  readonly charge: EmulatedCharge
  readonly createdAt: number
  readonly expiresAt: number
  status: string
  refundedPoisha: number
  failureReason?: string
  verifiedAt?: number
  wallet?: string
  /** The SDK's `payment_method`; set to the wallet once a TrxID is submitted (a guess: its meaning is undocumented). */
  paymentMethod?: string
  trxId?: string
  senderNumber?: string
  readonly refunds: EmulatedRefund[]
}

/** What a state change tells whoever sends webhooks. */
export type EmulatedEvent = 'payment.completed' | 'payment.failed' | 'payment.expired' | 'payment.refunded'

/** The payment fields a create request carries. */
export interface NewPayment {
  readonly origin: string
  readonly livemode: boolean
  readonly amountPoisha: number
  readonly invoice: string | undefined
  readonly metadata: Readonly<Record<string, string>>
  readonly successUrl: string | undefined
  readonly cancelUrl: string | undefined
  readonly source: string
  readonly charge: EmulatedCharge
  /** The customer the payment is attached to (`customer_id`), if any. */
  readonly customerId?: number | undefined
}

// Statuses after which the same invoice may be used for a new payment (documented: failed, expired;
// cancelled is a guess, from an SDK comment).
const REUSABLE = new Set(['failed', 'expired', 'cancelled'])

/** The emulator's in-memory state and the lifecycle rules. */
export class EmulatorStore {
  readonly payments = new Map<string, EmulatedPayment>()
  private readonly usedTrxIds = new Map<string, string>()
  // Indexes, so that a long-running emulator (the soak bench) answers in constant time per request.
  private readonly pending = new Set<EmulatedPayment>()
  private readonly byInvoice = new Map<string, EmulatedPayment[]>()
  /** Oldest first by (createdAt, id); payments arrive in time order, so inserting is nearly always appending. */
  private readonly ordered: EmulatedPayment[] = []
  created = 0
  // Refund ids count up across every payment, like a database's auto-increment key.
  private refundIds = 0

  constructor(
    private readonly clock: EmulatorClock,
    private readonly emit: (event: EmulatedEvent, payment: EmulatedPayment) => void,
  ) {}

  /** The latest payment for `invoice` that still blocks a new one, if any. */
  activeForInvoice(invoice: string, livemode: boolean): EmulatedPayment | undefined {
    this.sweep()
    const payments = this.byInvoice.get(invoice) ?? []
    // Kept in creation order: the newest blocking one is the last.
    return payments.findLast((payment) => payment.livemode === livemode && !REUSABLE.has(payment.status))
  }

  create(fields: NewPayment): EmulatedPayment {
    const now = this.clock.now()
    const payment: EmulatedPayment = {
      ...fields,
      id: newId(now),
      createdAt: now,
      expiresAt: now + EXPIRY_MS,
      status: 'pending',
      refundedPoisha: 0,
      refunds: [],
    }
    this.payments.set(payment.id, payment)
    this.pending.add(payment)
    let at = this.ordered.length
    while (at > 0 && isNewer(this.ordered[at - 1] as EmulatedPayment, payment)) at--
    this.ordered.splice(at, 0, payment)
    if (payment.invoice !== undefined) {
      const forInvoice = this.byInvoice.get(payment.invoice)
      if (forInvoice === undefined) this.byInvoice.set(payment.invoice, [payment])
      else forInvoice.push(payment)
    }
    this.created++
    return payment
  }

  get(id: string, livemode?: boolean): EmulatedPayment | undefined {
    this.sweep()
    const payment = this.payments.get(id)
    return payment === undefined || (livemode !== undefined && payment.livemode !== livemode)
      ? undefined
      : payment
  }

  /** Every payment of one mode, newest first (the documented list order). */
  newestFirst(livemode: boolean): EmulatedPayment[] {
    const newest: EmulatedPayment[] = []
    for (let i = this.ordered.length - 1; i >= 0; i--) {
      const payment = this.ordered[i] as EmulatedPayment
      if (payment.livemode === livemode) newest.push(payment)
    }
    return newest
  }

  /** When the next pending payment expires (emulator clock), if any is pending. */
  nextExpiry(): number | undefined {
    for (const payment of this.pending) return payment.expiresAt
    return undefined
  }

  /** Expires pending payments whose 30 minutes are over, on the emulator's clock. */
  sweep(): void {
    const now = this.clock.now()
    // Every payment lives EXPIRY_MS from its creation, so the pending set (in creation order) is
    // also in expiry order: stop at the first that has time left.
    for (const payment of this.pending) {
      if (now < payment.expiresAt) break
      this.transition(payment, 'expired')
    }
  }

  /**
   * The buyer submits a TrxID: the payment waits for the wallet's SMS, or
   * fails at once with `duplicate_trx_id` when that TrxID already paid
   * another payment (when exactly Fastaar checks this is not documented).
   */
  submitTrxId(
    payment: EmulatedPayment,
    trxId: string,
    wallet: string,
    senderNumber: string | undefined,
  ): void {
    if (payment.status !== 'pending')
      throw new Error(`payment ${payment.id} is ${payment.status}, not pending`)
    payment.trxId = trxId
    payment.wallet = wallet
    payment.paymentMethod = wallet
    if (senderNumber !== undefined) payment.senderNumber = senderNumber
    const owner = this.usedTrxIds.get(trxId)
    if (owner !== undefined && owner !== payment.id) {
      payment.failureReason = 'duplicate_trx_id'
      this.transition(payment, 'failed')
      return
    }
    this.usedTrxIds.set(trxId, payment.id)
    this.transition(payment, 'awaiting_verification')
  }

  /** The wallet's SMS matched the TrxID: the payment completes. */
  matchSms(payment: EmulatedPayment): void {
    if (payment.status !== 'awaiting_verification') {
      throw new Error(`payment ${payment.id} is ${payment.status}, not awaiting_verification`)
    }
    payment.verifiedAt = this.clock.now()
    this.transition(payment, 'completed')
  }

  /** An admin rejects the submitted TrxID. */
  reject(payment: EmulatedPayment, reason: string): void {
    if (payment.status !== 'awaiting_verification' && payment.status !== 'pending') {
      throw new Error(`payment ${payment.id} is ${payment.status}: only an open payment can be rejected`)
    }
    payment.failureReason = reason
    this.transition(payment, 'failed')
  }

  /** Refunds `amountPoisha` (default: what is left); returns an error message instead when it cannot. */
  refund(
    payment: EmulatedPayment,
    amountPoisha: number | undefined,
    source: RefundSource = 'api',
  ): string | undefined {
    if (payment.status !== 'completed' && payment.status !== 'partially_refunded') {
      return `Only completed payments can be refunded; this one is ${payment.status}.`
    }
    const left = payment.amountPoisha - payment.refundedPoisha
    const amount = amountPoisha ?? left
    if (amount <= 0 || amount > left) {
      return `The refund amount must be more than 0 and at most ${formatTaka(left)}.`
    }
    const now = this.clock.now()
    payment.refunds.push({ id: ++this.refundIds, amountPoisha: amount, source, createdAt: now })
    payment.refundedPoisha += amount
    this.transition(
      payment,
      payment.refundedPoisha === payment.amountPoisha ? 'refunded' : 'partially_refunded',
    )
    return undefined
  }

  private transition(payment: EmulatedPayment, status: string): void {
    payment.status = status
    if (status !== 'pending') this.pending.delete(payment)
    const event = EVENTS[status]
    if (event !== undefined) this.emit(event, payment)
  }
}

const EVENTS: Readonly<Record<string, EmulatedEvent>> = {
  completed: 'payment.completed',
  failed: 'payment.failed',
  expired: 'payment.expired',
  refunded: 'payment.refunded',
  partially_refunded: 'payment.refunded',
}

/** A payment as Fastaar's API writes it. */
export function paymentJson(
  payment: EmulatedPayment,
  referenceField: 'invoice_id' | 'invoice_number',
): Record<string, unknown> {
  return {
    id: payment.id,
    object: 'payment',
    amount: formatTaka(payment.amountPoisha),
    currency: 'BDT',
    livemode: payment.livemode,
    status: payment.status,
    // Left out when unset: both SDK generations type the reference `?: string` or `string`, never null.
    ...(payment.invoice === undefined ? {} : { [referenceField]: payment.invoice }),
    metadata: payment.metadata,
    // Written only when set: the document shows them set, and the SDK types them `?: string` (never null).
    ...(payment.successUrl === undefined ? {} : { success_url: payment.successUrl }),
    ...(payment.cancelUrl === undefined ? {} : { cancel_url: payment.cancelUrl }),
    checkout_url: `${payment.origin}/pay/${payment.id}`,
    expires_at: formatDhakaTime(payment.expiresAt),
    created_at: formatDhakaTime(payment.createdAt),
    // Fields SUPPLEMENT lists from the official SDK's types; the SDK requires these keys on every payment.
    amount_due: formatTaka(
      payment.amountPoisha + (payment.charge.paidBy === 'customer' ? payment.charge.poisha : 0),
    ),
    refunded_amount: formatTaka(payment.refundedPoisha),
    gateway_charge: formatTaka(payment.charge.poisha),
    gateway_charge_type: payment.charge.type,
    // In the SDK's types only, not in SUPPLEMENT's list.
    gateway_charge_value: payment.charge.value,
    source: payment.source,
    // Optional in the SDK's types: written once they have a value.
    ...(payment.failureReason === undefined ? {} : { failure_reason: payment.failureReason }),
    ...(payment.wallet === undefined ? {} : { provider: payment.wallet }),
    ...(payment.paymentMethod === undefined ? {} : { payment_method: payment.paymentMethod }),
    ...(payment.customerId === undefined ? {} : { customer_id: payment.customerId }),
    ...(payment.trxId === undefined ? {} : { customer_trx_id: payment.trxId }),
    ...(payment.senderNumber === undefined ? {} : { customer_sender_number: payment.senderNumber }),
    ...(payment.verifiedAt === undefined ? {} : { verified_at: formatDhakaTime(payment.verifiedAt) }),
  }
}

function isNewer(a: EmulatedPayment, b: EmulatedPayment): boolean {
  return a.createdAt > b.createdAt || (a.createdAt === b.createdAt && a.id > b.id)
}
