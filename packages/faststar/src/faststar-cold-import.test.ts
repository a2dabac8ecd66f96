import { readdirSync, readFileSync } from 'node:fs'
import { loadsZod, modulesImporting, staticImportGraph } from '@paymux/core/testing'
import { describe, expect, it } from 'vitest'

const file = (name: string) => new URL(name, import.meta.url).pathname

describe('cold import', () => {
  it('importing @paymux/faststar does not load zod: only the first call that validates does', () => {
    const graph = staticImportGraph(file('index.ts'))
    expect(graph.has(file('faststar-gateway.ts'))).toBe(true)
    expect(graph.has(file('faststar-endpoints.ts'))).toBe(true)
    expect(graph.has(file('faststar-schemas.ts'))).toBe(false)
    expect(modulesImporting(file('index.ts'), loadsZod)).toEqual([])
  })

  it('the lazily loaded schemas module is the one that brings zod in', () => {
    expect(modulesImporting(file('faststar-schemas.ts'), loadsZod)).toEqual(
      expect.arrayContaining([file('faststar-schemas.ts'), file('faststar-api.ts')]),
    )
  })

  it('the schema module is loaded in one place: one lazy loader in faststar-gateway.ts', () => {
    // A value import (`import('./faststar-schemas.js')`), not a type query (`typeof import(…)`).
    const loads = /(?<!typeof )import\(\s*['"]\.\/faststar-schemas\.js['"]\s*\)/g
    const sources = readdirSync(file('.')).filter(
      (name) => name.endsWith('.ts') && !/\.test(-d)?\.ts$/.test(name),
    )
    const found = sources.flatMap((name) =>
      [...readFileSync(file(name), 'utf8').matchAll(loads)].map(() => name),
    )
    expect(found).toEqual(['faststar-gateway.ts'])
    expect(readFileSync(file('faststar-gateway.ts'), 'utf8')).toContain(
      "lazy(() => import('./faststar-schemas.js'))",
    )
  })
})
