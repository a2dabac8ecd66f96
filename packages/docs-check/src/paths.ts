import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** packages/docs-check: the virtual file system's root, so imports resolve from its node_modules. */
export const PACKAGE_DIR: string = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** The repository root: markdown paths are given and shown relative to it. */
export const REPO_ROOT: string = resolve(PACKAGE_DIR, '../..')

/** Where `prelude=<name>` finds `<name>.ts`. */
export const PRELUDES_DIR: string = join(PACKAGE_DIR, 'preludes')

/**
 * Where the markdown files are read: the repository root, or
 * `DOCS_CHECK_ROOT` (a copy of the docs at another commit, to measure them).
 */
export const MARKDOWN_ROOT: string = process.env.DOCS_CHECK_ROOT
  ? resolve(process.env.DOCS_CHECK_ROOT)
  : REPO_ROOT
