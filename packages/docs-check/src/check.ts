import { join } from 'node:path'
import { blocksOfFile, type DocBlock } from './blocks.js'
import { MARKDOWN_ROOT } from './paths.js'
import { runBlock } from './run.js'
import {
  type BlockDiagnostic,
  moduleName,
  moduleText,
  type NamedModule,
  typecheckBlocks,
} from './typecheck.js'

/** What checking one block found. */
export interface BlockResult {
  readonly block: DocBlock
  /** `no-check` blocks are counted, never checked. */
  readonly status: 'pass' | 'fail' | 'no-check'
  readonly diagnostics: readonly BlockDiagnostic[]
  /** Set when the block is `run` and type-checked: what the run did. */
  readonly run?: RunOutcome
}

/** What running a block did. */
export interface RunOutcome {
  readonly ok: boolean
  /** Set when the block could not run here (a server is missing outside CI): why. */
  readonly skipped?: string
  readonly output: string
  readonly ms: number
}

/** Every checked block of the given markdown files (repository-relative), in order. */
export function collectBlocks(files: readonly string[]): DocBlock[] {
  return files.flatMap((source) => blocksOfFile(join(MARKDOWN_ROOT, source), source))
}

/** The `file=` modules a block's markdown file declares before it: what it can import. */
export function earlierModules(all: readonly DocBlock[], block: DocBlock): NamedModule[] {
  return all
    .filter((b) => b.source === block.source && b.line < block.line && b.flags.file)
    .map((b) => ({ file: moduleName(b), code: moduleText(b) }))
}

/** Options of {@link checkBlocks}. */
export interface CheckOptions {
  /** Type-check only, even `run` blocks. @default false */
  readonly typecheckOnly?: boolean
  /** Called with each block's result as soon as it is known. */
  readonly onResult?: (result: BlockResult) => void
}

/** Type-checks the blocks (one twoslash program) and runs the `run` blocks that type-check, one at a time. */
export async function checkBlocks(
  blocks: readonly DocBlock[],
  options: CheckOptions = {},
): Promise<BlockResult[]> {
  const diagnostics = typecheckBlocks(blocks)
  const results: BlockResult[] = []
  for (const block of blocks) {
    const result = await finish(block, diagnostics.get(block) ?? [], blocks, options)
    options.onResult?.(result)
    results.push(result)
  }
  return results
}

/** A block's result once its type check is known: `run` blocks that type-check are run. */
export async function finish(
  block: DocBlock,
  diagnostics: readonly BlockDiagnostic[],
  all: readonly DocBlock[],
  options: CheckOptions = {},
): Promise<BlockResult> {
  if (block.flags.noCheck) return { block, status: 'no-check', diagnostics: [] }
  if (diagnostics.length > 0 || !block.flags.run || options.typecheckOnly) {
    return { block, status: diagnostics.length > 0 ? 'fail' : 'pass', diagnostics }
  }
  const run = await runBlock(block, earlierModules(all, block))
  return { block, status: run.ok ? 'pass' : 'fail', diagnostics, run }
}
