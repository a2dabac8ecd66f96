// One variant of the router overhead bench, in its own fresh process:
//   node --expose-gc bench/overhead-client.mjs <direct|router> <port>
// Both variants call FastStar's `sessions.create` with the same gateway settings and input, against
// packages/faststar/bench/server.mjs; `router` goes through createRouter({ gateways: [faststar], route: 'faststar' }).
// The measuring loop is the shared one (runClient in ../../core/bench/harness.mjs).
import { runClient } from '../../core/bench/harness.mjs'
import { CHECKOUT_SESSION_INPUT } from '../../faststar/bench/checkout-session.mjs'

const input = CHECKOUT_SESSION_INPUT

async function faststar(port) {
  const { createFastStar } = await import('@paymux/faststar')
  return createFastStar({
    apiKey: 'fs_bench_secret_key', // what packages/faststar/bench/server.mjs accepts
    baseUrl: `http://127.0.0.1:${port}/api/v1`,
    timeoutMs: 10_000,
  })
}

await runClient({
  expect: 'cs_xxx',
  variants: {
    direct: async (port) => {
      const { sessions } = await faststar(port)
      return async () => (await sessions.create(input)).id
    },
    router: async (port) => {
      const { createRouter } = await import('@paymux/core')
      const { sessions } = createRouter({ gateways: [await faststar(port)], route: 'faststar' })
      return async () => (await sessions.create(input)).id
    },
  },
})
