import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

// What a user of a published @paymux package depends on, read from each public
// package.json (docs/releasing.md): the license, where the source and the docs
// live, that npm publishes it at all (scoped packages are private by default),
// the Node range, sideEffects for bundlers, the node10 typesVersions fallback
// and a files list that ships no tests.

const root = new URL('../../../', import.meta.url)
const REPOSITORY = 'https://github.com/paymux/paymux'
const PUBLIC = [
  '@paymux/cli',
  '@paymux/core',
  '@paymux/fastaar',
  '@paymux/faststar',
  '@paymux/paystar',
  '@paymux/store-postgres',
  '@paymux/store-redis',
]
/** The src files that must never ship: tests, type tests, their helpers and fixtures. */
const TEST_FILE = /\.test(-d)?\.ts$|(^|[/.])test-support\.ts$|(^|\/)fixtures\//

type Conditions = { readonly types?: string; readonly require?: { readonly types?: string } }

interface Manifest {
  readonly name: string
  readonly private?: boolean
  readonly license?: string
  readonly homepage?: string
  readonly bugs?: { readonly url?: string }
  readonly repository?: { readonly type?: string; readonly url?: string; readonly directory?: string }
  readonly publishConfig?: { readonly access?: string }
  readonly engines?: { readonly node?: string }
  readonly sideEffects?: boolean | readonly string[]
  readonly bin?: Readonly<Record<string, string>>
  readonly exports?: Readonly<Record<string, string | Conditions>>
  readonly typesVersions?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>
  readonly files?: readonly string[]
  readonly main?: string
  readonly types?: string
}

/** Every package folder with its manifest. */
const packages = readdirSync(new URL('packages/', root)).map((dir) => ({
  dir,
  manifest: JSON.parse(readFileSync(new URL(`packages/${dir}/package.json`, root), 'utf8')) as Manifest,
}))
const published = packages.filter(({ manifest }) => manifest.private !== true)

/**
 * What TypeScript's node10 resolution misses in `manifest`: each subpath export
 * with types needs a `typesVersions["*"]` entry naming the `.d.cts` its
 * `require` condition names (node10 reads no `exports`), and no entry may
 * outlive its export.
 */
function typesVersionsProblems(manifest: Manifest): string[] {
  const fallback = manifest.typesVersions?.['*'] ?? {}
  const wanted = new Map<string, string>()
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    const types = typeof target === 'string' ? undefined : (target.require?.types ?? target.types)
    if (subpath !== '.' && !subpath.includes('*') && types !== undefined) wanted.set(subpath.slice(2), types)
  }
  const problems = [...wanted].flatMap(([key, types]) => {
    const entry = fallback[key]
    return entry?.length === 1 && entry[0] === types
      ? []
      : [`typesVersions["*"]["${key}"] should be ["${types}"]`]
  })
  const stale = Object.keys(fallback).filter((key) => !wanted.has(key))
  const ranges = Object.keys(manifest.typesVersions ?? {}).filter((range) => range !== '*')
  return [
    ...problems,
    ...stale.map((key) => `typesVersions["*"]["${key}"] has no export`),
    ...ranges.map((range) => `typesVersions["${range}"]: only "*" is expected`),
  ]
}

/** `pattern` (an npm `files` glob: `*`, `**`) as a RegExp; a folder's pattern also matches what it holds. */
function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/^\.?\//, '')
    .split(/(\*\*\/|\*)/)
    .map((part) =>
      part === '**/' ? '(?:.*/)?' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('')
  return new RegExp(`^${body}(?:/.*)?$`)
}

/** Every file under `dir` of the package, as a path relative to the package folder. */
function filesUnder(dir: string, path: string): string[] {
  const folder = new URL(`packages/${dir}/${path}/`, root)
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(dir, `${path}/${entry.name}`) : [`${path}/${entry.name}`],
  )
}

describe('the public packages', () => {
  it('are the seven we publish; every other package is private', () => {
    expect(published.map(({ manifest }) => manifest.name).sort()).toEqual(PUBLIC)
  })
})

describe.each(published)('$manifest.name', ({ dir, manifest }) => {
  it('is MIT, with a LICENSE equal to the repository’s', () => {
    expect(manifest.license).toBe('MIT')
    const license = readFileSync(new URL(`packages/${dir}/LICENSE`, root), 'utf8')
    expect(license).toBe(readFileSync(new URL('LICENSE', root), 'utf8'))
  })

  it('names its repository folder, its docs page and where to file bugs', () => {
    expect(manifest.repository).toEqual({
      type: 'git',
      url: `git+${REPOSITORY}.git`,
      directory: `packages/${dir}`,
    })
    expect(manifest.bugs).toEqual({ url: `${REPOSITORY}/issues` })
    const page = manifest.homepage?.replace(`${REPOSITORY}/blob/main/`, '') ?? ''
    expect(page).toMatch(/^docs\/.+\.md$/)
    expect(existsSync(new URL(page, root))).toBe(true)
  })

  it('publishes publicly (a scoped package is private by default) for Node 20.19+', () => {
    expect(manifest.publishConfig?.access).toBe('public')
    expect(manifest.engines?.node).toBe('>=20.19')
  })

  it('declares sideEffects, listing every bin (running a bin is a side effect)', () => {
    expect(typeof manifest.sideEffects === 'boolean' || Array.isArray(manifest.sideEffects)).toBe(true)
    const bins = Object.values(manifest.bin ?? {})
    const listed = Array.isArray(manifest.sideEffects) ? manifest.sideEffects : []
    expect(bins.filter((bin) => !listed.includes(bin))).toEqual([])
  })

  it('gives node10 the types of every subpath export through typesVersions', () => {
    expect(typesVersionsProblems(manifest)).toEqual([])
    for (const [entry] of Object.values(manifest.typesVersions?.['*'] ?? {})) {
      expect(entry).toMatch(/\.d\.cts$/)
    }
  })

  it('gives the root the types of its main: node10 loads main (CommonJS), so its types are the .d.cts', () => {
    // An ESM .d.ts here, beside .d.cts subpaths, gave node10 two copies of core's error classes that did not match.
    const root = manifest.exports?.['.']
    const esmOnly = typeof root === 'object' && root.require === undefined
    expect(manifest.types).toBe(esmOnly ? './dist/index.d.ts' : manifest.main?.replace(/\.cjs$/, '.d.cts'))
  })

  it('ships no test, type test, test helper, fixture or source map', () => {
    const files = manifest.files ?? []
    const excluded = files.filter((pattern) => pattern.startsWith('!')).map((p) => globToRegExp(p.slice(1)))
    expect(files).toContain('!dist/**/*.map')
    const shipsSrc = files.includes('src')
    const tests = shipsSrc ? filesUnder(dir, 'src').filter((file) => TEST_FILE.test(file)) : []
    expect(tests.filter((file) => !excluded.some((pattern) => pattern.test(file)))).toEqual([])
    expect(files.some((pattern) => /^(bench|test|fixtures)\b/.test(pattern))).toBe(false)
  })
})

describe('typesVersionsProblems', () => {
  const testing = {
    import: { types: './dist/testing/index.d.ts' },
    require: { types: './dist/testing/index.d.cts' },
  }

  it('finds a subpath export without a typesVersions entry, a wrong target and a stale entry', () => {
    const name = '@paymux/example'
    expect(typesVersionsProblems({ name, exports: { '.': testing, './testing': testing } })).toEqual([
      'typesVersions["*"]["testing"] should be ["./dist/testing/index.d.cts"]',
    ])
    const wrong = { '*': { testing: ['./dist/testing/index.d.ts'], old: ['./dist/old.d.cts'] } }
    expect(typesVersionsProblems({ name, exports: { './testing': testing }, typesVersions: wrong })).toEqual([
      'typesVersions["*"]["testing"] should be ["./dist/testing/index.d.cts"]',
      'typesVersions["*"]["old"] has no export',
    ])
  })

  it('accepts the entry node10 needs, and asks nothing of the root, wildcards or package.json', () => {
    const exports = {
      '.': testing,
      './testing': testing,
      './sql/*.sql': './sql/*.sql',
      './package.json': './package.json',
    }
    const typesVersions = { '*': { testing: ['./dist/testing/index.d.cts'] } }
    expect(typesVersionsProblems({ name: '@paymux/example', exports, typesVersions })).toEqual([])
  })
})
