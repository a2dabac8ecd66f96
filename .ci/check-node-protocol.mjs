// Fails when a built file imports a Node built-in without the `node:` prefix
// ('http' rather than 'node:http'): Deno and the edge runtimes resolve only
// the prefixed names. tsup strips the prefix unless removeNodeProtocol is false.
import { readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join } from 'node:path'

const bare = new Set(builtinModules.filter((name) => !name.startsWith('_')))
const specifier = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm

function* builtFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* builtFiles(path)
    else if (/\.(c|m)?js$/.test(entry.name)) yield path
  }
}

const found = []
let files = 0
for (const pkg of readdirSync('packages', { withFileTypes: true })) {
  if (!pkg.isDirectory()) continue
  const dist = join('packages', pkg.name, 'dist')
  let entries
  try {
    entries = [...builtFiles(dist)]
  } catch {
    continue
  }
  for (const file of entries) {
    files++
    for (const [, name] of readFileSync(file, 'utf8').matchAll(specifier)) {
      if (bare.has(name)) found.push(`${file}: '${name}'`)
    }
  }
}
if (files === 0) {
  console.error('no built files under packages/*/dist: run `pnpm build` first')
  process.exit(1)
}
if (found.length > 0) {
  console.error(
    `Node built-ins imported without the node: prefix (Deno refuses them):\n  ${found.join('\n  ')}`,
  )
  process.exit(1)
}
console.log(`${files} built files: every Node built-in is imported as node:<name>`)
