// `pnpm bench`'s last step: what a user pays for core + one gateway package before the first request.
//   - cold import: `import('@paymux/<gw>')` (its ESM build, which imports @paymux/core's) in a fresh
//     process, median of BENCH_IMPORT_RUNS (default 10) runs, interleaved; target < 70 ms;
//   - bundle: the same import with every dependency (zod, ky, p-retry…) bundled, minified and gzipped,
//     as `pnpm size` (size-limit, .size-limit.json) measures it; target < 30 kB.
// Needs every package's dist/ (`pnpm build`; the per-package benches build their own before this runs).
//   node packages/core/bench/adapters.mjs
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { fmt, intEnv, median, pad, table } from './harness.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..', '..')
const IMPORT_RUNS = intEnv('BENCH_IMPORT_RUNS', 10)
const COLD_IMPORT_MS = 70
const BUNDLE_BYTES = 30_000
const GATEWAYS = ['faststar', 'fastaar', 'paystar']

const entry = (gw) => join(root, 'packages', gw, 'dist', 'index.js')
for (const gw of ['core', ...GATEWAYS]) {
  if (!existsSync(entry(gw))) {
    console.error(`bench: packages/${gw}/dist/index.js is missing; run \`pnpm build\` first`)
    process.exit(1)
  }
}

// Each gateway's dist imports @paymux/core's dist (the published resolution, no source condition).
const importTargets = {
  ...Object.fromEntries(GATEWAYS.map((gw) => [`core + ${gw}`, pathToFileURL(entry(gw)).href])),
  '@paymux/core': pathToFileURL(entry('core')).href,
}

function coldImport(specifier) {
  const run = spawnSync(process.execPath, [join(here, 'cold-import.mjs'), specifier], {
    cwd: join(here, '..'),
    encoding: 'utf8',
    timeout: 20_000,
  })
  const ms = Number(run.stdout.trim())
  if (run.status !== 0 || !Number.isFinite(ms)) {
    throw new Error(`cold import of ${specifier} failed: ${run.stderr || run.stdout || run.error}`)
  }
  return ms
}

function coldImports() {
  const runs = Object.fromEntries(Object.keys(importTargets).map((name) => [name, []]))
  process.stdout.write('cold import ')
  // Interleaved, so a disk-cache or CPU-frequency drift hits all alike.
  for (let i = 0; i < IMPORT_RUNS; i++) {
    for (const [name, specifier] of Object.entries(importTargets)) runs[name].push(coldImport(specifier))
    process.stdout.write('.')
  }
  process.stdout.write('\n')
  return Object.fromEntries(
    Object.entries(runs).map(([name, ms]) => [
      name,
      { medianMs: median(ms), minMs: Math.min(...ms), maxMs: Math.max(...ms), runsMs: ms },
    ]),
  )
}

/** size-limit's own figures (the ones `pnpm size` checks in CI), by entry name. */
function bundleSizes() {
  const run = spawnSync('pnpm', ['exec', 'size-limit', '--json'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  })
  let entries
  try {
    entries = JSON.parse(run.stdout)
  } catch {
    throw new Error(`size-limit printed no JSON: ${run.stderr || run.stdout || run.error}`)
  }
  return Object.fromEntries(entries.map((e) => [e.name, { bytes: e.size, ceilingBytes: e.sizeLimit }]))
}

const cold = coldImports()
const bundles = bundleSizes()

console.log(
  `\nCore + one gateway: cold import, median of ${IMPORT_RUNS} fresh processes; bundle (size-limit)\n`,
)
console.log(
  table(
    ['module', 'import median ms', 'min ms', 'max ms', 'bundle min+gzip'],
    Object.entries(cold).map(([name, c]) => [
      name,
      fmt(c.medianMs),
      fmt(c.minMs),
      fmt(c.maxMs),
      bundles[name] ? `${fmt(bundles[name].bytes / 1000, 2)} kB` : '',
    ]),
  ),
)

const checks = GATEWAYS.flatMap((gw) => {
  const name = `core + ${gw}`
  const ms = cold[name].medianMs
  const bytes = bundles[name]?.bytes
  if (bytes === undefined) throw new Error(`.size-limit.json has no entry named "${name}"`)
  return [
    { name: `cold import ${name} < ${COLD_IMPORT_MS} ms`, pass: ms < COLD_IMPORT_MS, show: `${fmt(ms)} ms` },
    {
      name: `bundle ${name} < ${BUNDLE_BYTES / 1000} kB`,
      pass: bytes < BUNDLE_BYTES,
      show: `${fmt(bytes / 1000, 2)} kB`,
    },
  ]
})
console.log('\nTargets\n')
const width = Math.max(...checks.map((c) => c.name.length))
for (const c of checks) console.log(`  ${c.pass ? 'PASS' : 'FAIL'}  ${pad(c.name, width, false)}  ${c.show}`)
const failed = checks.filter((c) => !c.pass)
console.log(
  failed.length === 0
    ? '\nAll targets PASS.'
    : `\n*** FAIL: ${failed.length} of ${checks.length} targets missed (${failed.map((c) => c.name).join('; ')}) ***`,
)

const resultsDir = join(here, 'results')
mkdirSync(resultsDir, { recursive: true })
const file = join(resultsDir, 'adapters.json')
const report = {
  date: new Date().toISOString(),
  node: process.version,
  targets: { coldImportMs: COLD_IMPORT_MS, bundleBytes: BUNDLE_BYTES },
  importRuns: IMPORT_RUNS,
  coldImports: cold,
  bundles,
  checks,
  pass: failed.length === 0,
}
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`)
console.log(`results written to ${file}`)
