import { ProviderUnavailableError, StoreUnavailableError } from '@paymux/core'
import { createFastaar } from '@paymux/fastaar'
import { createFastStar } from '@paymux/faststar'
import { FASTSTAR_EMULATOR_KEYS } from '@paymux/faststar/testing'

/** The two gateways of the ledger and breaker proofs, on served emulators. */
export interface EmulatorUrls {
  /** The FastStar emulator's API base URL: the gateway that fails. */
  readonly faststar: string
  /** The Fastaar emulator's API base URL: the gateway that stays up. */
  readonly fastaar: string
}

/** The API key every proof process sends to the Fastaar emulator. */
export const FASTAAR_PROOF_KEY = 'fk_test_shared_state_proof'

/**
 * FastStar (Direct merchant, so ad hoc amounts) and Fastaar on the served
 * emulators. FastStar makes no retry of its own (`maxRetries: 0`), so each
 * injected 503 reaches the router: its breaker and failover, the ledger's
 * pinning, and the caller.
 */
export function proofGateways(urls: EmulatorUrls) {
  return [
    createFastStar({
      apiKey: FASTSTAR_EMULATOR_KEYS.direct,
      merchantType: 'direct',
      baseUrl: urls.faststar,
      maxRetries: 0,
    }),
    createFastaar({ apiKey: FASTAAR_PROOF_KEY, baseUrl: urls.fastaar }),
  ] as const
}

/** A checkout both gateways take: taka, a redirect page, the order id as `reference` (or none). */
export function checkoutInput(amount: number, reference?: string) {
  return {
    amount: { amount, currency: 'BDT' },
    ...(reference === undefined ? {} : { reference }),
    successUrl: 'https://shop.example/checkout/success',
    cancelUrl: 'https://shop.example/cart',
    presentation: 'redirect',
  } as const
}

/** Whether an app would try a failed create again: the gateway or the store was unavailable, or the error says so. */
export function worthRetrying(error: unknown): boolean {
  // A 503 on a create has outcome 'unknown' (so `retryable: false`), but with a reference the ledger makes a retry safe.
  return (
    ProviderUnavailableError.isInstance(error) ||
    StoreUnavailableError.isInstance(error) ||
    (error as { retryable?: unknown } | null)?.retryable === true
  )
}
