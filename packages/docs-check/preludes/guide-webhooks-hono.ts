// Context of the @hono/node-server fragment of docs/guides/webhooks.md: the Hono app of the block before it.
import type * as HonoModule from 'hono'

declare const app: HonoModule.Hono
