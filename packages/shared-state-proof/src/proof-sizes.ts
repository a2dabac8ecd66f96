/** How big a proof run is. */
export interface ProofSizeSettings {
  /** Many processes: webhook deliveries (20 % duplicates) and orders. */
  readonly deliveries: number
  readonly orders: number
  /** Ledger: orders, each created by 3 processes at once. */
  readonly ledgerOrders: number
}

/** `full`: the size the issue asks for; `ci`: a tenth of it, for the test suite. */
export const PROOF_SIZES = {
  full: { deliveries: 10_000, orders: 2_000, ledgerOrders: 1_000 },
  ci: { deliveries: 1_000, orders: 200, ledgerOrders: 100 },
} as const satisfies Record<string, ProofSizeSettings>

export type ProofSize = keyof typeof PROOF_SIZES
