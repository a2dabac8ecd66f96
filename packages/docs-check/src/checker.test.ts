import { spawnSync } from 'node:child_process'
import { afterAll, describe, expect, test } from 'vitest'
import { blocksOfMarkdown, type DocBlock, UnknownFlagError } from './blocks.js'
import { checkBlocks, collectBlocks, earlierModules, resultOf } from './check.js'
import { PACKAGE_DIR } from './paths.js'
import { isVitestModule, removeRunFolders, runPage } from './run.js'
import { stopSharedServers } from './servers.js'
import { typecheckBlocks } from './typecheck.js'

// The checker's own behaviour, on the markdown files under fixtures/ (never
// part of the docs): where messages land, what each flag does, and what a run
// sees and reports.
const typecheckMd = 'packages/docs-check/fixtures/typecheck.md'
const runMd = 'packages/docs-check/fixtures/run.md'

afterAll(async () => {
  await stopSharedServers()
  removeRunFolders()
})

function byLine(blocks: readonly DocBlock[], line: number): DocBlock {
  const block = blocks.find((b) => b.line === line)
  if (block === undefined) throw new Error(`no block at line ${line}`)
  return block
}

describe('finding blocks and their flags', () => {
  test('reads the fence line, the language and the flags of each ts block, and skips other languages', () => {
    const md =
      '# x\n\n```sh\nls\n```\n\n```ts prelude=a run\nconst x = 1\n```\n\n- item\n\n  ```typescript file=b.ts\n  export {}\n  ```\n'
    const blocks = blocksOfMarkdown('x.md', md)
    expect(blocks.map((b) => [b.line, b.lang, b.flags])).toEqual([
      [7, 'ts', { prelude: 'a', run: true, noCheck: false }],
      [13, 'typescript', { file: 'b.ts', run: false, noCheck: false }],
    ])
    expect(blocks[1]?.code).toBe('export {}')
  })

  test.each(['runn', 'prelude', 'file=x.js', 'nocheck', 'prelude= run'])(
    'refuses the unknown flag %j',
    (flag) => {
      expect(() => blocksOfMarkdown('x.md', `\`\`\`ts ${flag}\nconst x = 1\n\`\`\`\n`)).toThrow(
        UnknownFlagError,
      )
    },
  )

  test('refuses no-check with another flag', () => {
    expect(() => blocksOfMarkdown('x.md', '```ts no-check run\nx\n```\n')).toThrow(/cannot be combined/)
  })
})

describe('the type check', () => {
  const blocks = collectBlocks([typecheckMd, 'packages/docs-check/fixtures/elsewhere.md'])
  const diagnostics = typecheckBlocks(blocks)
  const messages = (line: number) =>
    diagnostics.get(byLine(blocks, line))?.map((d) => `${d.where} TS${d.code}`)

  test("places TypeScript's message at the markdown line and column", () => {
    expect(messages(5)).toEqual([`${typecheckMd}:7:7 TS2322`])
  })

  test('compiles the prelude in front of a fragment', () => {
    expect(messages(12)).toEqual([])
  })

  test('reports a missing prelude', () => {
    expect(diagnostics.get(byLine(blocks, 18))?.[0]?.message).toMatch(
      /no prelude .*fixture-no-such-prelude\.ts/,
    )
  })

  test('lets a later block of the same file import a file= module, with its real types', () => {
    expect(messages(24)).toEqual([])
    expect(messages(28)).toEqual([`${typecheckMd}:31:7 TS2322`])
  })

  test("does not let another markdown file import a file's modules", () => {
    const other = blocks.find((b) => b.source.endsWith('elsewhere.md'))
    expect(other && diagnostics.get(other)?.map((d) => d.code)).toEqual([2307])
  })

  test('does not type-check a no-check block', async () => {
    const block = byLine(blocks, 36)
    expect(diagnostics.has(block)).toBe(false)
    expect((await resultOf(block, [], undefined)).status).toBe('no-check')
  })

  test('lists the file= modules before a block', () => {
    expect(earlierModules(blocks, byLine(blocks, 28)).map((m) => m.file)).toEqual(['fixture-lib.ts'])
    expect(earlierModules(blocks, byLine(blocks, 24))).toEqual([])
  })
})

describe('running blocks', () => {
  const blocks = collectBlocks([runMd])
  const containing = (text: string) => {
    const found = blocks.filter((b) => b.code.includes(text))
    if (found.length === 0) throw new Error(`no block with ${text}`)
    return found
  }
  // One page run (plain blocks in one child process, vitest blocks each in their own).
  const results = checkBlocks(blocks, { timeoutMs: 15_000 })
  const outcome = async (text: string, nth = 0) => {
    const block = containing(text)[nth]
    const result = (await results).find((r) => r.block === block)
    if (result?.run === undefined) throw new Error(`the block with ${text} did not run`)
    return result.run
  }

  test('runs a checkout sent to the provider origin against the emulator, its output its own', async () => {
    const run = await outcome('fixture: checkout')
    expect(run.ok).toBe(true)
    expect(run.output).toMatch(/^fixture: checkout \S+$/)
  })

  test('fails a block that throws, with what it threw', async () => {
    const run = await outcome('fixture: this block fails on purpose')
    expect(run.ok).toBe(false)
    expect(run.output).toContain('the block threw: Error: fixture: this block fails on purpose')
  })

  test("gives the next block fresh emulators, the emulators' test values and no environment left over", async () => {
    const run = await outcome('assert.equal(process.env.FIXTURE_LEFTOVER, undefined)')
    expect(run.output).toBe('')
    expect(run.ok).toBe(true)
  })

  test('runs a block importing vitest as a test file, and fails it when its test fails', async () => {
    expect((await outcome("test('the env is set before the module runs'")).ok).toBe(true)
    const failing = await outcome('fixture: fails on purpose')
    expect(failing.ok).toBe(false)
    expect(failing.output).toContain('fixture: fails on purpose')
  })

  test('gives each block its own Redis server and its own database (the second sees nothing of the first)', async () => {
    for (const nth of [0, 1]) {
      const run = await outcome("redis.set('docs-check', '1')", nth)
      expect(run.output).toBe('')
      expect(run.ok).toBe(true)
    }
  })

  test("evaluates a file= module afresh for each block that imports it, under that block's emulators", async () => {
    for (const nth of [0, 1]) {
      const run = await outcome("from './fixture-evaluated.js'", nth)
      expect(run.output).toBe('')
      expect(run.ok).toBe(true)
    }
  })

  test('fails a block past its timeout and one that ends the process, then runs the next in a new process', async () => {
    const never = await outcome('fixture: never ends')
    expect(never.ok).toBe(false)
    expect(never.output).toContain('still running after 15000 ms')
    const exits = await outcome('fixture: exits')
    expect(exits.ok).toBe(false)
    expect(exits.output).toContain('the process ended during this block (exit code 7)')
    const after = await outcome('fixture: after the others')
    expect(after).toMatchObject({ ok: true, output: 'fixture: after the others' })
    // Each block's own time, not the process's divided among its blocks.
    expect(never.ms).toBeGreaterThanOrEqual(15_000)
    expect(after.ms).toBeLessThan(never.ms)
  })

  test('runs a module as a vitest file when it imports vitest or is named *.test.ts (a suite helper calls vitest)', () => {
    expect(isVitestModule("import { test } from 'vitest'", 'block-3.ts')).toBe(true)
    expect(
      isVitestModule("import { runGatewayConformance } from '@paymux/core/testing'", 'acme.test.ts'),
    ).toBe(true)
    expect(isVitestModule("const note = 'vitest'", 'block-3.ts')).toBe(false)
  })

  test('kills a single block run past its timeout', async () => {
    const [block] = containing('fixture: never ends')
    const [result] = await runPage([{ block: block as DocBlock, earlier: [] }], { timeoutMs: 4_000 })
    expect(result?.ok).toBe(false)
    expect(result?.output).toContain('still running after 4000 ms')
  })
})

describe('the check command', () => {
  test('prints each block with its outcome, the messages at markdown lines and the counts, and exits 1 on a failure', () => {
    const cli = spawnSync(
      process.execPath,
      ['--conditions=@paymux/source', '--import', 'tsx', 'src/cli.ts', '--typecheck-only', typecheckMd],
      { cwd: PACKAGE_DIR, encoding: 'utf8' },
    )
    expect(cli.status).toBe(1)
    expect(cli.stdout).toContain(
      `FAIL ${typecheckMd}:5\n     ${typecheckMd}:7:7 TS2322: Type 'string' is not assignable`,
    )
    expect(cli.stdout).toContain(`ok   ${typecheckMd}:12 [prelude=fixture-money]`)
    expect(cli.stdout).toContain(`SKIP ${typecheckMd}:36 [no-check]`)
    expect(cli.stdout).toContain(
      `${typecheckMd}:18: no prelude packages/docs-check/preludes/fixture-no-such-prelude.ts`,
    )
    expect(cli.stdout).toContain(
      'blocks: 6, type-checked: 2, run: 0 of 0 marked run, no-check: 1, failing: 3',
    )
  })

  test('refuses an unknown option, with the usage, before checking anything', () => {
    const cli = spawnSync(
      process.execPath,
      ['--conditions=@paymux/source', '--import', 'tsx', 'src/cli.ts', '--typecheck-onyl', typecheckMd],
      { cwd: PACKAGE_DIR, encoding: 'utf8' },
    )
    expect(cli.status).toBe(2)
    expect(cli.stderr).toContain('unknown option: --typecheck-onyl')
    expect(cli.stderr).toContain('usage: pnpm --filter @paymux/docs-check run check [--typecheck-only]')
    expect(cli.stdout).toBe('')
  })

  test('refuses a markdown file that does not exist', () => {
    const cli = spawnSync(
      process.execPath,
      ['--conditions=@paymux/source', '--import', 'tsx', 'src/cli.ts', 'docs/no-such-page.md'],
      { cwd: PACKAGE_DIR, encoding: 'utf8' },
    )
    expect(cli.status).toBe(2)
    expect(cli.stderr).toContain('no such markdown file: docs/no-such-page.md')
  })
})
