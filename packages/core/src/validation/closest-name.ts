// Suggestions for misspelt keys. Bounded work: the distance stops early past
// the limit, so a megabyte-long key costs no more than a short one.

/** How many known names an unknown-key message lists when none is close. */
const MAX_LISTED = 20

/**
 * The name in `known` closest to `name`, when one is within a typo of it:
 * case-insensitive, counting an insertion, deletion, substitution or swap of
 * two neighbours as one edit, and allowing 1 edit for names under 5
 * characters, 2 under 9, 3 beyond (at most `maxEdits` when given). Ties go to
 * the earlier name in `known`.
 * `closestName('refrence', ['amount', 'reference'])` is `'reference'`.
 */
export function closestName(name: string, known: readonly string[], maxEdits?: number): string | undefined {
  const wanted = name.toLowerCase()
  const byLength = wanted.length < 5 ? 1 : wanted.length < 9 ? 2 : 3
  const limit = Math.min(byLength, maxEdits ?? byLength)
  let best: string | undefined
  let bestDistance = limit + 1
  for (const candidate of known) {
    const distance = editDistance(wanted, candidate.toLowerCase(), bestDistance - 1)
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  return best
}

/**
 * The message for an unknown key, the same at every gateway:
 * `unknown key; did you mean "reference"?`, or the known keys when none is
 * close (`unknown key; expected one of: amount, currency`).
 */
export function unknownKeyMessage(key: string, known: readonly string[]): string {
  const suggestion = closestName(key, known)
  if (suggestion !== undefined) return `unknown key; did you mean "${suggestion}"?`
  if (known.length === 0) return 'unknown key: this object takes no keys'
  const listed = known.slice(0, MAX_LISTED).join(', ')
  return `unknown key; expected one of: ${listed}${known.length > MAX_LISTED ? ', …' : ''}`
}

/**
 * A key as it appears in an issue path: as it is when it is a plain
 * identifier, else JSON-quoted and clipped, so a key with a newline or a
 * megabyte of text cannot forge or flood a log line.
 */
export function showKey(key: string): string {
  if (/^[\w$-]{1,64}$/.test(key)) return key
  return JSON.stringify(key.length > 64 ? `${key.slice(0, 64)}…` : key)
}

// Optimal string alignment distance; returns limit + 1 as soon as the result must exceed `limit`.
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1
  let before: number[] = []
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    let rowMin = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (before[j - 2] ?? 0) + 1)
      }
      current.push(value)
      rowMin = Math.min(rowMin, value)
    }
    if (rowMin > limit) return limit + 1
    before = previous
    previous = current
  }
  return previous[b.length] ?? limit + 1
}
