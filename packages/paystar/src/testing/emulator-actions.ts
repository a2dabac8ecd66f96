import { randomInt } from 'node:crypto'
import type { EmulatorClock } from '@paymux/core/emulator'
import type { ResolvedEmbeddedOptions } from './emulator-embedded.js'
import { PaystarEmulatorError } from './emulator-error.js'
import { TEST_CARD, walletOf } from './emulator-page.js'
import type { InitiateKind } from './emulator-rules.js'
import {
  accountKey,
  type EmulatedDecline,
  type EmulatedPayment,
  type EmulatedPaymentSource,
  type EmulatedSession,
  type EmulatorStore,
} from './emulator-store.js'
import { centsToDollars, groupThousands, type TemplateValues } from './emulator-webhooks.js'

/** What a buyer sets when completing a management session (the page's fields). */
export interface CompleteInput {
  /** Paperless sessions: enroll (true) or leave paperless billing. @default true */
  readonly paperless?: boolean
  /** Notifications sessions: the chosen channels. @default { email: true, sms: false } */
  readonly notifications?: { readonly email: boolean; readonly sms: boolean }
}

/** A payment method a buyer adds in a wallet session. */
export interface PaymentSourceInput {
  readonly type: 'CreditCard' | 'ACH'
  /** Four digits. */
  readonly last4: string
  readonly nickname?: string
}

/** What the actions need from the emulator. */
export interface ActionContext {
  readonly store: EmulatorStore
  readonly clock: EmulatorClock
  readonly embedded: ResolvedEmbeddedOptions
  readonly serviceFeeCents: number
  readonly defaultBusinessUnit: string
  /** Renders and records one delivery; its first attempt starts on its own (never awaited here). */
  emit(action: string, values: TemplateValues): void
}

/**
 * What a buyer (or the biller) can do to sessions and accounts. Each acts at
 * once and only enqueues its webhook, so a page's answer never waits on the
 * merchant's endpoint; the emulator's controls settle deliveries afterwards.
 */
export interface PaystarActions {
  /** An open session (of `kind`, unless `'any'`); expired, unknown, wrong kind or finished → PaystarEmulatorError. */
  openSession(id: string, kind: InitiateKind | 'any'): EmulatedSession
  pay(sessionId: string, input?: { readonly sourceId?: string }): EmulatedPayment
  decline(sessionId: string, input?: { readonly sourceId?: string }): EmulatedDecline
  complete(sessionId: string, input?: CompleteInput): void
  unenrollAutoPay(accountNumber: string, businessUnitSlug?: string): void
  dismiss(sessionId: string): void
  cancel(sessionId: string): void
  addPaymentSource(sessionId: string, input: PaymentSourceInput): EmulatedPaymentSource
  removePaymentSource(sessionId: string, sourceId: string): void
}

/** Builds the actions over the emulator's store. */
export function createActions(ctx: ActionContext): PaystarActions {
  const { store, clock } = ctx
  let sourceCount = 0

  function openSession(id: string, kind: InitiateKind | 'any'): EmulatedSession {
    const session = store.sessions.get(id)
    if (session === undefined) throw new PaystarEmulatorError(`No session ${id}.`, 404)
    if (clock.now() >= session.expiresAt) {
      throw new PaystarEmulatorError(
        'This session has expired. Please start again from the biller’s site.',
        410,
      )
    }
    if (kind !== 'any' && session.kind !== kind)
      throw new PaystarEmulatorError(`Session ${id} is not a ${kind} session.`, 409)
    if (session.status !== 'RequiresPaymentSource' && session.status !== 'Active') {
      throw new PaystarEmulatorError(`Session ${id} is ${session.status}.`, 409)
    }
    return session
  }

  function sourceFor(session: EmulatedSession, sourceId: string | undefined): EmulatedPaymentSource {
    if (sourceId === undefined || sourceId === TEST_CARD.id) return TEST_CARD
    const source = walletOf(store, session.userEmail).find((saved) => saved.id === sourceId)
    if (source === undefined)
      throw new PaystarEmulatorError(`No payment source ${sourceId} in this wallet.`, 400)
    return source
  }

  function pay(sessionId: string, input: { readonly sourceId?: string } = {}): EmulatedPayment {
    const session = openSession(sessionId, 'payment')
    const source = sourceFor(session, input.sourceId)
    session.status = 'Succeeded'
    const payment: EmulatedPayment = {
      referenceNumber: referenceNumber(),
      sessionId,
      amountCents: session.totalCents,
      serviceFeeCents: ctx.serviceFeeCents,
      clientReference: session.clientReference,
      paidAt: clock.now(),
      source,
    }
    store.payments.push(payment)
    const dollars = centsToDollars(payment.amountCents)
    ctx.emit('Payment.Succeeded', {
      sessionIdentifier: sessionId,
      status: 'Succeeded',
      referenceNumber: payment.referenceNumber,
      amount: dollars,
      amountFormatted: `$${groupThousands(dollars)}`,
      serviceFee: String(payment.serviceFeeCents),
      clientReference: payment.clientReference ?? '',
      accountNumber: session.accountNumber ?? '',
    })
    return payment
  }

  // Not a Paystar feature: a declined attempt charges nothing, sends no webhook (none is documented)
  // and leaves the session payable, as a buyer would try another card.
  function decline(sessionId: string, input: { readonly sourceId?: string } = {}): EmulatedDecline {
    const session = openSession(sessionId, 'payment')
    const declined: EmulatedDecline = {
      sessionId,
      at: clock.now(),
      source: sourceFor(session, input.sourceId),
    }
    store.declines.push(declined)
    return declined
  }

  function complete(sessionId: string, input: CompleteInput = {}): void {
    const session = openSession(sessionId, 'any')
    if (session.kind === 'payment')
      throw new PaystarEmulatorError('Payment sessions are paid, not completed.', 409)
    session.status = 'Completed'
    const account =
      session.accountNumber === undefined
        ? undefined
        : store.accounts.get(accountKey(session.businessUnitSlug, session.accountNumber))
    if (account !== undefined && session.kind === 'paperless') account.paperless = input.paperless ?? true
    const user =
      session.userEmail === undefined ? undefined : store.users.get(session.userEmail.toLowerCase())
    if (user !== undefined && session.kind === 'notifications')
      user.notifications = input.notifications ?? { email: true, sms: false }
    if (account !== undefined && session.kind === 'autopay') {
      account.autoPay = true
      ctx.emit('AutoPay.Enrolled', {
        sessionIdentifier: sessionId,
        status: 'Enrolled',
        accountNumber: account.AccountNumber,
      })
    }
  }

  function unenrollAutoPay(accountNumber: string, businessUnitSlug = ctx.defaultBusinessUnit): void {
    const account = store.accounts.get(accountKey(businessUnitSlug, accountNumber))
    if (account === undefined || !account.autoPay) {
      throw new PaystarEmulatorError(`Account ${accountNumber} is not enrolled in AutoPay.`, 409)
    }
    account.autoPay = false
    ctx.emit('AutoPay.Unenrolled', { status: 'Unenrolled', accountNumber })
  }

  function walletKey(sessionId: string): string {
    const session = openSession(sessionId, 'wallet')
    if (session.userEmail === undefined)
      throw new PaystarEmulatorError(`Session ${sessionId} has no ClientUser.`, 409)
    return session.userEmail.toLowerCase()
  }

  function addPaymentSource(sessionId: string, input: PaymentSourceInput): EmulatedPaymentSource {
    const key = walletKey(sessionId)
    if (input.type !== 'CreditCard' && input.type !== 'ACH')
      throw new PaystarEmulatorError("type must be 'CreditCard' or 'ACH'.", 400)
    if (!/^\d{4}$/.test(input.last4)) throw new PaystarEmulatorError('last4 must be four digits.', 400)
    if (input.nickname !== undefined && input.nickname.length > 40)
      throw new PaystarEmulatorError('nickname may have at most 40 characters.', 400)
    sourceCount++
    const source: EmulatedPaymentSource = {
      id: `ps_src_${sourceCount}`,
      type: input.type,
      last4: input.last4,
      nickname: input.nickname,
    }
    store.paymentSources.set(key, [...(store.paymentSources.get(key) ?? []), source])
    return source
  }

  function removePaymentSource(sessionId: string, sourceId: string): void {
    const key = walletKey(sessionId)
    const wallet = store.paymentSources.get(key) ?? []
    if (!wallet.some((source) => source.id === sourceId))
      throw new PaystarEmulatorError(`No payment source ${sourceId} in this wallet.`, 404)
    store.paymentSources.set(
      key,
      wallet.filter((source) => source.id !== sourceId),
    )
  }

  return {
    openSession,
    pay,
    decline,
    complete,
    unenrollAutoPay,
    dismiss(sessionId) {
      const session = openSession(sessionId, 'any')
      if (ctx.embedded.dismissEndsSession) session.status = 'Dismissed'
    },
    cancel(sessionId) {
      openSession(sessionId, 'any').status = 'Dismissed'
    },
    addPaymentSource,
    removePaymentSource,
  }
}

const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ'

// In the shape of the supplement's example, "NYDVNT-WSQPG".
function referenceNumber(): string {
  const pick = (count: number) =>
    Array.from({ length: count }, () => LETTERS[randomInt(LETTERS.length)]).join('')
  return `${pick(6)}-${pick(5)}`
}
