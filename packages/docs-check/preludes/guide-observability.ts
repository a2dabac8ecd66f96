// Context of the `telemetry` fragments of docs/guides/observability.md: a key, what a router is
// built from, the shop's router and webhook code, and a meter of the reader's SDK.
import type * as OpenTelemetry from '@opentelemetry/api'
import type * as PaymuxCore from '@paymux/core'
import type * as PaymuxFastaar from '@paymux/fastaar'
import type * as PaymuxFastStar from '@paymux/faststar'

declare const apiKey: string
declare const gateways: readonly [PaymuxFastStar.FastStarGateway, PaymuxFastaar.FastaarGateway]
declare const route: 'faststar'
declare const router: PaymuxCore.Router<PaymuxFastStar.FastStarGateway | PaymuxFastaar.FastaarGateway>
declare function onEvent(event: PaymuxCore.WebhookEvent): Promise<void>
declare const meter: OpenTelemetry.Meter
