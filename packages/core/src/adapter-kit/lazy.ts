/**
 * Loads something once, on the first call, and shares it after: how a
 * gateway loads its zod schema module (`lazy(() => import('./x-schemas.js'))`)
 * so that importing the package does not load zod. A failed load is tried
 * again on the next call.
 */
export function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined
      throw error
    })
    return loading
  }
}
