/** A worker's answer: its status, whether it said `duplicate`, its `error`; `undefined` when none came. */
export type Answer = { status: number; duplicate: boolean; error?: string } | undefined

/** One HTTP exchange with a worker; `undefined` when no answer came (a refused or reset connection, 10 s without one). */
export async function request(url: string, init: RequestInit): Promise<Answer> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) })
    const text = await response.text()
    const parsed = safeJson(text)
    return {
      status: response.status,
      duplicate: parsed?.duplicate === true,
      ...(typeof parsed?.error === 'string' ? { error: parsed.error } : {}),
    }
  } catch {
    return undefined
  }
}

function safeJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}
