/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Runs `task` over `items`, at most `limit` at once; rejects with the first failure once all have settled. */
export async function pooled<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0
  const errors: unknown[] = []
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++] as T
      await task(item).catch((error: unknown) => {
        errors.push(error)
      })
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane))
  if (errors.length > 0) throw errors[0]
}
