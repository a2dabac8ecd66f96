import { afterAll, describe, expect, test } from 'vitest'
import { collectBlocks, resultOf, startRuns } from './check.js'
import { allMarkdownFiles } from './discover.js'
import { removeRunFolders } from './run.js'
import { stopSharedServers } from './servers.js'
import { typecheckBlocks } from './typecheck.js'

// Every TypeScript block of README.md, docs/ and the package READMEs: one
// test per block, named `file:line` (the opening fence). The type check is one
// twoslash program for all blocks, made while the file is collected; the runs
// start then too (a child process per page, two at a time), and each test
// awaits its block's.
const blocks = collectBlocks(allMarkdownFiles())
const diagnostics = typecheckBlocks(blocks)
const runs = startRuns(blocks, diagnostics)

afterAll(async () => {
  await stopSharedServers()
  removeRunFolders()
})

describe('docs blocks', () => {
  test('the docs have TypeScript blocks', () => {
    expect(blocks.length).toBeGreaterThan(0)
  })
  for (const block of blocks) {
    const flags = block.meta.trim() ? ` [${block.meta.trim()}]` : ''
    test(`${block.source}:${block.line}${flags}`, async () => {
      const result = await resultOf(block, diagnostics.get(block) ?? [], runs.get(block))
      const messages = result.diagnostics.map((d) => `${d.where} TS${d.code}: ${d.message}`)
      expect(messages, 'TypeScript errors').toEqual([])
      if (result.run?.skipped) console.warn(`${block.source}:${block.line} not run: ${result.run.skipped}`)
      if (result.run) expect(result.run.ok, `the run failed:\n${result.run.output}`).toBe(true)
    })
  }
})
