// zod schemas of Paystar's native bodies, PascalCase as the API reference writes them. A subpath of
// its own, so that importing '@paymux/paystar' does not load zod.
export {
  PAYSTAR_REQUEST_SCHEMAS,
  paystarAccountManagementRequestSchema,
  paystarCentsSchema,
  paystarChannelSchema,
  paystarChargeSchema,
  paystarClientAccountSchema,
  paystarClientUserSchema,
  paystarCustomerManagementRequestSchema,
  paystarInitiatePaymentRequestSchema,
  paystarManagementSessionDataSchema,
  paystarPaymentSessionDataSchema,
} from '../paystar-api.js'
