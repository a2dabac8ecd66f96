// Context of the fragments of docs/guides/combining-gateways.md: the three gateways of its first
// router, that router (`payments`), and the shop's own helpers.
// Namespace imports only, so that no name here collides with a block's own imports.
import type * as PaymuxCore from '@paymux/core'
import type * as PaymuxFastaar from '@paymux/fastaar'
import type * as PaymuxFastStar from '@paymux/faststar'
import type * as PaymuxPaystar from '@paymux/paystar'

type ShopGateway =
  | PaymuxFastStar.FastStarGateway
  | PaymuxFastaar.FastaarGateway
  | PaymuxPaystar.PaystarGateway
declare const faststar: PaymuxFastStar.FastStarGateway
declare const fastaar: PaymuxFastaar.FastaarGateway
declare const paystar: PaymuxPaystar.PaystarGateway
declare const payments: PaymuxCore.Router<ShopGateway>
declare function showRetryLater(retryAfterMs: number | undefined): { retryLater: true }
declare const metrics: { timing(name: string, ms: number, tags: Record<string, unknown>): void }
declare const log: { warn(fields: Record<string, unknown>, message: string): void }
