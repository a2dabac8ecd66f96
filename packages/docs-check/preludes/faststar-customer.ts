// biome-ignore-all lint/correctness/noUnusedVariables: the block compiled after this prelude uses them
// A FastStar customer with a saved Visa card, on an in-process emulator: the
// ids a shop keeps from an earlier checkout.
import { createFastStar } from '@paymux/faststar'
import { createFastStarEmulator, FASTSTAR_EMULATOR_KEYS } from '@paymux/faststar/testing'

const emulator = createFastStarEmulator()
const faststar = createFastStar({ apiKey: FASTSTAR_EMULATOR_KEYS.mor, fetch: emulator.fetch })
const { id: customerId } = await faststar.customers.create({ email: 'buyer@example.com' })
const setup = await faststar.paymentMethods.createSetup(customerId)
emulator.completeSetupIntent(setup.setupIntentId) // the buyer saves a Visa card
const { id: paymentMethodId } = await faststar.paymentMethods.attach(customerId, {
  setupIntentId: setup.setupIntentId,
})
