// Context of one fragment of docs/guides/combining-gateways.md: the hand-written rule the page built just before.
import type { RouteRule } from '@paymux/core'

declare const cardsAtFastStar: RouteRule<'faststar'>
