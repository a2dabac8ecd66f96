import { readdirSync, readFileSync } from 'node:fs'
import { loadsZod, modulesImporting, staticImportGraph } from '@paymux/core/testing'
import { describe, expect, it } from 'vitest'

const file = (name: string) => new URL(name, import.meta.url).pathname

describe('cold import', () => {
  it('importing @paymux/fastaar does not load zod: only the first call that validates does', () => {
    const graph = staticImportGraph(file('index.ts'))
    expect(graph.has(file('fastaar-gateway.ts'))).toBe(true)
    expect(graph.has(file('fastaar-endpoints.ts'))).toBe(true)
    expect(graph.has(file('fastaar-schemas.ts'))).toBe(false)
    expect(modulesImporting(file('index.ts'), loadsZod)).toEqual([])
  })

  it('the lazily loaded schemas module is the one that brings zod in', () => {
    expect(modulesImporting(file('fastaar-schemas.ts'), loadsZod)).toEqual(
      expect.arrayContaining([file('fastaar-schemas.ts'), file('fastaar-api.ts')]),
    )
  })

  it('is loaded from one place only: every import of it is the lazy loader in fastaar-endpoints.ts', () => {
    const sources = readdirSync(new URL('.', import.meta.url), { recursive: true, encoding: 'utf8' }).filter(
      (name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.test-d.ts'),
    )
    // A dynamic import that loads the module, not a type query (`typeof import(…)`).
    const load = /(?<!typeof )import\(\s*['"][./]+(?:[\w-]+\/)*fastaar-schemas\.js['"]\s*\)/
    const loaders = sources.filter((name) => load.test(readFileSync(file(name), 'utf8')))
    expect(loaders).toEqual(['fastaar-endpoints.ts'])
  })
})
