// Checks what each tarball would publish, from `npm pack --dry-run --json` (npm's own file list)
// and the packed package.json: the files a user needs are in, nothing of the tests is, every path the
// manifest points at exists, and pnpm rewrote every workspace: range.
// Usage: node check-tarballs.mjs <dir>  (the dir holds <name>.tgz and <name>.pack.json per package)
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const dir = process.argv[2] ?? ''
// docs/releasing.md: every package ships its CHANGELOG.md (each lists it in `files`).
const REQUIRED = ['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json']
// Test code, test data and source maps have no business in a user's node_modules.
const FORBIDDEN = [
  [/\.map$/, 'a source map'],
  [/\.test(-d)?\.[cm]?[jt]sx?$|\.test-support\.[cm]?[jt]s$|(^|\/)test-support\.[cm]?[jt]s$/, 'a test file'],
  [/(^|\/)(fixtures?|__tests__|tests?|test-output)\//, 'a test or fixture folder'],
  [/(^|\/)vitest\.(config|workspace)\.|\.tsbuildinfo$/, 'test or build configuration'],
]
// The repository's own tests resolve `@paymux/source` to src/*.ts; no user sets that condition.
const SOURCE_CONDITION = '@paymux/source'

/** Every file path a manifest field points at (exports targets, main, module, types, bin, typesVersions). */
function pointedAt(manifest) {
  const targets = []
  const walk = (value, key) => {
    if (key === SOURCE_CONDITION) return
    if (typeof value === 'string') targets.push(value)
    else if (value !== null && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) walk(v, k)
  }
  walk(manifest.exports)
  for (const field of ['main', 'module', 'types']) if (manifest[field]) targets.push(manifest[field])
  walk(typeof manifest.bin === 'string' ? [manifest.bin] : manifest.bin)
  walk(manifest.typesVersions)
  return targets.map((target) => target.replace(/^\.\//, ''))
}

function exists(target, files) {
  if (!target.includes('*')) return files.has(target)
  const pattern = new RegExp(
    `^${target
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.+')}$`,
  )
  return [...files].some((file) => pattern.test(file))
}

/**
 * npm's report of one package, whatever the shape: npm pack prints an array of them, npm 11's publish
 * an object keyed by package name, npm 10's publish the report itself.
 */
function packReport(json) {
  if (Array.isArray(json)) return json[0]
  if (json !== null && typeof json === 'object' && Array.isArray(json.files)) return json
  return Object.values(json ?? {})[0]
}

function check(tarball) {
  const base = tarball.replace(/\.tgz$/, '')
  const published = packReport(JSON.parse(readFileSync(join(dir, `${base}.pack.json`), 'utf8')))
  if (!Array.isArray(published?.files))
    return { name: base, size: '?', problems: ['npm printed no file list'] }
  const files = new Set(published.files.map((file) => file.path))
  const manifest = JSON.parse(
    execFileSync('tar', ['-xzOf', join(dir, tarball), 'package/package.json'], { encoding: 'utf8' }),
  )
  const problems = []
  for (const name of REQUIRED) if (!files.has(name)) problems.push(`missing ${name}`)
  if (![...files].some((file) => file.startsWith('dist/'))) problems.push('missing dist/')
  for (const file of files)
    for (const [pattern, what] of FORBIDDEN) if (pattern.test(file)) problems.push(`ships ${what}: ${file}`)
  for (const target of new Set(pointedAt(manifest)))
    if (!exists(target, files)) problems.push(`package.json points at ${target}, which is not in the tarball`)
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies'])
    for (const [name, range] of Object.entries(manifest[field] ?? {}))
      if (String(range).startsWith('workspace:')) problems.push(`${field}.${name} is still ${range}`)
  // A scoped package is published restricted (and refused on a free organisation) unless told public.
  if (manifest.publishConfig?.access !== 'public') problems.push('publishConfig.access is not "public"')
  const size = `${files.size} files, ${(published.size / 1024).toFixed(0)} kB packed`
  return { name: published.id, size, problems }
}

const results = readdirSync(dir)
  .filter((file) => file.endsWith('.tgz'))
  .sort()
  .map(check)
for (const { name, size, problems } of results) {
  console.log(`${problems.length === 0 ? 'ok  ' : 'FAIL'} ${name} (${size})`)
  for (const problem of problems) console.log(`       ${problem}`)
}
if (results.some((result) => result.problems.length > 0)) process.exitCode = 1
