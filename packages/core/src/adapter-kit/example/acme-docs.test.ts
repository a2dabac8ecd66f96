import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { renderRetryTable } from '../endpoints.js'
import { ACME_ENDPOINTS } from './acme-endpoints.js'

// docs/contributing.md walks through this fixture, quoting it: these tests keep the page true.

/**
 * The fixture lives in core and imports it by relative paths; the page shows
 * each file as a gateway package writes it, importing core's entry points.
 */
const ENTRY_POINTS: Readonly<Record<string, string>> = {
  "'../index.js'": "'@paymux/core/adapter-kit'",
  "'../../schemas/index.js'": "'@paymux/core/schemas'",
  "'../../model/index.js'": "'@paymux/core'",
  "'../../testing/index.js'": "'@paymux/core/testing'",
  "'../../../emulator/index.js'": "'@paymux/core/emulator'",
}
const asPackage = (text: string) =>
  text.replace(/'(?:\.\.\/)+[\w/]*index\.js'/g, (specifier) => ENTRY_POINTS[specifier] ?? specifier)

const here = new URL('./', import.meta.url)
const page = readFileSync(new URL('../../../../../docs/contributing.md', import.meta.url), 'utf8')
const section = page.slice(page.indexOf('\n## Adding a gateway\n'), page.indexOf('\n## Running the checks\n'))
const quoted = [...section.matchAll(/^```ts file=(\S+)[^\n]*\n([\s\S]*?)^```$/gm)].map(([, file, code]) => ({
  file: file as string,
  code: code as string,
}))
const fixtureFiles = readdirSync(here, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
  .map((file) => file.replaceAll('\\', '/'))
  .sort()

describe('docs/contributing.md, "Adding a gateway"', () => {
  it('quotes the fixture whole: every block that names a file is that file, importing core by its entry points', () => {
    expect(section.length).toBeGreaterThan(1000)
    expect(quoted.length).toBeGreaterThanOrEqual(fixtureFiles.length)
    for (const { file, code } of quoted) {
      expect(code, `the block quoting ${file}`).toBe(asPackage(readFileSync(new URL(file, here), 'utf8')))
    }
    expect(quoted.some(({ code }) => code.includes("from '@paymux/core/adapter-kit'"))).toBe(true)
  })

  it('walks through every file of the fixture', () => {
    expect(fixtureFiles).toEqual([
      'acme-api.ts',
      'acme-endpoints.ts',
      'acme-gateway.ts',
      'acme-schemas.ts',
      'acme-settings.ts',
      'map-acme-session.ts',
      'testing/acme-emulator.ts',
    ])
    expect(fixtureFiles.filter((file) => !quoted.some((block) => block.file === file))).toEqual([])
  })

  it('shows the retry table the endpoint table renders', () => {
    const table = /<!-- retry-table:start -->\n([\s\S]*?)\n<!-- retry-table:end -->/.exec(section)?.[1]
    expect(table).toBe(renderRetryTable(ACME_ENDPOINTS))
  })

  it('states the fixture’s size', () => {
    const lines = fixtureFiles.reduce(
      (sum, file) => sum + (readFileSync(new URL(file, here), 'utf8').match(/\n/g)?.length ?? 0),
      0,
    )
    expect(section).toContain(`in ${lines} lines of TypeScript, its emulator included`)
  })
})
