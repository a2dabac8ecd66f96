// `pnpm bench`: the webhook bench (webhooks.mjs, first, in its own processes; BENCH_WEBHOOKS=0 skips
// it), the telemetry bench (telemetry.mjs; BENCH_TELEMETRY=0 skips it), then the paymux transport
// against raw fetch and ky alone, on loopback.
// See bench/README.md for what is measured and how to read the ratios; the machinery is harness.mjs.
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { fmt, intEnv, median, runBench, table, VARIANTS } from './harness.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const packageDir = join(here, '..')
const IMPORT_RUNS = intEnv('BENCH_IMPORT_RUNS', 10)
const COLD_IMPORT_MS = 70

// Cold import rows. Context rows: core's dependencies alone, and what merely touching Node's fetch
// globals costs (Node loads its bundled undici lazily, on first use of fetch/Request/ReadableStream).
const importTargets = {
  '@paymux/core': '@paymux/core',
  ky: 'ky',
  zod: 'zod',
  'p-retry': 'p-retry',
  '(undici init)': "data:text/javascript,new Request('http://127.0.0.1/');new ReadableStream()",
}

function coldImport(specifier) {
  const t0 = performance.now()
  const run = spawnSync(process.execPath, [join(here, 'cold-import.mjs'), specifier], {
    cwd: packageDir,
    encoding: 'utf8',
    timeout: 20_000,
  })
  const processMs = performance.now() - t0
  const importMs = Number(run.stdout.trim())
  if (run.status !== 0 || !Number.isFinite(importMs)) {
    throw new Error(`cold import of ${specifier} failed: ${run.stderr || run.stdout || run.error}`)
  }
  return { importMs, processMs }
}

/** Interleaved, so a disk-cache or CPU-frequency drift hits all alike. */
function coldImports() {
  const importRuns = Object.fromEntries(Object.keys(importTargets).map((name) => [name, []]))
  process.stdout.write('cold import ')
  for (let i = 0; i < IMPORT_RUNS; i++) {
    for (const [name, specifier] of Object.entries(importTargets))
      importRuns[name].push(coldImport(specifier))
    process.stdout.write('.')
  }
  process.stdout.write('\n')
  return Object.fromEntries(
    Object.entries(importRuns).map(([name, runs]) => {
      const ms = runs.map((r) => r.importMs)
      return [
        name,
        {
          medianMs: median(ms),
          minMs: Math.min(...ms),
          maxMs: Math.max(...ms),
          medianProcessMs: median(runs.map((r) => r.processMs)),
          runsMs: ms,
        },
      ]
    }),
  )
}

const memoryKeys = [
  'rssAtStartMiB',
  'heapUsedAtStartMiB',
  'rssMiB',
  'heapUsedMiB',
  'heapTotalMiB',
  'externalMiB',
]

if (process.env.BENCH_WEBHOOKS !== '0') {
  // A report like the rest: a failed webhook bench is said, and the transport bench still runs.
  const webhooks = spawnSync(process.execPath, [join(here, 'webhooks.mjs')], { stdio: 'inherit' })
  if (webhooks.status !== 0)
    console.error(`webhook bench failed (exit ${webhooks.status ?? webhooks.signal})\n`)
}

if (process.env.BENCH_TELEMETRY !== '0') {
  const telemetry = spawnSync(process.execPath, [join(here, 'telemetry.mjs')], { stdio: 'inherit' })
  if (telemetry.status !== 0)
    console.error(`telemetry bench failed (exit ${telemetry.status ?? telemetry.signal})\n`)
}

runBench({
  title: 'paymux transport bench',
  benchDir: here,
  packageDir,
  requires: [['dist/index.js', 'run `pnpm build` (or `npx tsup`) in packages/core first']],
  counts: { warmup: 500, sequential: 3000, concurrent: 10_000, inFlight: 32 },
  limit: 1.1,
  memory: true,
  clientTimeoutMs: 60_000,
  // `pnpm bench` should take under ~3 minutes: `tsup` takes ~10 s.
  budgetMs: 165_000,
  overallTimeoutMs: 300_000,
  prepare: coldImports,
  extra: ({ runs, prepared: cold }) => {
    const memoryDetail = Object.fromEntries(
      VARIANTS.map((v) => [
        v,
        Object.fromEntries(memoryKeys.map((k) => [k, median(runs[v].map((r) => r.memory[k]))])),
      ]),
    )
    const core = cold['@paymux/core'].medianMs
    return {
      checks: [
        {
          name: `cold import('@paymux/core') < ${COLD_IMPORT_MS} ms`,
          value: core,
          pass: core < COLD_IMPORT_MS,
          show: `${fmt(core)} ms`,
        },
      ],
      print() {
        console.log(
          '\nMemory detail, medians (start = after imports and set-up, before any request; end = after the concurrent phase + GC)\n',
        )
        console.log(
          table(
            ['variant', 'RSS start', 'heap start', 'RSS end', 'heap end', 'heap total end', 'external end'],
            VARIANTS.map((v) => [v, ...memoryKeys.map((k) => `${fmt(memoryDetail[v][k])} MiB`)]),
          ),
        )
        console.log(
          `\nCold import, median of ${IMPORT_RUNS} fresh processes (import() only; whole process in brackets)\n`,
        )
        console.log(
          table(
            ['module', 'median ms', 'min ms', 'max ms', '(process ms)'],
            Object.entries(cold).map(([name, c]) => [
              name,
              fmt(c.medianMs),
              fmt(c.minMs),
              fmt(c.maxMs),
              `(${fmt(c.medianProcessMs)})`,
            ]),
          ),
        )
      },
      json: {
        targets: { ratio: 1.1, coldImportMs: COLD_IMPORT_MS },
        importRuns: IMPORT_RUNS,
        memoryDetail,
        coldImports: cold,
      },
    }
  },
})
