/** What replaces a secret wherever paymux reports something. */
export const REDACTED = '[redacted]'

/** `text` with every occurrence of every secret replaced. */
export function scrubText(text: string, secrets: readonly string[]): string {
  let result = text
  for (const secret of secrets) {
    if (secret !== '' && result.includes(secret)) result = result.split(secret).join(REDACTED)
  }
  return result
}

/** A deep copy of a JSON-like value with every secret scrubbed from its strings. */
export function scrubValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return scrubText(value, secrets)
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, secrets))
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubValue(item, secrets)]))
  }
  return value
}
