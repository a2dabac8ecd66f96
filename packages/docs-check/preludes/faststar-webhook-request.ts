// biome-ignore-all lint/correctness/noUnusedVariables: the block compiled after this prelude uses them
// Context of the package README's example: a price of the shop's FastStar
// catalog, and a webhook delivery as the endpoint receives it (its raw body and
// headers, signed with FASTSTAR_WEBHOOK_SECRET by an emulator).
import { createFastStar as createShopGateway } from '@paymux/faststar'
import { createFastStarEmulator } from '@paymux/faststar/testing'

const shop = createShopGateway({ apiKey: process.env.FASTSTAR_API_KEY ?? '' })
const { id: productId } = await shop.catalog.products.create({ name: 'T-shirt' })
const unitAmount = { amount: 1079, currency: 'USD' }
const { id: priceId } = await shop.catalog.prices.create({ productId, unitAmount })
const sender = createFastStarEmulator({ webhooks: { secret: process.env.FASTSTAR_WEBHOOK_SECRET ?? '' } })
const [delivery] = await sender.trigger('payment.succeeded')
if (delivery === undefined) throw new Error('the emulator made no delivery')
const { rawBody, headers } = delivery.request
