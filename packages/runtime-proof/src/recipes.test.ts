import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

// The deploy recipes show the code the runtime proof runs: each page's TypeScript blocks must hold
// src/app/payments.ts (as its `file=payments.ts` block) and the page's entry, byte for byte.
const RECIPES: Readonly<Record<string, string>> = {
  'cloudflare-workers.md': 'worker.ts',
  'vercel-edge.md': 'vercel-edge.ts',
  'deno.md': 'deno.ts',
  'bun.md': 'bun.ts',
}

interface Block {
  readonly info: string
  readonly code: string
}

/**
 * The ```ts blocks of a markdown text, with the words after the language. A regex, not a markdown
 * parser: mdast-util-from-markdown is docs-check's dependency, which this package cannot resolve (and
 * may not add), and docs-check does not export its `blocksOfMarkdown`. It sees only unindented ```ts
 * and ```typescript fences, which is how the four deploy recipes write theirs: a recipe block written
 * otherwise is not found, and its check fails (it never passes by missing a block).
 */
function tsBlocks(markdown: string): Block[] {
  const fence = /^```(?:ts|typescript)([^\n]*)\n([\s\S]*?)^```$/gm
  return [...markdown.matchAll(fence)].map((m) => ({
    info: (m[1] ?? '').trim(),
    code: (m[2] ?? '').trimEnd(),
  }))
}

const app = (name: string) => readFileSync(new URL(`./app/${name}`, import.meta.url), 'utf8').trimEnd()
const page = (name: string) => readFileSync(new URL(`../../../docs/deploy/${name}`, import.meta.url), 'utf8')

describe('the deploy recipes show the code CI runs', () => {
  for (const [recipe, entry] of Object.entries(RECIPES)) {
    it(`docs/deploy/${recipe}: payments.ts and ${entry}`, () => {
      const blocks = tsBlocks(page(recipe))
      const module = blocks.find((b) => b.info.split(/\s+/).includes('file=payments.ts'))
      expect(module?.code, 'the file=payments.ts block').toBe(app('payments.ts'))
      expect(
        blocks.map((b) => b.code),
        `a block holding src/app/${entry}`,
      ).toContain(app(entry))
    })
  }

  it('finds a block that differs by one character', () => {
    const markdown = [
      '```ts file=payments.ts',
      'const a = 1',
      '```',
      '```ts prelude=x',
      'const b = 2',
      '```',
    ].join('\n')
    expect(tsBlocks(markdown)).toEqual([
      { info: 'file=payments.ts', code: 'const a = 1' },
      { info: 'prelude=x', code: 'const b = 2' },
    ])
    expect(tsBlocks(markdown.replace('a = 1', 'a = 2'))[0]?.code).not.toBe('const a = 1')
  })
})
