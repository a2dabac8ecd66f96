// Acme Pay's wire format (zod/mini), in Acme's own field names: only the
// fields paymux reads, so Acme adding a field never breaks a caller.
import * as z from 'zod/mini'

/** The body of `POST /checkout/sessions`: the amount in minor units. */
export const acmeCreateSessionBody = z.strictObject({
  amount: z.int(),
  currency: z.string(),
  success_url: z.string(),
  reference: z.optional(z.string()),
})

/** A payment, made with its session. */
export const acmePayment = z.looseObject({
  id: z.string(),
  status: z.string(),
  amount: z.int(),
  currency: z.string(),
  reference: z.optional(z.string()),
})

/** A checkout session: the page where the buyer pays its payment. */
export const acmeSession = z.extend(acmePayment, { url: z.string(), payment_id: z.string() })

export type AcmeCreateSessionBody = z.infer<typeof acmeCreateSessionBody>
export type AcmePayment = z.infer<typeof acmePayment>
export type AcmeSession = z.infer<typeof acmeSession>
