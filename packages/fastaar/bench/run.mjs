// `pnpm bench`: Fastaar's sessions.create through paymux against ky alone and raw fetch, on
// loopback. The machinery is ../../core/bench/harness.mjs.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runBench } from '../../core/bench/harness.mjs'

const here = dirname(fileURLToPath(import.meta.url))

runBench({
  title: '@paymux/fastaar sessions.create bench',
  benchDir: here,
  packageDir: join(here, '..'),
  requires: [
    ['dist/index.js', 'run `npx tsup` first'],
    ['node_modules/@paymux/core/dist/index.js', 'run `pnpm build` in packages/core first'],
  ],
  counts: { warmup: 200, sequential: 600, concurrent: 1500, inFlight: 32 },
  limit: 1.15,
  clientTimeoutMs: 40_000,
  // `pnpm bench` also builds first (~20 s), and the whole must stay under 2 minutes.
  budgetMs: 80_000,
  overallTimeoutMs: 95_000,
})
