/** One block of a page run: its module, the environment its servers add, its timeout. */
export interface PageEntry {
  readonly file: string
  readonly env: Readonly<Record<string, string>>
  readonly timeoutMs: number
}

const START = '@@docs-check:start '
const END = '@@docs-check:end '

/** Written to stdout and stderr before block `index` runs. */
export function startMarker(index: number): string {
  return `\n${START}${index}@@\n`
}

/** Written to stdout when block `index` ended (`-1`: the block at hand timed out), after `ms` of its own. */
export function endMarker(index: number, ok: boolean, ms: number): string {
  return `\n${END}${index} ${ok ? 'ok' : 'fail'} ${Math.round(ms)}@@\n`
}

/** What a page run's output says about each block: its output (stdout, then stderr), whether it ended well and how long it took (unknown when the process ended during it). */
export function splitPageOutput(
  stdout: string,
  stderr: string,
): Map<number, { ok: boolean | undefined; output: string; ms: number | undefined }> {
  const out = new Map<number, { ok: boolean | undefined; output: string; ms: number | undefined }>()
  const sections = (text: string) => {
    const parts = new Map<number, string>()
    const re = /\n@@docs-check:start (\d+)@@\n/g
    let last: { index: number; from: number } | undefined
    for (const match of text.matchAll(re)) {
      if (last) parts.set(last.index, text.slice(last.from, match.index))
      last = { index: Number(match[1]), from: (match.index ?? 0) + match[0].length }
    }
    if (last) parts.set(last.index, text.slice(last.from))
    return parts
  }
  const errs = sections(stderr)
  for (const [index, text] of sections(stdout)) {
    const end = /\n@@docs-check:end (-?\d+) (ok|fail) (\d+)@@\n/.exec(text)
    const ok = end === null ? undefined : end[2] === 'ok'
    const ms = end === null ? undefined : Number(end[3])
    const own = (end === null ? text : text.slice(0, end.index)).trim()
    const err = (errs.get(index) ?? '').trim()
    out.set(index, { ok, output: [own, err].filter(Boolean).join('\n'), ms })
  }
  return out
}
