import { readFileSync } from 'node:fs'
import { fromMarkdown } from 'mdast-util-from-markdown'

/** The fence languages the check covers: every other block is left alone. */
export const CHECKED_LANGS: ReadonlySet<string> = new Set(['ts', 'typescript', 'tsx', 'mts'])

/** The flags of one block, read from the words after the language in its info string. */
export interface BlockFlags {
  /** `prelude=<name>`: `preludes/<name>.ts` is compiled in front of the block. */
  readonly prelude?: string
  /** `file=<name>.ts`: later blocks of the same markdown file import it as `./<name>.js`. */
  readonly file?: string
  /** `run`: the block runs against the emulators after it type-checks. */
  readonly run: boolean
  /** `no-check`: the block is not a program; it is neither type-checked nor run. */
  readonly noCheck: boolean
}

/** One TypeScript block of a markdown file. */
export interface DocBlock {
  /** The markdown file, relative to the repository root (`docs/core.md`). */
  readonly source: string
  /** The 1-based line of the opening fence in the markdown file. */
  readonly line: number
  /** The line of the markdown file that holds the block's first code line. */
  readonly codeLine: number
  readonly lang: string
  /** The info string's words after the language, as written. */
  readonly meta: string
  readonly flags: BlockFlags
  readonly code: string
}

/** A block whose info string has a word the convention does not know. */
export class UnknownFlagError extends Error {
  override readonly name = 'UnknownFlagError'
}

/**
 * Parses the words after a block's language. Unknown words are an error
 * rather than ignored, so a typo (`prelud=x`, `runn`) cannot silently turn a
 * fragment into a failing whole module or skip a run.
 */
export function parseFlags(meta: string, where: string): BlockFlags {
  let prelude: string | undefined
  let file: string | undefined
  let run = false
  let noCheck = false
  for (const word of meta.split(/\s+/).filter(Boolean)) {
    const [key, value] = splitFlag(word)
    if (key === 'run' && value === undefined) run = true
    else if (key === 'no-check' && value === undefined) noCheck = true
    else if (key === 'prelude' && value) prelude = value
    else if (key === 'file' && value && /^[\w./-]+\.(ts|tsx|mts)$/.test(value)) file = value
    else
      throw new UnknownFlagError(
        `${where}: unknown block flag '${word}' (known: prelude=<name>, file=<name>.ts, run, no-check)`,
      )
  }
  if (noCheck && (run || prelude || file)) {
    throw new UnknownFlagError(`${where}: 'no-check' cannot be combined with other flags`)
  }
  return { ...(prelude ? { prelude } : {}), ...(file ? { file } : {}), run, noCheck }
}

function splitFlag(word: string): [string, string | undefined] {
  const at = word.indexOf('=')
  return at < 0 ? [word, undefined] : [word.slice(0, at), word.slice(at + 1)]
}

/** Every checked block of one markdown text, in document order. */
export function blocksOfMarkdown(source: string, text: string): DocBlock[] {
  const blocks: DocBlock[] = []
  const visit = (node: MdNode): void => {
    if (node.type === 'code' && node.lang && CHECKED_LANGS.has(node.lang) && node.position) {
      const line = node.position.start.line
      const meta = node.meta ?? ''
      blocks.push({
        source,
        line,
        codeLine: line + 1,
        lang: node.lang,
        meta,
        flags: parseFlags(meta, `${source}:${line}`),
        code: node.value ?? '',
      })
    }
    for (const child of node.children ?? []) visit(child)
  }
  visit(fromMarkdown(text) as MdNode)
  return blocks
}

/** Every checked block of one markdown file (`path` is absolute, `source` is what reports show). */
export function blocksOfFile(path: string, source: string): DocBlock[] {
  return blocksOfMarkdown(source, readFileSync(path, 'utf8'))
}

/** The few mdast fields the walk reads (kept local: mdast's own types are a transitive dependency). */
interface MdNode {
  readonly type: string
  readonly lang?: string | null
  readonly meta?: string | null
  readonly value?: string
  readonly position?: { readonly start: { readonly line: number } }
  readonly children?: readonly MdNode[]
}
