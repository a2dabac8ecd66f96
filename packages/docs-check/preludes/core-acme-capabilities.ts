// docs/core.md, "How a gateway refines a neutral schema": what the Acme
// gateway declares (docs/contributing.md shows it whole) and a caller's input.
import type { GatewayCapabilities } from '@paymux/core'

declare const ACME_CAPABILITIES: Omit<GatewayCapabilities, 'operations'> & {
  readonly sessionModes: readonly ['payment']
  readonly presentations: readonly ['redirect']
  readonly currencies: readonly ['BDT']
}
declare const input: unknown
