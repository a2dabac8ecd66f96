import { defineEndpoints, type NativeClient } from '@paymux/core/adapter-kit'
import { referenceRefusedAfterLostAnswer } from './paystar-errors.js'

type PaystarSchemas = typeof import('./paystar-schemas.js')

// Every endpoint only creates a short-lived session: no money moves until the
// buyer pays on Paystar's page, and a duplicate session expires unused.
// Paystar's best practices ask for retries with exponential backoff on
// transient failures, so every row is 'safe'.
const LINK_ONLY =
  'creates a link only: nothing changes until the customer acts on it; a duplicate expires unused (60 min)'

/**
 * Every documented Paystar endpoint: one row each, from which the kit builds
 * `gateway.native` (every call validated, sent with the row's retry policy,
 * its envelope checked), the docs page's retry table and the fault matrix.
 */
export const PAYSTAR_ENDPOINTS = defineEndpoints<PaystarSchemas>()({
  initiatePayment: {
    operation: 'sessions.create',
    method: 'POST',
    path: '/integrations/embedded/initiate',
    retry: 'safe',
    reason:
      'creates a session only: no money moves until the buyer pays; a duplicate expires unused (30 min)',
    body: 'initiatePayment',
    answer: 'paymentSession',
    // A retry that meets its own ClientReference means the lost attempt made the session.
    afterLostAnswer: referenceRefusedAfterLostAnswer,
  },
  initiateManageAutopay: {
    operation: 'manage.autopay',
    method: 'POST',
    path: '/integrations/embedded/initiate-manage-autopay',
    retry: 'safe',
    reason: LINK_ONLY,
    body: 'accountManagement',
    answer: 'managementSession',
  },
  initiateManageWallet: {
    operation: 'manage.wallet',
    method: 'POST',
    path: '/integrations/embedded/initiate-manage-wallet',
    retry: 'safe',
    reason: LINK_ONLY,
    body: 'customerManagement',
    answer: 'managementSession',
  },
  initiateManagePaperless: {
    operation: 'manage.paperless',
    method: 'POST',
    path: '/integrations/embedded/initiate-manage-paperless',
    retry: 'safe',
    reason: LINK_ONLY,
    body: 'accountManagement',
    answer: 'managementSession',
  },
  initiateManageNotifications: {
    operation: 'manage.notifications',
    method: 'POST',
    path: '/integrations/embedded/initiate-manage-notifications',
    retry: 'safe',
    reason: LINK_ONLY,
    body: 'customerManagement',
    answer: 'managementSession',
  },
})

/** `gateway.native`: one async function per row of {@link PAYSTAR_ENDPOINTS}, e.g. `native.initiatePayment({ body })`. */
export type PaystarNativeClient = NativeClient<PaystarSchemas, typeof PAYSTAR_ENDPOINTS>

/** The name of a native endpoint function. */
export type PaystarEndpointName = keyof typeof PAYSTAR_ENDPOINTS
