// zod schemas for gateway packages' input validation. A subpath of their own, so that importing
// '@paymux/core' for money, errors or the transport does not load zod.
export { currencySchema, moneySchema, signedMoneySchema } from '../money/money-schema.js'
