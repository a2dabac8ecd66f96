// zod/mini schemas of Paystar's native bodies, PascalCase as the API reference writes them. A subpath
// of its own, so that importing '@paymux/paystar' does not load zod. The body schema of each endpoint
// is `requests[PAYSTAR_ENDPOINTS[name].body]`.
export {
  paystarAccountManagementRequestSchema,
  paystarCentsSchema,
  paystarChannelSchema,
  paystarChargeSchema,
  paystarClientAccountSchema,
  paystarClientUserSchema,
  paystarCustomerManagementRequestSchema,
  paystarEnvelopeSchema,
  paystarInitiatePaymentRequestSchema,
  paystarManagementSessionDataSchema,
  paystarPaymentPayloadSchema,
  paystarPaymentSessionDataSchema,
  paystarWebhookDeliverySchema,
} from '../paystar-api.js'
export { answers, requests } from '../paystar-schemas.js'
