import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const here = dirname(fileURLToPath(import.meta.url))

// Top-level `import … from 'x'`, `import 'x'` and `export … from 'x'`, but not
// `import type` / `export type` (erased) nor `import('x')` (loaded on use).
const STATIC_IMPORT = /^(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]/gm
const LOADS_ZOD = (specifier: string) =>
  specifier === 'zod' || specifier.startsWith('zod/') || specifier === '@paymux/core/schemas'

/** Every module `entry` loads when imported, and the ones among them that load zod. */
function staticGraph(entry: string) {
  const seen = new Set<string>()
  const loadingZod: string[] = []
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    for (const [, specifier = ''] of readFileSync(join(here, file), 'utf8').matchAll(STATIC_IMPORT)) {
      if (LOADS_ZOD(specifier)) loadingZod.push(`${file} imports ${specifier}`)
      if (specifier.startsWith('.')) visit(join(dirname(file), specifier).replace(/\.js$/, '.ts'))
    }
  }
  visit(entry)
  return { modules: [...seen], loadingZod }
}

describe('cold import', () => {
  it('importing @paymux/faststar does not load zod: only the first call that validates does', () => {
    const { modules, loadingZod } = staticGraph('index.ts')
    expect(modules).toContain('faststar-gateway.ts')
    expect(modules).toContain('faststar-client.ts')
    expect(modules).not.toContain('faststar-schemas.ts')
    expect(loadingZod).toEqual([])
  })

  it('the lazily loaded schemas module is the one that brings zod in', () => {
    const { loadingZod } = staticGraph('faststar-schemas.ts')
    expect(loadingZod).toContain('faststar-api.ts imports zod')
    expect(loadingZod).toContain('faststar-inputs.ts imports @paymux/core/schemas')
  })
})
