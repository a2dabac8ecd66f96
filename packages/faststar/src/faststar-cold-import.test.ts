import { loadsZod, modulesImporting, staticImportGraph } from '@paymux/core/testing'
import { describe, expect, it } from 'vitest'

const file = (name: string) => new URL(name, import.meta.url).pathname

describe('cold import', () => {
  it('importing @paymux/faststar does not load zod: only the first call that validates does', () => {
    const graph = staticImportGraph(file('index.ts'))
    expect(graph.has(file('faststar-gateway.ts'))).toBe(true)
    expect(graph.has(file('faststar-client.ts'))).toBe(true)
    expect(graph.has(file('faststar-schemas.ts'))).toBe(false)
    expect(modulesImporting(file('index.ts'), loadsZod)).toEqual([])
  })

  it('the lazily loaded schemas module is the one that brings zod in', () => {
    expect(modulesImporting(file('faststar-schemas.ts'), loadsZod)).toEqual(
      expect.arrayContaining([file('faststar-api.ts'), file('faststar-inputs.ts')]),
    )
  })
})
