// Router overhead on loopback: FastStar `sessions.create` through
// createRouter({ gateways: [faststar], route: 'faststar' }) against the same gateway called
// directly, sequential and with 32 in flight. FastStar's own bench server answers
// (packages/faststar/bench/server.mjs); each client run is a fresh process
// (bench/overhead-client.mjs). The machinery is ../../core/bench/harness.mjs.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runBench } from '../../core/bench/harness.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const packages = join(here, '..', '..')

runBench({
  title: 'Router overhead bench (FastStar sessions.create, router vs direct)',
  benchDir: here,
  packageDir: join(here, '..'),
  serverScript: join(packages, 'faststar', 'bench', 'server.mjs'),
  clientScript: join(here, 'overhead-client.mjs'),
  variants: ['direct', 'router'],
  baseline: 'direct',
  subject: 'router',
  resultsName: 'overhead',
  requires: ['core', 'faststar'].map((name) => [
    join('..', name, 'dist', 'index.js'),
    'run `pnpm build` first',
  ]),
  counts: { warmup: 300, sequential: 1500, concurrent: 5000, inFlight: 32 },
  rounds: 5,
  limit: 1.05,
  clientTimeoutMs: 60_000,
  budgetMs: 120_000,
  overallTimeoutMs: 180_000,
})
