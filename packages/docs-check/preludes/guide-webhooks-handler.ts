// Context of the framework recipes of docs/guides/webhooks.md: the endpoint `createWebhookHandler` built.
import type * as PaymuxCore from '@paymux/core'

declare const handler: PaymuxCore.WebhookHandler
