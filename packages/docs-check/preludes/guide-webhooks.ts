// Context of the fragments of docs/guides/webhooks.md: the router of the three gateways, the shop's
// `onEvent` (the page's "The WebhookEvent union" section) and its logger.
import type * as PaymuxCore from '@paymux/core'
import type * as PaymuxFastaar from '@paymux/fastaar'
import type * as PaymuxFastStar from '@paymux/faststar'
import type * as PaymuxPaystar from '@paymux/paystar'

declare const router: PaymuxCore.Router<
  PaymuxFastStar.FastStarGateway | PaymuxFastaar.FastaarGateway | PaymuxPaystar.PaystarGateway
>
declare function onEvent(event: PaymuxCore.WebhookEvent): Promise<void>
declare const log: { warn(fields: Record<string, unknown>, message: string): void }
