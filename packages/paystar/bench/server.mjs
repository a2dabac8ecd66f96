// The loopback server answering the one call the bench makes with Paystar's documented initiate
// answer (see ../../core/bench/harness.mjs, serve).
import { serve } from '../../core/bench/harness.mjs'

serve({
  path: '/integrations/embedded/initiate',
  authHeader: 'X-Paystar-Api-Key',
  authValue: 'ps_bench_secret_key',
  answer: {
    hasErrors: false,
    errors: [],
    data: {
      PaymentSessionIdentifier: 'abc123-def456-ghi789',
      PaymentLogInLink: 'https://dev.paystar.io/app/embedded/acme-utilities/session/abc123-def456-ghi789',
      Status: 'RequiresPaymentSource',
    },
  },
  rejection: '{"hasErrors":true,"errors":["rejected by the bench server"],"data":null}',
})
