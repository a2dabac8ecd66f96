// `pnpm bench`: FastStar `sessions.create` through paymux, against the same request sent with ky
// alone and with raw fetch, on loopback. The machinery is ../../core/bench/harness.mjs.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runBench } from '../../core/bench/harness.mjs'

const here = dirname(fileURLToPath(import.meta.url))

runBench({
  title: 'FastStar sessions.create bench',
  benchDir: here,
  packageDir: join(here, '..'),
  requires: [['dist/index.js', 'run `npx tsup` in packages/faststar first']],
  counts: { warmup: 150, sequential: 600, concurrent: 1800, inFlight: 32 },
  limit: 1.15,
  clientTimeoutMs: 40_000,
  budgetMs: 100_000,
  overallTimeoutMs: 115_000,
})
