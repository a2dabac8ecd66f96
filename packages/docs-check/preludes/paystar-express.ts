// A Paystar webhook route in Express: the app, the gateway and the reader's
// own function the route calls.
import type { Money } from '@paymux/core'
import type { PaystarGateway } from '@paymux/paystar'
import type { Express } from 'express'

declare const app: Express
declare const paystar: PaystarGateway
/** Your billing system's record of a paid bill. */
declare function markBillPaid(reference: string | undefined, amount: Money): void
