// `pnpm bench`: Paystar's sessions.create through paymux against raw fetch and ky alone, all
// sending the same initiate body to a loopback server. The machinery is ../../core/bench/harness.mjs.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runBench } from '../../core/bench/harness.mjs'

const here = dirname(fileURLToPath(import.meta.url))

runBench({
  title: 'paystar sessions.create bench',
  benchDir: here,
  packageDir: join(here, '..'),
  requires: [['dist/index.js', 'run `npx tsup` in packages/paystar first']],
  counts: { warmup: 300, sequential: 800, concurrent: 2500, inFlight: 32 },
  limit: 1.15,
  clientTimeoutMs: 30_000,
  budgetMs: 100_000,
  overallTimeoutMs: 115_000,
})
