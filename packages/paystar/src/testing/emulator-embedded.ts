// The browser half of the emulator: what the embedded pages tell the host
// page, and how. The given documents name only the loader's URL, the session
// link, the expired-session error and "JavaScript event data … are dollar
// strings" (supplement); every other name here is the emulator's own choice,
// configurable under `embedded`, and listed as a guess on the docs page.

import type { InitiateKind } from './emulator-rules.js'
import type { EmulatedPaymentSource, EmulatedSession } from './emulator-store.js'
import { centsToDollars } from './emulator-webhooks.js'

/** The names of the events the embedded pages post and the loader reports. */
export interface PaystarEmbeddedEventNames {
  /** A session frame finished loading. @default 'FRAME.LOADED' */
  readonly frameLoaded: string
  /** A payment session was shown, with its amounts. @default 'PAYMENT-SESSION.LOADED' */
  readonly sessionLoaded: string
  /** A payment was attempted: `status` `'Succeeded'` or `'Failed'`. @default 'PAYMENT-SESSION.PROCESSED' */
  readonly sessionProcessed: string
  /** The buyer closed the frame (X, ESC or a click outside). No data. @default 'COMPONENT.DISMISS' */
  readonly dismiss: string
  /** The frame shows an error (an expired or unknown session). @default 'SESSION.ERROR' (the emulator's own name) */
  readonly error: string
  /** An AutoPay session was completed. @default 'AUTOPAY-SESSION.COMPLETED' */
  readonly autopayCompleted: string
  /** A wallet session was completed. @default 'WALLET-SESSION.COMPLETED' */
  readonly walletCompleted: string
  /** A paperless session was completed. @default 'PAPERLESS-SESSION.COMPLETED' */
  readonly paperlessCompleted: string
  /** A notifications session was completed. @default 'NOTIFICATIONS-SESSION.COMPLETED' */
  readonly notificationsCompleted: string
}

/** The defaults of {@link PaystarEmbeddedEventNames}. */
export const DEFAULT_EMBEDDED_EVENT_NAMES: PaystarEmbeddedEventNames = Object.freeze({
  frameLoaded: 'FRAME.LOADED',
  sessionLoaded: 'PAYMENT-SESSION.LOADED',
  sessionProcessed: 'PAYMENT-SESSION.PROCESSED',
  dismiss: 'COMPONENT.DISMISS',
  error: 'SESSION.ERROR',
  autopayCompleted: 'AUTOPAY-SESSION.COMPLETED',
  walletCompleted: 'WALLET-SESSION.COMPLETED',
  paperlessCompleted: 'PAPERLESS-SESSION.COMPLETED',
  notificationsCompleted: 'NOTIFICATIONS-SESSION.COMPLETED',
})

/** How the emulator's loader and embedded pages behave (`createPaystarEmulator({ embedded })`). */
export interface PaystarEmbeddedOptions {
  /** The global the loader installs on `window`. @default 'Paystar' */
  readonly globalName?: string
  /** Event names, each replaceable on its own. @default DEFAULT_EMBEDDED_EVENT_NAMES */
  readonly eventNames?: Partial<PaystarEmbeddedEventNames>
  /**
   * How amounts are written in event data: dollar strings (`"300.34"`), as the
   * supplement says, or JSON numbers (`300.34`), as Paystar's public pages show.
   * @default 'string'
   */
  readonly amountFormat?: 'string' | 'number'
  /**
   * After a payment inside a frame: `'none'` reports it to the host page only;
   * `'top'` also sends the host page to `SuccessUrl`; `'frame'` sends the frame
   * there. A session opened on its own (not in a frame) always goes to `SuccessUrl`.
   * @default 'none'
   */
  readonly redirect?: 'none' | 'top' | 'frame'
  /** Whether dismissing the frame ends the session (it can no longer be paid). @default false */
  readonly dismissEndsSession?: boolean
}

/** {@link PaystarEmbeddedOptions} with every default filled in. */
export interface ResolvedEmbeddedOptions {
  readonly globalName: string
  readonly eventNames: PaystarEmbeddedEventNames
  readonly amountFormat: 'string' | 'number'
  readonly redirect: 'none' | 'top' | 'frame'
  readonly dismissEndsSession: boolean
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

/** Fills in defaults; a global name that is not a JavaScript identifier is refused (it is written into the loader). */
export function resolveEmbedded(options: PaystarEmbeddedOptions = {}): ResolvedEmbeddedOptions {
  const globalName = options.globalName ?? 'Paystar'
  if (!IDENTIFIER.test(globalName)) {
    throw new TypeError(
      `embedded.globalName must be a JavaScript identifier, got ${JSON.stringify(globalName)}`,
    )
  }
  return {
    globalName,
    eventNames: { ...DEFAULT_EMBEDDED_EVENT_NAMES, ...options.eventNames },
    amountFormat: options.amountFormat ?? 'string',
    redirect: options.redirect ?? 'none',
    dismissEndsSession: options.dismissEndsSession ?? false,
  }
}

/** The event that ends a management session of `kind`. */
export function completedEvent(
  names: PaystarEmbeddedEventNames,
  kind: Exclude<InitiateKind, 'payment'>,
): string {
  return names[`${kind}Completed`]
}

/** One message from an embedded page to the host page (the emulator's own wire). */
export interface EmbeddedMessage {
  readonly event: string
  readonly data: unknown
  /** Set on the event that ends the flow: the loader calls `onComplete` with `data`. */
  readonly complete?: boolean
  /** With `redirect: 'top'`: where the loader sends the host page after `onComplete`. */
  readonly redirect?: string
}

/** An amount in cents as event data writes it. */
export function eventAmount(cents: number, format: 'string' | 'number'): string | number {
  const dollars = centsToDollars(cents)
  return format === 'string' ? dollars : Number(dollars)
}

/** What the payment page reports when it shows a session. */
export function sessionLoadedData(session: EmulatedSession, format: 'string' | 'number') {
  return {
    sessionIdentifier: session.id,
    status: session.status,
    channel: typeof session.request.Channel === 'string' ? session.request.Channel : undefined,
    subtotal: eventAmount(session.totalCents, format),
    lineItems: session.charges.map((charge) => ({
      description: charge.description,
      amount: eventAmount(charge.amountCents, format),
    })),
  }
}

/** The outcome of one payment attempt, as the page reports it. */
export interface ProcessedOutcome {
  readonly status: 'Succeeded' | 'Failed'
  readonly serviceFeeCents: number
  readonly source: EmulatedPaymentSource
  readonly referenceNumber?: string
}

/** What the payment page reports after a payment attempt. */
export function sessionProcessedData(
  session: EmulatedSession,
  outcome: ProcessedOutcome,
  format: 'string' | 'number',
) {
  return {
    ...sessionLoadedData(session, format),
    status: outcome.status,
    referenceNumber: outcome.referenceNumber,
    serviceFee: eventAmount(outcome.serviceFeeCents, format),
    total: eventAmount(session.totalCents + outcome.serviceFeeCents, format),
    paymentSource: {
      type: outcome.source.type,
      last4: outcome.source.last4,
      nickname: outcome.source.nickname,
    },
  }
}
