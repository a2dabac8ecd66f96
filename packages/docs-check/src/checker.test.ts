import { afterAll, describe, expect, test } from 'vitest'
import { blocksOfMarkdown, type DocBlock, UnknownFlagError } from './blocks.js'
import { collectBlocks, earlierModules, finish } from './check.js'
import { isVitestModule, runBlock } from './run.js'
import { stopSharedServers } from './servers.js'
import { typecheckBlocks } from './typecheck.js'

// The checker's own behaviour, on the markdown files under fixtures/ (never
// part of the docs): where messages land, what each flag does, and what a run
// sees and reports.
const typecheckMd = 'packages/docs-check/fixtures/typecheck.md'
const runMd = 'packages/docs-check/fixtures/run.md'

afterAll(stopSharedServers)

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
    expect((await finish(block, [], blocks)).status).toBe('no-check')
  })

  test('lists the file= modules before a block', () => {
    expect(earlierModules(blocks, byLine(blocks, 28)).map((m) => m.file)).toEqual(['fixture-lib.ts'])
    expect(earlierModules(blocks, byLine(blocks, 24))).toEqual([])
  })
})

describe('running blocks', () => {
  const blocks = collectBlocks([runMd])
  const run = (line: number) => finish(byLine(blocks, line), [], blocks)

  test('runs a checkout sent to the provider origin against the emulator', async () => {
    const result = await run(5)
    expect(result.run?.output).toBe('')
    expect(result.status).toBe('pass')
  })

  test('fails a block that throws, with what it threw', async () => {
    const result = await run(20)
    expect(result.status).toBe('fail')
    expect(result.run?.output).toContain('this block fails on purpose')
  })

  test("sets the emulators' test values and serves all three", async () => {
    const result = await run(26)
    expect(result.run?.output).toBe('')
    expect(result.status).toBe('pass')
  })

  test('runs a block importing vitest as a test file, and fails it when its test fails', async () => {
    expect((await run(47)).status).toBe('pass')
    const failing = await run(55)
    expect(failing.status).toBe('fail')
    expect(failing.run?.output).toContain('fails on purpose')
  })

  test('gives each block its own Redis server and its own database (twice: nothing left from the first)', async () => {
    for (let i = 0; i < 2; i += 1) {
      const result = await run(65)
      expect(result.run?.output).toBe('')
      expect(result.status).toBe('pass')
    }
  })

  test('runs a module as a vitest file when it imports vitest or is named *.test.ts (a suite helper calls vitest)', () => {
    expect(isVitestModule("import { test } from 'vitest'", 'block-3.ts')).toBe(true)
    expect(
      isVitestModule("import { runGatewayConformance } from '@paymux/core/testing'", 'acme.test.ts'),
    ).toBe(true)
    expect(isVitestModule("const note = 'vitest'", 'block-3.ts')).toBe(false)
  })

  test('kills a block that runs past its timeout', async () => {
    const result = await runBlock(byLine(blocks, 84), [], { timeoutMs: 4_000 })
    expect(result.ok).toBe(false)
    expect(result.output).toContain('still running after 4000 ms')
  })
})
