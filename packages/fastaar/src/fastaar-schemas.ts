// Every zod schema the gateway parses with, in the one module that is imported
// on first use (see load-fastaar-schemas.ts), so importing @paymux/fastaar does
// not load zod. Nothing in the gateway's static import graph may import zod.

export {
  fastaarEventEnvelopeSchema,
  fastaarPaymentEnvelopeSchema,
  fastaarPaymentListSchema,
  fastaarPaymentSchema,
  fastaarRefundListSchema,
} from './fastaar-api.js'
export {
  createSessionInputSchema,
  listFilterSchema,
  refundInputSchema,
  waitForOptionsSchema,
} from './fastaar-input.js'
