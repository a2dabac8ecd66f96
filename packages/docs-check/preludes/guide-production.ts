// Context of the fulfilment fragment of docs/guides/production.md: the shop's router (two gateways,
// a shared store), the session ref its confirmation page reads back, and its fulfilment code.
import type * as PaymuxCore from '@paymux/core'
import type * as PaymuxFastaar from '@paymux/fastaar'
import type * as PaymuxFastStar from '@paymux/faststar'

declare const router: PaymuxCore.Router<PaymuxFastStar.FastStarGateway | PaymuxFastaar.FastaarGateway>
declare const sessionRef: PaymuxCore.Ref<'faststar' | 'fastaar'>
declare function shipOrder(
  subject: PaymuxCore.Payment | PaymuxCore.PaymentSession,
  context: PaymuxCore.FulfilContext,
): Promise<void>
