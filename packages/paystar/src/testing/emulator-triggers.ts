import type { PaystarActions } from './emulator-actions.js'
import type { PaystarApi } from './emulator-api.js'
import { PaystarEmulatorError } from './emulator-error.js'

/** The native events `emulator.trigger` can cause: the supplement's "actions seen". */
export const PAYSTAR_TRIGGERS: readonly string[] = Object.freeze([
  'Payment.Succeeded',
  'AutoPay.Enrolled',
  'AutoPay.Unenrolled',
])

/** What a trigger acts through: the same API and actions a buyer's requests reach. */
export interface TriggerContext {
  readonly api: PaystarApi
  readonly actions: PaystarActions
  readonly businessUnit: string
  /** Where made-up sessions' links point. */
  readonly linkOrigin: string
}

type Input = Readonly<Record<string, unknown>>

/**
 * Causes `event` the way a buyer would: `Payment.Succeeded` pays
 * `input.sessionId`, or a new session of `input.amount` cents (default 1079);
 * `AutoPay.Enrolled` enrolls `input.accountNumber` (synced first);
 * `AutoPay.Unenrolled` ends it, enrolling it first when it is not enrolled.
 * Bad input → TypeError naming the field.
 */
export function causeEvent(ctx: TriggerContext, event: string, input: Input): void {
  if (event === 'Payment.Succeeded') paySomething(ctx, input)
  else if (event === 'AutoPay.Enrolled') enroll(ctx, input)
  else if (event === 'AutoPay.Unenrolled') {
    const accountNumber = stringInput(input, 'accountNumber') ?? 'ACC-TRIGGER'
    try {
      ctx.actions.unenrollAutoPay(accountNumber, ctx.businessUnit)
    } catch (error) {
      // Not enrolled yet: enroll it first, as a buyer would have.
      if (!(error instanceof PaystarEmulatorError)) throw error
      enroll(ctx, { ...input, accountNumber })
      ctx.actions.unenrollAutoPay(accountNumber, ctx.businessUnit)
    }
  } else {
    throw new TypeError(
      `paystar emulator: cannot trigger ${JSON.stringify(event)}; one of ${PAYSTAR_TRIGGERS.join(', ')}`,
    )
  }
}

function paySomething(ctx: TriggerContext, input: Input): void {
  const sessionId = stringInput(input, 'sessionId')
  if (sessionId !== undefined) {
    ctx.actions.pay(sessionId)
    return
  }
  const amount = input.amount ?? 1079
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0)
    throw new TypeError('paystar emulator: trigger input amount must be a positive whole number of cents')
  const reference = stringInput(input, 'reference')
  const session = ctx.api.createSession(
    'payment',
    ctx.businessUnit,
    {
      BusinessUnitSlug: ctx.businessUnit,
      Channel: 'QuickPay',
      Charges: [{ Amount: amount, Description: stringInput(input, 'description') ?? 'Triggered payment' }],
      ...(reference === undefined ? {} : { ClientReference: reference }),
    },
    ctx.linkOrigin,
  )
  ctx.actions.pay(session.id)
}

function enroll(ctx: TriggerContext, input: Input): void {
  const accountNumber = stringInput(input, 'accountNumber') ?? 'ACC-TRIGGER'
  const email = stringInput(input, 'email') ?? 'john@example.com'
  const session = ctx.api.createSession(
    'autopay',
    ctx.businessUnit,
    {
      BusinessUnitSlug: ctx.businessUnit,
      SyncAccount: true,
      ClientAccount: { AccountNumber: accountNumber },
      ClientUser: { EmailAddress: email },
    },
    ctx.linkOrigin,
  )
  ctx.actions.complete(session.id)
}

function stringInput(input: Input, field: string): string | undefined {
  const value = input[field]
  if (value === undefined) return undefined
  if (typeof value !== 'string' || value.trim() === '')
    throw new TypeError(`paystar emulator: trigger input ${field} must be a non-empty string`)
  return value
}
