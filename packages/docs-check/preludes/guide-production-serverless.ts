// Context of the serverless fragment of docs/guides/production.md: what the router is built from,
// and the shop's webhook code.
import type * as PaymuxCore from '@paymux/core'
import type * as PaymuxFastaar from '@paymux/fastaar'
import type * as PaymuxFastStar from '@paymux/faststar'

declare const gateways: readonly [PaymuxFastStar.FastStarGateway, PaymuxFastaar.FastaarGateway]
declare const route: readonly ['faststar', 'fastaar']
declare function onEvent(event: PaymuxCore.WebhookEvent): Promise<void>
