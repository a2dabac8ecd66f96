// @paymux/fastaar/schemas: the zod schemas of Fastaar's wire shapes. A subpath
// of its own, so that importing @paymux/fastaar does not load zod.

export { fastaarCustomerSchema, fastaarPaymentSchema } from '../fastaar-api.js'
