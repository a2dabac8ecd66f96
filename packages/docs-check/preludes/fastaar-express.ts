// A Fastaar webhook route in Express: the app, the gateway and the two
// functions of the reader's own shop the route calls.
import type { Money } from '@paymux/core'
import type { FastaarGateway } from '@paymux/fastaar'
import type { Express } from 'express'

declare const app: Express
declare const fastaar: FastaarGateway
/** Whether this event id was handled before (your dedupe table). */
declare function alreadyHandled(eventId: string): Promise<boolean>
/** Your shop's fulfilment of one order. */
declare function fulfil(reference: string | undefined, amount: Money): Promise<void>
