import { readdirSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { MARKDOWN_ROOT, REPO_ROOT } from './paths.js'

/** Every markdown file the check covers: README.md, docs/**\/*.md, packages/*\/README.md (repository-relative, sorted). */
export function allMarkdownFiles(): string[] {
  const files = ['README.md', ...walk('docs')]
  for (const entry of readdirSync(join(MARKDOWN_ROOT, 'packages'), { withFileTypes: true })) {
    if (
      entry.isDirectory() &&
      readdirSync(join(MARKDOWN_ROOT, 'packages', entry.name)).includes('README.md')
    ) {
      files.push(`packages/${entry.name}/README.md`)
    }
  }
  return files.sort()
}

function walk(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(join(MARKDOWN_ROOT, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`
    if (entry.isDirectory()) out.push(...walk(path))
    else if (entry.name.endsWith('.md')) out.push(path)
  }
  return out
}

/** A path given on the command line (relative to the repository root, or absolute), as reports show it. */
export function toRepoPath(path: string): string {
  return relative(REPO_ROOT, resolve(REPO_ROOT, path)).split('\\').join('/')
}
