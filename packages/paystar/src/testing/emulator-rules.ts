// The emulator's reading of Paystar's request rules, written from the API
// reference and the supplement alone (it shares no code with the client).

/** A JSON object as the emulator reads it. */
export type JsonObject = Record<string, unknown>

/** Which initiate endpoint a request is for. */
export type InitiateKind = 'payment' | 'autopay' | 'wallet' | 'paperless' | 'notifications'

/** The documented path of each initiate endpoint. */
export const INITIATE_PATHS: Readonly<Record<string, InitiateKind>> = {
  '/integrations/embedded/initiate': 'payment',
  '/integrations/embedded/initiate-manage-autopay': 'autopay',
  '/integrations/embedded/initiate-manage-wallet': 'wallet',
  '/integrations/embedded/initiate-manage-paperless': 'paperless',
  '/integrations/embedded/initiate-manage-notifications': 'notifications',
}

const MAX_CHARGES = 25

/** The texts of every rule `body` breaks, for the `errors` array; empty when it is fine. */
export function initiateErrors(kind: InitiateKind, body: JsonObject): string[] {
  const errors: string[] = []
  if (!nonEmptyString(body.BusinessUnitSlug)) errors.push('BusinessUnitSlug is required.')
  if (kind === 'payment') errors.push(...paymentErrors(body))
  else errors.push(...managementErrors(kind, body))
  return errors
}

function paymentErrors(body: JsonObject): string[] {
  const errors: string[] = []
  if (body.Channel !== 'QuickPay' && body.Channel !== 'POS') {
    errors.push("Channel is required and must be 'QuickPay' or 'POS'.")
  }
  if (body.Channel === 'POS' && body.ClientUser !== undefined) {
    errors.push('ClientUser may not be set on a POS session.')
  }
  if (body.Channel === 'QuickPay' && body.PosUser !== undefined) {
    errors.push('PosUser may only be set on a POS session.')
  }
  if (body.PosUser !== undefined && !looksLikeEmail(body.PosUser))
    errors.push('PosUser must be an email address.')
  if (body.ClientUser !== undefined) errors.push(...userErrors(body.ClientUser, false))
  const charges = body.Charges
  if (!Array.isArray(charges) || charges.length === 0) {
    errors.push('Charges is required and must contain at least one charge.')
  } else {
    if (charges.length > MAX_CHARGES) errors.push(`Charges may contain at most ${MAX_CHARGES} charges.`)
    errors.push(...charges.flatMap((charge, index) => chargeErrors(charge, index)))
  }
  for (const field of ['SuccessUrl', 'ReturnUrl', 'ClientReference', 'PaymentDescriptor']) {
    if (body[field] !== undefined && typeof body[field] !== 'string')
      errors.push(`${field} must be a string.`)
  }
  return errors
}

function chargeErrors(charge: unknown, index: number): string[] {
  if (!isObject(charge)) return [`Charges[${index}] must be an object.`]
  const errors: string[] = []
  const amount = charge.Amount
  // Amounts are integer cents: 15000 is shown to the buyer as 150.00.
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) {
    errors.push(`Charges[${index}].Amount is required and must be a positive whole number of cents.`)
  }
  if (charge.Description !== undefined && typeof charge.Description !== 'string') {
    errors.push(`Charges[${index}].Description must be a string.`)
  }
  if (charge.ClientAccount !== undefined)
    errors.push(...accountErrors(charge.ClientAccount, `Charges[${index}].`))
  return errors
}

function managementErrors(kind: Exclude<InitiateKind, 'payment'>, body: JsonObject): string[] {
  const errors = userErrors(body.ClientUser, true)
  if (kind === 'autopay' || kind === 'paperless') {
    if (body.ClientAccount === undefined) errors.push('ClientAccount.AccountNumber is required.')
    else errors.push(...accountErrors(body.ClientAccount, ''))
    if (body.SyncAccount !== undefined && typeof body.SyncAccount !== 'boolean') {
      errors.push('SyncAccount must be true or false.')
    }
  }
  return errors
}

function userErrors(user: unknown, required: boolean): string[] {
  if (user === undefined) return required ? ['ClientUser.EmailAddress is required.'] : []
  if (!isObject(user)) return ['ClientUser must be an object.']
  // Guess: Paystar keys its users by email, so a ClientUser without one cannot be synced.
  if (!nonEmptyString(user.EmailAddress)) return ['ClientUser.EmailAddress is required.']
  return []
}

function accountErrors(account: unknown, prefix: string): string[] {
  if (!isObject(account)) return [`${prefix}ClientAccount must be an object.`]
  const errors: string[] = []
  if (!nonEmptyString(account.AccountNumber)) errors.push(`${prefix}ClientAccount.AccountNumber is required.`)
  const balance = account.Balance
  if (balance !== undefined && (typeof balance !== 'number' || !Number.isSafeInteger(balance))) {
    errors.push(`${prefix}ClientAccount.Balance must be a whole number of cents.`)
  }
  return errors
}

/**
 * True for a string shaped like an email address: something, one `@`,
 * something with a dot. The supplement says only "the agent's Paystar email";
 * Paystar's own check is not documented, so this is the loosest useful one.
 */
export function looksLikeEmail(value: unknown): value is string {
  return typeof value === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)
}

/** True for a plain JSON object. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** True for a string with something in it. */
export function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== ''
}
