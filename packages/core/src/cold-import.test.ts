import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadsZod, modulesImporting, staticImportGraph } from './import-graph.test-support.js'

// Every gateway package, checked the same way: importing it loads no zod, its one schema module
// (`<gw>-schemas.ts`) does, and that module is loaded in one place, through the kit's `lazy`.
const GATEWAYS = ['faststar', 'fastaar', 'paystar'] as const

const source = (gateway: string, name = '') =>
  new URL(`../../${gateway}/src/${name}`, import.meta.url).pathname

describe.each(GATEWAYS)('cold import of @paymux/%s', (gateway) => {
  const file = (name: string) => source(gateway, name)

  it('loads no zod: the gateway and its endpoint table are in the graph, the schema module is not', () => {
    const graph = staticImportGraph(file('index.ts'))
    expect(graph.has(file(`${gateway}-gateway.ts`))).toBe(true)
    expect(graph.has(file(`${gateway}-endpoints.ts`))).toBe(true)
    expect(graph.has(file(`${gateway}-schemas.ts`))).toBe(false)
    expect(modulesImporting(file('index.ts'), loadsZod)).toEqual([])
  })

  it('brings zod in with its schema module, with the wire schemas', () => {
    expect(modulesImporting(file(`${gateway}-schemas.ts`), loadsZod)).toEqual(
      expect.arrayContaining([file(`${gateway}-api.ts`)]),
    )
  })

  it('loads the schema module in one place, through lazy()', () => {
    const sources = readdirSync(source(gateway), { recursive: true, encoding: 'utf8' }).filter(
      (name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.test-d.ts'),
    )
    // A dynamic import that loads the module, not a type query (`typeof import(…)`).
    const load = new RegExp(
      `(?<!typeof )import\\(\\s*['"][./]+(?:[\\w-]+/)*${gateway}-schemas\\.js['"]\\s*\\)`,
      'g',
    )
    const loads = sources.flatMap((name) =>
      [...readFileSync(file(name), 'utf8').matchAll(load)].map(() => name),
    )
    expect(loads).toHaveLength(1)
    expect(readFileSync(file(loads[0] ?? ''), 'utf8')).toMatch(
      new RegExp(`lazy\\(\\(\\) => import\\('\\./${gateway}-schemas\\.js'\\)\\)`),
    )
  })
})
