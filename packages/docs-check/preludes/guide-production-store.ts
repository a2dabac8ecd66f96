// Context of the "Your own store" fragment of docs/guides/production.md: the reader's store factory
// and two clients of their backend, one reachable and one not.
import type * as PaymuxCore from '@paymux/core'

declare function createMyStore(client: unknown): PaymuxCore.StateStore
declare const client: unknown
declare const clientOnAClosedPort: unknown
