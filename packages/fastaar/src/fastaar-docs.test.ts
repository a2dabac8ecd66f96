import { readFileSync } from 'node:fs'
import { renderRetryTable } from '@paymux/core/adapter-kit'
import { describe, expect, it } from 'vitest'
import { FASTAAR_ENDPOINTS } from './fastaar-endpoints.js'

const page = readFileSync(new URL('../../../docs/providers/fastaar.md', import.meta.url), 'utf8')

describe('docs/providers/fastaar.md', () => {
  it('shows the retry table of FASTAAR_ENDPOINTS, as rendered from it: the page cannot drift from the code', () => {
    const table = /<!-- retry-table:start -->\n([\s\S]*?)\n<!-- retry-table:end -->/.exec(page)?.[1]
    expect(
      table,
      'the page needs a <!-- retry-table:start --> … <!-- retry-table:end --> block',
    ).toBeDefined()
    expect(table?.trim()).toBe(renderRetryTable(FASTAAR_ENDPOINTS))
  })
})
