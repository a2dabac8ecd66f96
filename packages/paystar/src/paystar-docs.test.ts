import { readFileSync } from 'node:fs'
import { renderRetryTable } from '@paymux/core/adapter-kit'
import { describe, expect, it } from 'vitest'
import { PAYSTAR_ENDPOINTS } from './paystar-endpoints.js'

const page = readFileSync(new URL('../../../docs/providers/paystar.md', import.meta.url), 'utf8')

describe('docs/providers/paystar.md', () => {
  it('shows the retry table of PAYSTAR_ENDPOINTS, exactly: the page cannot drift from the code', () => {
    const table = /<!-- retry-table:start -->\n([\s\S]*?)\n<!-- retry-table:end -->/.exec(page)?.[1]
    expect(table).toBe(renderRetryTable(PAYSTAR_ENDPOINTS))
  })
})
