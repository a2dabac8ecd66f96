import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { BlockResult } from './check.js'
import { checkBlocks, collectBlocks } from './check.js'
import { allMarkdownFiles, toRepoPath } from './discover.js'
import { MARKDOWN_ROOT } from './paths.js'
import { removeRunFolders } from './run.js'
import { stopSharedServers } from './servers.js'

/**
 * `pnpm --filter @paymux/docs-check run check [markdown files…]`: checks the
 * given files (repository-relative; none = all), prints each block with its
 * flags and outcome, TypeScript's messages at their markdown lines, and the
 * counts. Exits 1 when a block fails.
 */
async function main(argv: readonly string[]): Promise<number> {
  // An unknown option is refused rather than ignored: a typo must not run a different check than the one asked for.
  const unknown = argv.filter((a) => a.startsWith('--') && !OPTIONS.includes(a))
  if (unknown.length > 0) {
    console.error(`unknown option: ${unknown.join(', ')}\n${USAGE}`)
    return 2
  }
  const typecheckOnly = argv.includes('--typecheck-only')
  const given = argv.filter((a) => !a.startsWith('--'))
  const files = given.length > 0 ? given.map(toRepoPath) : allMarkdownFiles()
  const missing = files.filter((f) => !existsSync(join(MARKDOWN_ROOT, f)))
  if (missing.length > 0) {
    console.error(`no such markdown file: ${missing.join(', ')} (paths are relative to the repository root)`)
    return 2
  }
  const results = await checkBlocks(collectBlocks(files), {
    typecheckOnly,
    onResult: (result) => console.log(describe(result)),
  })
  await stopSharedServers()
  removeRunFolders()
  console.log(summary(results))
  return results.some((r) => r.status === 'fail') ? 1 : 0
}

const OPTIONS: readonly string[] = ['--typecheck-only']
const USAGE = 'usage: pnpm --filter @paymux/docs-check run check [--typecheck-only] [markdown files…]'

function describe(r: BlockResult): string {
  const { block } = r
  const flags = block.meta.trim() ? ` [${block.meta.trim()}]` : ''
  const ran = r.run?.skipped ? ` (not run: ${r.run.skipped})` : r.run ? ` (ran in ${r.run.ms} ms)` : ''
  const head = `${r.status === 'fail' ? 'FAIL' : r.status === 'no-check' ? 'SKIP' : 'ok  '} ${block.source}:${block.line}${flags}${ran}`
  const lines = [head]
  for (const d of r.diagnostics)
    lines.push(`     ${d.where}${d.code ? ` TS${d.code}` : ''}: ${d.message.replace(/\n/g, '\n       ')}`)
  if (r.run && !r.run.ok) lines.push(`     run failed:\n${indent(r.run.output, '       ')}`)
  return lines.join('\n')
}

function indent(text: string, by: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((l) => by + l)
    .join('\n')
}

/** The counts the note reports. */
function summary(results: readonly BlockResult[]): string {
  const count = (p: (r: BlockResult) => boolean) => results.filter(p).length
  const checked = count((r) => r.status !== 'no-check' && r.diagnostics.length === 0)
  return [
    `blocks: ${results.length}`,
    `type-checked: ${checked}`,
    `run: ${count((r) => r.run?.ok === true && !r.run.skipped)} of ${count((r) => r.block.flags.run)} marked run`,
    `no-check: ${count((r) => r.status === 'no-check')}`,
    `failing: ${count((r) => r.status === 'fail')}`,
  ].join(', ')
}

process.exitCode = await main(process.argv.slice(2))
