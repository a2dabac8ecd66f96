import { join } from 'node:path'
import { blocksOfFile, type DocBlock } from './blocks.js'
import { MARKDOWN_ROOT } from './paths.js'
import { isVitestModule, type PlannedRun, runBlock, runPage } from './run.js'
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
  /** Called with each block's result, in document order, as soon as it is known. */
  readonly onResult?: (result: BlockResult) => void
  /** How long one block may run. @default RUN_TIMEOUT_MS (30 s) */
  readonly timeoutMs?: number
}

/** How many child processes run blocks at once (a page's blocks, or one vitest block). */
const RUN_CONCURRENCY = 2

/** Type-checks the blocks (one twoslash program), then runs the `run` blocks that type-check. */
export async function checkBlocks(
  blocks: readonly DocBlock[],
  options: CheckOptions = {},
): Promise<BlockResult[]> {
  const diagnostics = typecheckBlocks(blocks)
  const runs = options.typecheckOnly
    ? new Map<DocBlock, Promise<RunOutcome>>()
    : startRuns(blocks, diagnostics, options)
  const results: BlockResult[] = []
  for (const block of blocks) {
    const result = await resultOf(block, diagnostics.get(block) ?? [], runs.get(block))
    options.onResult?.(result)
    results.push(result)
  }
  return results
}

/** A block's result from its type check and, for a `run` block that type-checks, its run. */
export async function resultOf(
  block: DocBlock,
  diagnostics: readonly BlockDiagnostic[],
  run: Promise<RunOutcome> | undefined,
): Promise<BlockResult> {
  if (block.flags.noCheck) return { block, status: 'no-check', diagnostics: [] }
  if (diagnostics.length > 0 || run === undefined) {
    return { block, status: diagnostics.length > 0 ? 'fail' : 'pass', diagnostics }
  }
  const outcome = await run
  return { block, status: outcome.ok ? 'pass' : 'fail', diagnostics, run: outcome }
}

/**
 * Starts running every `run` block that type-checks: one job per markdown
 * file for its plain blocks (one child process, document order), one job per
 * block that imports vitest, {@link RUN_CONCURRENCY} jobs at a time.
 * Returns each block's outcome, to await.
 */
export function startRuns(
  blocks: readonly DocBlock[],
  diagnostics: ReadonlyMap<DocBlock, readonly BlockDiagnostic[]>,
  options: { readonly timeoutMs?: number } = {},
): Map<DocBlock, Promise<RunOutcome>> {
  const runOptions = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }
  const outcomes = new Map<DocBlock, Promise<RunOutcome>>()
  // The longest jobs first (a vitest run, then the pages with most blocks), so neither process idles at the end.
  const jobs: { readonly weight: () => number; readonly run: () => Promise<void> }[] = []
  const pages = new Map<string, { run: PlannedRun; settle: (o: RunOutcome) => void }[]>()
  for (const block of blocks) {
    if (!block.flags.run || block.flags.noCheck || (diagnostics.get(block)?.length ?? 1) > 0) continue
    const run = { block, earlier: earlierModules(blocks, block) }
    const { promise, settle } = deferred()
    outcomes.set(block, promise)
    if (isVitestModule(moduleText(block), moduleName(block))) {
      jobs.push({
        weight: () => 1_000,
        run: () => settleAll([settle], () => runBlock(block, run.earlier, runOptions).then((o) => [o])),
      })
      continue
    }
    let page = pages.get(block.source)
    if (page === undefined) {
      page = []
      pages.set(block.source, page)
      const members = page
      jobs.push({
        weight: () => members.length,
        run: () =>
          settleAll(
            members.map((m) => m.settle),
            () =>
              runPage(
                members.map((m) => m.run),
                runOptions,
              ),
          ),
      })
    }
    page.push({ run, settle })
  }
  const queue = [...jobs].sort((a, b) => b.weight() - a.weight())
  const worker = async () => {
    for (let job = queue.shift(); job !== undefined; job = queue.shift()) await job.run()
  }
  void Promise.all(Array.from({ length: RUN_CONCURRENCY }, worker))
  return outcomes
}

/** Settles each block of a job with its outcome, or all of them with the job's own failure. */
async function settleAll(
  settles: readonly ((o: RunOutcome) => void)[],
  job: () => Promise<readonly RunOutcome[]>,
): Promise<void> {
  try {
    const outcomes = await job()
    for (const [i, settle] of settles.entries()) {
      settle(outcomes[i] ?? { ok: false, output: 'the run gave no outcome', ms: 0 })
    }
  } catch (error) {
    const output = `the run could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`
    for (const settle of settles) settle({ ok: false, output, ms: 0 })
  }
}

function deferred(): { promise: Promise<RunOutcome>; settle: (o: RunOutcome) => void } {
  let settle: (o: RunOutcome) => void = () => {}
  const promise = new Promise<RunOutcome>((resolve) => {
    settle = resolve
  })
  return { promise, settle }
}
