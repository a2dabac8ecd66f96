import { describe, expect, it } from 'vitest'
import { loadsZod, modulesImporting, staticImportGraph } from './import-graph.test-support.js'

const file = (name: string) => new URL(`testing/${name}`, import.meta.url).pathname

describe('staticImportGraph', () => {
  it('follows relative static imports and records bare ones', () => {
    const graph = staticImportGraph(file('run-gateway-conformance.ts'))
    expect(graph.get(file('run-gateway-conformance.ts'))).toContain('vitest')
    expect(graph.has(file('gateway-contract.ts'))).toBe(true)
    expect(graph.has(file('../money/index.ts'))).toBe(true)
  })

  it('skips type-only imports: the model is types, so it is never loaded from here', () => {
    const graph = staticImportGraph(file('conformance-options.ts'))
    expect([...graph.keys()]).toEqual([file('conformance-options.ts')])
  })
})

describe('modulesImporting', () => {
  it('names the modules that import a matching specifier, and none when nothing matches', () => {
    const entry = file('run-gateway-conformance.ts')
    expect(modulesImporting(entry, (specifier) => specifier === 'vitest')).toContain(entry)
    expect(modulesImporting(entry, loadsZod)).toEqual([])
  })
})
