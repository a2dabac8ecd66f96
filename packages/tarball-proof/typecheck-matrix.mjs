// Type-checks the ESM and the CommonJS app, as a user's strict project would (strict, skipLibCheck
// false, @types/node, no DOM lib), under each supported moduleResolution with TypeScript 5.9 and the
// newest TypeScript npm installs, two tsc at a time; prints app × resolution × TypeScript → pass/fail.
// The nodenext × TS 5.9 cell also emits each app to out/: run.sh runs exactly the code checked here.
// Usage: node typecheck-matrix.mjs <app root> (holds node_modules, esm/ and cjs/)
import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const root = process.argv[2] ?? ''
const compilers = [
  { label: 'TS 5.9', tsc: join(root, 'node_modules/ts59/bin/tsc'), pkg: 'ts59' },
  { label: 'TS latest', tsc: join(root, 'node_modules/typescript/bin/tsc'), pkg: 'typescript' },
].map((ts) => {
  const version = JSON.parse(readFileSync(join(root, 'node_modules', ts.pkg, 'package.json'), 'utf8')).version
  return { ...ts, version, major: Number(version.split('.')[0]) }
})
const settings = [
  { resolution: 'nodenext', module: 'nodenext', apps: ['esm', 'cjs'] },
  { resolution: 'node16', module: 'node16', apps: ['esm', 'cjs'] },
  { resolution: 'bundler', module: 'preserve', apps: ['esm', 'cjs'] },
  // node10 goes with module commonjs, a CommonJS project: the ESM app's top-level await cannot compile there.
  // Set esModuleInterop: true (TS 5.9's tsc --init writes none): the types of zod 4 and redis 5 need it (their own .d.cts).
  { resolution: 'node10', module: 'commonjs', apps: ['cjs'], upToMajor: 6, extra: { esModuleInterop: true } },
]

const cells = []
for (const app of ['esm', 'cjs'])
  for (const setting of settings)
    for (const ts of compilers) {
      if (!setting.apps.includes(app)) continue
      const skip =
        setting.upToMajor !== undefined && ts.major > setting.upToMajor
          ? `not tested: TypeScript ${ts.major} removed moduleResolution ${setting.resolution}`
          : undefined
      cells.push({ app, ...setting, ts, skip, emit: setting.resolution === 'nodenext' && ts.pkg === 'ts59' })
    }

function tsconfigOf(cell) {
  const name = `tsconfig.${cell.resolution}.${cell.ts.pkg}.json`
  const compilerOptions = {
    strict: true,
    skipLibCheck: false,
    target: 'es2022',
    lib: ['es2023'],
    types: ['node'],
    module: cell.module,
    moduleResolution: cell.resolution,
    ...cell.extra,
    ...(cell.emit ? { outDir: 'out', noEmitOnError: true } : { noEmit: true }),
  }
  writeFileSync(join(root, cell.app, name), JSON.stringify({ compilerOptions, files: ['index.ts'] }, null, 2))
  return name
}

function run(cell) {
  const started = Date.now()
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cell.ts.tsc, '-p', tsconfigOf(cell), '--pretty', 'false'], {
      cwd: join(root, cell.app),
    })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.on('close', (code) => {
      Object.assign(cell, { ok: code === 0, output, seconds: (Date.now() - started) / 1000 })
      resolve()
    })
  })
}

// Two at a time: CI has two cores. The slowest (TS 5.9) cells go first.
const queue = cells.filter((cell) => !cell.skip).sort((a, b) => a.ts.major - b.ts.major)
await Promise.all(
  [1, 2].map(async () => {
    for (let cell = queue.shift(); cell !== undefined; cell = queue.shift()) await run(cell)
  }),
)

const result = (cell) =>
  cell === undefined ? '' : cell.skip ? 'n/a' : `${cell.ok ? 'pass' : 'FAIL'} ${cell.seconds.toFixed(1)}s`
const pad = (text, width) => text.padEnd(width)
console.log(
  `${pad('app', 5)}${pad('moduleResolution (module)', 30)}${compilers.map((ts) => pad(`TS ${ts.version}`, 16)).join('')}`,
)
for (const app of ['esm', 'cjs'])
  for (const setting of settings) {
    if (!setting.apps.includes(app)) continue
    const row = compilers.map((ts) =>
      result(cells.find((c) => c.app === app && c.resolution === setting.resolution && c.ts === ts)),
    )
    console.log(
      `${pad(app, 5)}${pad(`${setting.resolution} (${setting.module})`, 30)}${row.map((r) => pad(r, 16)).join('')}`,
    )
  }
for (const skipped of new Set(cells.filter((cell) => cell.skip).map((cell) => cell.skip)))
  console.log(`n/a: ${skipped}`)
console.log(
  'n/a: node10 × esm: node10 goes with module commonjs, whose output cannot hold the ESM app (top-level await)',
)
for (const cell of cells.filter((c) => c.ok === false)) {
  console.log(
    `\nFAIL ${cell.app} × ${cell.resolution} × TS ${cell.ts.version} (${cell.app}/${tsconfigOf(cell)}):`,
  )
  console.log(cell.output.trim())
}
if (cells.some((cell) => cell.ok === false)) process.exitCode = 1
