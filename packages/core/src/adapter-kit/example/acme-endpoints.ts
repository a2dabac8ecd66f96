import type { NativeClient } from '../index.js'
import { defineEndpoints } from '../index.js'
import type { AcmeCreateSessionBody } from './acme-api.js'

type AcmeSchemas = typeof import('./acme-schemas.js')

/** Every Acme endpoint paymux calls: one row each, from which the kit builds the native client. */
export const ACME_ENDPOINTS = defineEndpoints<AcmeSchemas>()({
  createSession: {
    operation: 'sessions.create',
    method: 'POST',
    path: '/checkout/sessions',
    retry: {
      when: (body) => ((body as AcmeCreateSessionBody).reference === undefined ? 'never' : 'safe'),
      describe: 'safe with a reference, else never',
    },
    reason: 'Acme answers a repeated reference with the session it made first',
    body: 'createSession',
    answer: 'session',
  },
  retrieveSession: {
    operation: 'sessions.retrieve',
    method: 'GET',
    path: '/checkout/sessions/:sessionId',
    retry: 'safe',
    reason: 'a read',
    answer: 'session',
  },
  retrievePayment: {
    operation: 'payments.retrieve',
    method: 'GET',
    path: '/payments/:paymentId',
    retry: 'safe',
    reason: 'a read',
    answer: 'payment',
  },
})

/** `gateway.native`: one async function per row of {@link ACME_ENDPOINTS}. */
export type AcmeNativeClient = NativeClient<AcmeSchemas, typeof ACME_ENDPOINTS>
