// packages/demo/README.md, "The route": the rules the expression composes
// (packages/demo/src/shop.ts holds the real `utilityBills`).
import { byCountry, byCurrency, compose, type RouteRule } from '@paymux/core'

declare const utilityBills: RouteRule<'paystar'>
