// biome-ignore-all lint/correctness/noUnusedVariables: the block compiled after this prelude uses them
// A FastStar customer with a saved card whose bank demands 3-D Secure, and a
// catalog price to bring the buyer back on-session: built on an in-process
// emulator, as a shop would have them from earlier checkouts.
import type { Money } from '@paymux/core'
import { createFastStar } from '@paymux/faststar'
import { createFastStarEmulator, FASTSTAR_EMULATOR_KEYS, FASTSTAR_TEST_CARDS } from '@paymux/faststar/testing'

const emulator = createFastStarEmulator()
const faststar = createFastStar({ apiKey: FASTSTAR_EMULATOR_KEYS.mor, fetch: emulator.fetch })
const { id: customerId } = await faststar.customers.create({ email: 'buyer@example.com' })
const setup = await faststar.paymentMethods.createSetup(customerId)
emulator.completeSetupIntent(setup.setupIntentId, FASTSTAR_TEST_CARDS.requiresAuthentication)
const { id: paymentMethodId } = await faststar.paymentMethods.attach(customerId, {
  setupIntentId: setup.setupIntentId,
})
const product = await faststar.catalog.products.create({ name: 'Monthly box' })
const amount: Money = { amount: 1999, currency: 'USD' }
const { id: priceId } = await faststar.catalog.prices.create({ productId: product.id, unitAmount: amount })
const successUrl = 'https://shop.example/thanks'
const cancelUrl = 'https://shop.example/cart'
