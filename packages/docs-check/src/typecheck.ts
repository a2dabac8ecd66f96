import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createTwoslasher, getObjectHash, type TwoslashInstance } from 'twoslash'
import * as ts from 'typescript'
import type { DocBlock } from './blocks.js'
import { PACKAGE_DIR, PRELUDES_DIR } from './paths.js'

/**
 * What a user's strict ESM project has: `nodenext` (the strictest resolution
 * we support, so relative imports need their `.js`), Node's types, no DOM,
 * and the checks `tsc --init` turns on since TypeScript 5.9
 * (`exactOptionalPropertyTypes`, `noUncheckedIndexedAccess`), so an example
 * copied into a new project compiles there too.
 * `@paymux/source` resolves the workspace packages to their sources, so the
 * check needs no build.
 */
export const COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  moduleDetection: ts.ModuleDetectionKind.Force,
  lib: ['lib.es2023.d.ts'],
  types: ['node'],
  customConditions: ['@paymux/source'],
  skipLibCheck: true,
  esModuleInterop: true,
  noEmit: true,
}

/** Twoslash's cached TypeScript environment (an @typescript/vfs one). */
type VirtualTypeScriptEnvironment =
  NonNullable<ReturnType<TwoslashInstance['getCacheMap']>> extends Map<string, infer E> ? E : never

/** One TypeScript message, placed in the markdown file (or the prelude) it comes from. */
export interface BlockDiagnostic {
  /** `docs/core.md:42:7` or `packages/docs-check/preludes/x.ts:3:1`. */
  readonly where: string
  readonly code: number
  readonly message: string
}

/** A module another block of the same markdown file may import (`file=`). */
export interface NamedModule {
  readonly file: string
  readonly code: string
}

let twoslasher: TwoslashInstance | undefined

/** The one twoslash instance: its TypeScript environment is cached across blocks. */
function instance(): TwoslashInstance {
  twoslasher ??= createTwoslasher({
    tsModule: ts,
    vfsRoot: PACKAGE_DIR,
    compilerOptions: COMPILER_OPTIONS,
    // Errors come back as nodes (not thrown), positions stay those of the input.
    handbookOptions: { noErrorValidation: true, noStaticSemanticInfo: true, keepNotations: true },
  })
  return twoslasher
}

/** The prelude's text, or undefined when `preludes/<name>.ts` does not exist. */
export function readPrelude(name: string): string | undefined {
  const path = join(PRELUDES_DIR, `${name}.ts`)
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined
}

/** The module a block is: its prelude (if any) in front of its code. */
export function moduleText(block: DocBlock): string {
  const prelude = block.flags.prelude ? (readPrelude(block.flags.prelude) ?? '') : ''
  return prelude ? `${prelude.replace(/\n*$/, '\n')}${block.code}` : block.code
}

/** The file name a block has among its markdown file's modules. */
export function moduleName(block: DocBlock): string {
  const ext = block.lang === 'tsx' ? 'tsx' : 'ts'
  return block.flags.file ?? `block-${block.line}.${ext}`
}

/** A folder of the virtual file system per markdown file, so `file=` names never meet across files. */
function virtualDir(source: string): string {
  return `.vfs/${source.replace(/[^\w.-]+/g, '__')}`
}

/** A block's virtual file: its prelude's lines, then its code. */
interface Section {
  readonly block: DocBlock
  readonly path: string
  readonly preludeLines: number
}

let environment: VirtualTypeScriptEnvironment | undefined

/**
 * Twoslash's TypeScript environment for {@link COMPILER_OPTIONS}: a virtual
 * file system over the real one (lib files, node_modules, the packages'
 * sources through `@paymux/source`), created by a first twoslash run and
 * kept in twoslash's cache.
 */
function typescriptEnvironment(): VirtualTypeScriptEnvironment {
  if (environment) return environment
  const tw = instance()
  const { meta } = tw('export {}\n', 'ts', { handbookOptions: { noErrors: true } })
  environment = tw.getCacheMap()?.get(getObjectHash(meta.compilerOptions))
  if (!environment) throw new Error('twoslash kept no TypeScript environment (its cache is on by default)')
  return environment
}

/**
 * Type-checks blocks together: each block is a file of twoslash's virtual
 * file system (its prelude, then its code) in a folder per markdown file,
 * beside that file's `file=` modules. All files are written first and the
 * diagnostics read after, so one TypeScript program and one checker serve
 * every block: twoslash's own per-snippet run re-creates the program for each
 * file it adds, 0.8 s per block against the packages' sources, which made the
 * whole docs take a minute and a half.
 * Returns each block's messages, placed at markdown (or prelude) lines.
 */
export function typecheckBlocks(blocks: readonly DocBlock[]): Map<DocBlock, BlockDiagnostic[]> {
  const out = new Map<DocBlock, BlockDiagnostic[]>()
  const sections: Section[] = []
  const env = typescriptEnvironment()
  for (const block of blocks) {
    if (block.flags.noCheck) continue
    const prelude = block.flags.prelude ? readPrelude(block.flags.prelude) : undefined
    if (block.flags.prelude && prelude === undefined) {
      const message = `no prelude packages/docs-check/preludes/${block.flags.prelude}.ts`
      out.set(block, [{ where: `${block.source}:${block.line}`, code: 0, message }])
      continue
    }
    const path = `${PACKAGE_DIR}/${virtualDir(block.source)}/${moduleName(block)}`
    env.createFile(path, moduleText(block))
    const preludeLines = prelude ? prelude.replace(/\n*$/, '').split('\n').length : 0
    sections.push({ block, path, preludeLines })
  }
  try {
    for (const section of sections) out.set(section.block, diagnosticsOf(env, section))
  } finally {
    // The environment is kept: empty the files so the next check starts clean.
    for (const { path } of sections) env.createFile(path, '')
  }
  return out
}

function diagnosticsOf(env: VirtualTypeScriptEnvironment, section: Section): BlockDiagnostic[] {
  const ls = env.languageService
  return [...ls.getSyntacticDiagnostics(section.path), ...ls.getSemanticDiagnostics(section.path)]
    .filter((d) => d.category === ts.DiagnosticCategory.Error && d.file?.fileName === section.path)
    .map((d) => {
      const pos = (d.file as ts.SourceFile).getLineAndCharacterOfPosition(d.start ?? 0)
      return {
        where: place(section, pos.line, pos.character),
        code: d.code,
        message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
      }
    })
}

/** A line of a block's virtual file as a markdown (or prelude) position. */
function place({ block, preludeLines }: Section, line: number, character: number): string {
  return line >= preludeLines
    ? `${block.source}:${block.codeLine + line - preludeLines}:${character + 1}`
    : `packages/docs-check/preludes/${block.flags.prelude}.ts:${line + 1}:${character + 1}`
}
