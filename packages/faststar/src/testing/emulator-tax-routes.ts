import { check, type EmulatorContext, EmulatorFailure, ok, readJson } from './emulator-context.js'
import { quoteTax } from './emulator-tax.js'
import { checkSignature } from './emulator-webhooks.js'

/** `POST /public/tax/calculate` with `{ amount, country }`. */
export async function calculateTax(request: Request) {
  const body = await readJson(request)
  const amount = check.integer(body, 'amount', 0, true) as number
  const country = check.string(body, 'country', true) as string
  if (!/^[A-Z]{2}$/.test(country))
    throw new EmulatorFailure(400, 'Invalid field: country must be an ISO country code')
  // Guess: the region field is not named in the documents; the emulator reads `region`.
  const region = check.string(body, 'region', false)
  return ok(quoteTax(amount, country, region), 'Tax calculated')
}

/**
 * `POST /public/verify-signature` with `{ provider_name, payload, signature }` → `{ valid }`.
 * Guess: `signature` is the whole `X-Webhook-Signature` value, checked with the
 * merchant's webhook secret; `provider_name` is required but not interpreted.
 */
export async function verifySignatureRoute(ctx: EmulatorContext, request: Request) {
  const body = await readJson(request)
  check.string(body, 'provider_name', true)
  const payload = body.payload
  if (typeof payload !== 'string') throw new EmulatorFailure(400, 'Missing required field: payload')
  const signature = check.string(body, 'signature', true) as string
  return ok({ valid: checkSignature(ctx.webhookSecret, payload, signature) })
}
