/**
 * Calls an observer hook (logging, metrics) so that it can never change the
 * outcome of a call: a hook that throws, or an async hook whose promise
 * rejects, is ignored (no unhandled rejection). The transport and the router
 * call every hook through this.
 */
export function callHook(hook: () => unknown): void {
  try {
    const result = hook()
    if (result instanceof Promise) result.catch(() => undefined)
  } catch {
    // Deliberately ignored: a broken logger must not turn a payment into a failure.
  }
}
