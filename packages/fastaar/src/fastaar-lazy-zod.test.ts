import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// Importing @paymux/fastaar must not load zod (about 60 ms of a cold start):
// the schemas load on first use. This walks the static import graph of
// src/index.ts, following relative imports and skipping `import type` /
// `export type` and dynamic `import()`, as Node would load the built package.
// With verbatimModuleSyntax, `import { type A } from` still loads its module,
// so only the declaration-level `type` keyword counts as type-only.

const src = dirname(fileURLToPath(import.meta.url))
const declaration =
  /^(?:import|export)\s+(type\s+)?(?:(?:\*(?:\s+as\s+\w+)?|\{[^}]*\}|\w+(?:\s*,\s*(?:\{[^}]*\}|\*\s+as\s+\w+))?)\s+from\s+)?['"]([^'"]+)['"]/gm

function staticGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  const visit = (file: string) => {
    if (graph.has(file)) return
    const specifiers = [...readFileSync(file, 'utf8').matchAll(declaration)]
      .filter((match) => match[1] === undefined)
      .map((match) => match[2] ?? '')
    graph.set(file, specifiers)
    for (const specifier of specifiers) {
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')))
    }
  }
  visit(entry)
  return graph
}

const loadsZod = (specifier: string) =>
  specifier === 'zod' || specifier.startsWith('zod/') || specifier === '@paymux/core/schemas'

describe('importing @paymux/fastaar', () => {
  it('loads no module that imports zod or @paymux/core/schemas as a value', () => {
    const graph = staticGraph(resolve(src, 'index.ts'))
    const offenders = [...graph].filter(([, specifiers]) => specifiers.some(loadsZod)).map(([file]) => file)
    expect(graph.has(resolve(src, 'fastaar-gateway.ts'))).toBe(true)
    expect(offenders).toEqual([])
  })

  it('is a check that can fail: the lazily loaded schema module does import zod', () => {
    const graph = staticGraph(resolve(src, 'fastaar-schemas.ts'))
    expect(new Set([...graph.values()].flat().filter(loadsZod))).toEqual(
      new Set(['zod', '@paymux/core/schemas']),
    )
  })
})
