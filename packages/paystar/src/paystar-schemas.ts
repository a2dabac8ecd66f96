// Everything the gateway validates with zod, in one module that is imported
// only on first use (see load-paystar-schemas.ts): importing @paymux/paystar
// does not load zod.
import { paystarManagementSessionDataSchema, paystarPaymentSessionDataSchema } from './paystar-api.js'
import { paystarResponseHandler } from './paystar-envelope.js'

export { PAYSTAR_REQUEST_SCHEMAS } from './paystar-api.js'
export { accountManagementInputSchema, customerManagementInputSchema } from './paystar-manage-input.js'
export { paystarSessionInputSchema } from './paystar-session-input.js'

/** Checks the envelope and `data` of a payment session answer. */
export const paystarPaymentHandler = paystarResponseHandler(paystarPaymentSessionDataSchema)
/** Checks the envelope and `data` of a management session answer. */
export const paystarManagementHandler = paystarResponseHandler(paystarManagementSessionDataSchema)
