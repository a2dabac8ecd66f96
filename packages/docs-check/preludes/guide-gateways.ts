// Context of guide fragments that build a router: the three gateways, as the guides create them.
// Namespace imports only, so that no name here collides with a block's own imports.
import type * as PaymuxFastaar from '@paymux/fastaar'
import type * as PaymuxFastStar from '@paymux/faststar'
import type * as PaymuxPaystar from '@paymux/paystar'

declare const faststar: PaymuxFastStar.FastStarGateway
declare const fastaar: PaymuxFastaar.FastaarGateway
declare const paystar: PaymuxPaystar.PaystarGateway
