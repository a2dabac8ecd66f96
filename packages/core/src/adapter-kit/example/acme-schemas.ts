// The one module the Acme gateway loads lazily, on its first call, so that
// importing the gateway does not load zod: the schemas its endpoint table
// names, and the neutral input as Acme refines it.
import * as z from 'zod/mini'
import { createSessionInputSchema } from '../../schemas/index.js'
import { answerHandler, inputRule } from '../index.js'
import { acmeCreateSessionBody, acmePayment, acmeSession } from './acme-api.js'
import { ACME_CAPABILITIES } from './acme-gateway.js'

/** Request schemas, by the name the endpoint table gives them. */
export const requests = { createSession: acmeCreateSessionBody }

// Acme wraps every answer in `{ ok, data }`, and says `ok: false` on some 200s.
function envelope<Data extends z.ZodMiniType>(data: Data) {
  return answerHandler(z.looseObject({ ok: z.literal(true), data }), {
    saysFailed: (body) => (body.ok === false ? `"ok": false, ${JSON.stringify(body.error)}` : undefined),
    pick: (body) => (body as { data: z.output<Data> }).data,
  })
}

/** Answer handlers, by the name the endpoint table gives them. */
export const answers = { session: envelope(acmeSession), payment: envelope(acmePayment) }

/** `sessions.create`: core's neutral input, shaped by what Acme declares, and Acme's own rule. */
export const sessionInput = createSessionInputSchema({
  ...ACME_CAPABILITIES,
  provider: 'acme',
  name: 'Acme',
  maxReferenceLength: 64,
}).check(
  inputRule((input, report) => {
    if (input.successUrl === undefined) report(['successUrl'], 'is required by Acme')
  }),
)

/** A neutral session input as Acme accepts it. */
export type AcmeSessionInput = z.output<typeof sessionInput>
