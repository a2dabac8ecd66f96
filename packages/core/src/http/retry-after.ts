/**
 * Reads a `Retry-After` header: delay-seconds (`"120"`) or an HTTP date.
 * Returns milliseconds to wait from `now`, or `undefined` when absent or
 * unreadable. A date in the past means "now" (0).
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value == null) return undefined
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  // Every HTTP-date form starts with a day name; anything else is not a date, even if Date.parse reads it.
  if (!/^[A-Za-z]{3}/.test(text)) return undefined
  const date = Date.parse(text)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - now)
}
