import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

// The naming table of docs/contributing.md ("Naming"), held against every
// gateway package and the Acme example: required files exist and declare
// their names, and no file keeps a name the table retired.

const root = new URL('../../../', import.meta.url)

/** Every gateway package, with its names: `<gw>`, `<Gw>`, and the folder that holds its `src`. */
const GATEWAYS = [
  { gw: 'faststar', Gw: 'FastStar', src: 'packages/faststar/src' },
  { gw: 'fastaar', Gw: 'Fastaar', src: 'packages/fastaar/src' },
  { gw: 'paystar', Gw: 'Paystar', src: 'packages/paystar/src' },
  { gw: 'acme', Gw: 'Acme', src: 'packages/core/src/adapter-kit/example' },
] as const

type Names = (typeof GATEWAYS)[number]

interface NamingRow {
  readonly file: string
  readonly declares: readonly string[]
  readonly required: boolean
}

const page = readFileSync(new URL('docs/contributing.md', root), 'utf8')
const naming = page.slice(page.indexOf('\n### Naming\n'), page.indexOf('\n### 1. '))
const [fileTable = [], oldTable = []] = tablesOf(naming)
const rows: NamingRow[] = fileTable.map(([file = '', , declares = '', required = '']) => ({
  file: codeSpans(file)[0] ?? '',
  declares: codeSpans(declares),
  required: required === 'yes',
}))
const oldNames = oldTable.map(([name = '']) => codeSpans(name)[0] ?? '')

/** The body rows of each Markdown table in `text`, as cells (header and rule dropped). */
function tablesOf(text: string): string[][][] {
  const tables = text.split(/\n\s*\n/).filter((block) => block.startsWith('|'))
  return tables.map((table) =>
    table
      .split('\n')
      .slice(2)
      .map((line) =>
        line
          .split('|')
          .slice(1, -1)
          .map((cell) => cell.trim()),
      ),
  )
}

function codeSpans(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1] as string)
}

function named(template: string, { gw, Gw }: Names): string {
  return template.replaceAll('<gw>', gw).replaceAll('<Gw>', Gw).replaceAll('<GW>', gw.toUpperCase())
}

/** A file-name pattern as a regex over paths relative to `src`: `*` stays within one name. */
function pattern(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '[^/]*')
  return new RegExp(`^${escaped}$`)
}

function sourceFiles(src: string): string[] {
  return readdirSync(new URL(`${src}/`, root), { recursive: true, encoding: 'utf8' })
    .map((file) => file.replaceAll('\\', '/'))
    .filter((file) => file.endsWith('.ts') && !file.includes('node_modules/'))
}

/** Whether `source` exports `name`: declared with `export`, or listed in an `export { … }`. */
function exportsName(source: string, name: string): boolean {
  const declared = new RegExp(
    `^export\\s+(?:declare\\s+)?(?:async\\s+)?(?:function\\*?|const|let|class|interface|type|enum)\\s+${name}\\b`,
    'm',
  )
  if (declared.test(source)) return true
  return [...source.matchAll(/^export\s+(?:type\s+)?\{([^}]*)\}/gm)].some((list) =>
    (list[1] as string)
      .split(',')
      .map((entry) =>
        entry
          .trim()
          .replace(/^type\s+/, '')
          .split(/\s+as\s+/)
          .pop(),
      )
      .includes(name),
  )
}

describe('the naming table in docs/contributing.md', () => {
  it('names the files and exports the issue asks for, and the old names it retires', () => {
    expect(rows.map((row) => row.file)).toEqual(
      expect.arrayContaining([
        '<gw>-api.ts',
        '<gw>-endpoints.ts',
        '<gw>-schemas.ts',
        'map-<gw>-*.ts',
        '<gw>-settings.ts',
        '<gw>-errors.ts',
        '<gw>-webhooks.ts',
        '<gw>-gateway.ts',
        'testing/<gw>-emulator.ts',
      ]),
    )
    expect(rows.flatMap((row) => row.declares)).toEqual(
      expect.arrayContaining([
        '<GW>_ENDPOINTS',
        '<Gw>NativeClient',
        '<Gw>Settings',
        'resolve<Gw>Settings',
        'create<Gw>',
        '<Gw>Gateway',
      ]),
    )
    expect(oldNames).toEqual(
      expect.arrayContaining([
        'load-*-schemas.ts',
        '*-load-schemas.ts',
        '*-input.ts',
        '*-inputs.ts',
        '*-client.ts',
        '*-transport-handlers.ts',
      ]),
    )
  })
})

describe.each(GATEWAYS)('$src', (names) => {
  const files = sourceFiles(names.src)

  it('has every required file of the naming table', () => {
    const missing = rows
      .filter((row) => row.required && !files.some((file) => pattern(named(row.file, names)).test(file)))
      .map((row) => named(row.file, names))
    expect(missing).toEqual([])
  })

  it('declares each name in the file the table gives it', () => {
    const undeclared = rows.flatMap((row) => {
      const file = named(row.file, names)
      const path = new URL(`${names.src}/${file}`, root)
      if (row.declares.length === 0 || !existsSync(path)) return []
      const source = readFileSync(path, 'utf8')
      return row.declares
        .map((template) => named(template, names))
        .filter((name) => !exportsName(source, name))
        .map((name) => `${file}: ${name}`)
    })
    expect(undeclared).toEqual([])
  })

  it('keeps no file under an old name', () => {
    const retired = oldNames.map(pattern)
    // A name the table gives is never an old one: `map-fastaar-create-input.ts` is a mapper.
    const tabled = rows.map((row) => pattern(named(row.file, names)))
    const old = files.filter(
      (file) =>
        !tabled.some((name) => name.test(file)) &&
        retired.some((name) => name.test(file.split('/').pop() as string)),
    )
    expect(old).toEqual([])
  })
})
