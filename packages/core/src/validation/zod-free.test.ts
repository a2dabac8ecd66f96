import { describe, expect, it } from 'vitest'
import { loadsZod, modulesImporting } from '../import-graph.test-support.js'

const file = (name: string) => new URL(name, import.meta.url).pathname

// The input rules take zod and zod/mini schemas but import zod only as types: importing
// '@paymux/core' must not load zod; the neutral schemas load it, from their own subpath.
describe('zod stays out of the cold import', () => {
  it('the validation rules load no zod', () => {
    expect(modulesImporting(file('index.ts'), loadsZod)).toEqual([])
  })

  it('the package root loads no zod, although it exports every validation rule', () => {
    expect(modulesImporting(file('../index.ts'), loadsZod)).toEqual([])
  })

  it('the neutral schemas are where zod/mini comes in', () => {
    expect(modulesImporting(file('../schemas/index.ts'), loadsZod)).toEqual(
      expect.arrayContaining([file('../schemas/session-input.ts'), file('../money/money-schema.ts')]),
    )
  })
})
