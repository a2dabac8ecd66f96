// What the router adds to a call, without the network: FastStar's `sessions.create` answered at once
// by an in-memory fetch (the documented answer), called directly and through
// createRouter({ gateways: [faststar], route: 'faststar' }), alternating blocks in one process.
// The strictest reading of the 1.05× target: with no I/O in the denominator, the router's own
// work is the largest share of the call it can ever be.
//   node bench/overhead-inprocess.mjs        (BENCH_BLOCKS, BENCH_BLOCK_CALLS to change the run)
import { intEnv } from '../../core/bench/harness.mjs'
import { CHECKOUT_SESSION_ANSWER } from '../../faststar/bench/answer.mjs'

const BLOCKS = intEnv('BENCH_BLOCKS', 15)
const CALLS = intEnv('BENCH_BLOCK_CALLS', 3000)
const TARGET = 1.05

const { createFastStar } = await import('@paymux/faststar')
const { createRouter } = await import('@paymux/core')
const body = JSON.stringify(CHECKOUT_SESSION_ANSWER)
const fetch = async () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } })
const faststar = createFastStar({ apiKey: 'fs_bench_secret_key', fetch })
const router = createRouter({ gateways: [faststar], route: 'faststar' })
const input = {
  lineItems: [{ priceId: 'price_xxx' }],
  customer: { email: 'buyer@example.com' },
  successUrl: 'https://yoursite.com/success',
  cancelUrl: 'https://yoursite.com/cancel',
  buyerCountry: 'US',
  reference: 'order_10042',
}

/** CPU µs per call over one block of sequential calls. */
async function block(sessions) {
  const before = process.cpuUsage()
  for (let i = 0; i < CALLS; i++) {
    const session = await sessions.create(input)
    if (session.id !== 'cs_xxx') throw new Error(`unexpected answer ${session.id}`)
  }
  const used = process.cpuUsage(before)
  return (used.user + used.system) / CALLS
}

const median = (values) => values.slice().sort((a, b) => a - b)[values.length >> 1]
for (let i = 0; i < 3; i++) {
  await block(faststar.sessions)
  await block(router.sessions)
}
const direct = []
const routed = []
for (let i = 0; i < BLOCKS; i++) {
  direct.push(await block(faststar.sessions))
  routed.push(await block(router.sessions))
}
const ratio = median(routed) / median(direct)
console.log(`in-process sessions.create, ${BLOCKS} alternating blocks of ${CALLS} calls (medians)`)
console.log(`  direct  ${median(direct).toFixed(1)} µs CPU per call`)
console.log(
  `  router  ${median(routed).toFixed(1)} µs CPU per call (+${(median(routed) - median(direct)).toFixed(1)} µs)`,
)
console.log(
  `  ${ratio <= TARGET ? 'PASS' : 'FAIL'}  router/direct ${ratio.toFixed(3)}× (target ≤ ${TARGET}×)`,
)
