// Used by packages/docs-check/fixtures/typecheck.md (the checker's own test).
import { type Money, money } from '@paymux/core'
