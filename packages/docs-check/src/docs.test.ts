import { afterAll, describe, expect, test } from 'vitest'
import { collectBlocks, finish } from './check.js'
import { allMarkdownFiles } from './discover.js'
import { stopSharedServers } from './servers.js'
import { typecheckBlocks } from './typecheck.js'

// Every TypeScript block of README.md, docs/ and the package READMEs: one
// test per block, named `file:line` (the opening fence). The type check is one
// twoslash program for all blocks, made while the file is collected; each
// test reports its block's messages and, for `run` blocks, runs it.
const blocks = collectBlocks(allMarkdownFiles())
const diagnostics = typecheckBlocks(blocks)

afterAll(stopSharedServers)

describe.concurrent('docs blocks', () => {
  test('the docs have TypeScript blocks', () => {
    expect(blocks.length).toBeGreaterThan(0)
  })
  for (const block of blocks) {
    const flags = block.meta.trim() ? ` [${block.meta.trim()}]` : ''
    test(`${block.source}:${block.line}${flags}`, async () => {
      const result = await finish(block, diagnostics.get(block) ?? [], blocks)
      const messages = result.diagnostics.map((d) => `${d.where} TS${d.code}: ${d.message}`)
      expect(messages, 'TypeScript errors').toEqual([])
      if (result.run?.skipped) console.warn(`${block.source}:${block.line} not run: ${result.run.skipped}`)
      if (result.run) expect(result.run.ok, `the run failed:\n${result.run.output}`).toBe(true)
    })
  }
})
