import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

// Top-level `import … from 'x'`, `import 'x'` and `export … from 'x'`, but not the erased
// `import type` / `export type` (with verbatimModuleSyntax, `import { type A } from 'x'` still
// loads x, so it counts), nor `import('x')`, which loads on use.
const STATIC_IMPORT = /^(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]/gm

/**
 * The modules a TypeScript source file loads when it is imported: it and every
 * module reached through relative static imports (`./x.js` read as `./x.ts`),
 * each with the specifiers it imports. For tests that keep a heavy dependency
 * out of a package's cold start (a gateway loads zod only on first use):
 * `[...staticImportGraph(entry).values()].flat()` must not contain `'zod'`.
 */
export function staticImportGraph(entry: string): ReadonlyMap<string, readonly string[]> {
  const graph = new Map<string, string[]>()
  const visit = (file: string) => {
    if (graph.has(file)) return
    const specifiers = [...readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)].map((match) => match[1] ?? '')
    graph.set(file, specifiers)
    for (const specifier of specifiers) {
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')))
    }
  }
  visit(resolve(entry))
  return graph
}

/**
 * The modules of `entry`'s static import graph that import, as a value, a
 * specifier `matches` accepts: `[]` proves that importing `entry` does not load it.
 */
export function modulesImporting(entry: string, matches: (specifier: string) => boolean): string[] {
  return [...staticImportGraph(entry)]
    .filter(([, imports]) => imports.some(matches))
    .map(([module]) => module)
}

/** Whether a specifier loads zod: `zod`, a `zod/…` subpath, or `@paymux/core/schemas`, which imports it. */
export function loadsZod(specifier: string): boolean {
  return specifier === 'zod' || specifier.startsWith('zod/') || specifier === '@paymux/core/schemas'
}
