import type { KyInstance, Options } from 'ky'
import pRetry from 'p-retry'
import { InvalidRequestError } from '../errors/invalid-request-error.js'
import { isPaymentError, type PaymentError } from '../errors/payment-error.js'
import { ProviderUnavailableError } from '../errors/provider-unavailable-error.js'
import { RequestAbortedError } from '../errors/request-aborted-error.js'
import { UnexpectedResponseError } from '../errors/unexpected-response-error.js'
import { callHook } from './call-hook.js'
import { networkErrorCode, outcomeOfNetworkError } from './network-error.js'
import { REDACTED, scrubText, scrubValue } from './redact.js'
import {
  defaultFailureHandler,
  type FailureHandler,
  type ProviderResponse,
  type ResponseHandler,
} from './response-handler.js'
import { type BackoffSettings, decideRetry, type RetryPolicy } from './retry-policy.js'

/** HTTP methods the transport sends. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** Reported before each attempt is sent. Headers are redacted: no API key ever reaches a hook. */
export interface RequestEvent {
  readonly provider: string
  readonly operation: string
  readonly method: HttpMethod
  readonly url: string
  /** From 1. */
  readonly attempt: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: unknown
}

/** Reported when an answer (any status) has been read. */
export interface ResponseEvent {
  readonly provider: string
  readonly operation: string
  readonly method: HttpMethod
  readonly url: string
  readonly attempt: number
  readonly status: number
  readonly durationMs: number
  readonly requestId: string | undefined
}

/** Reported when a failed attempt is about to be sent again, after `delayMs`. */
export interface RetryEvent {
  readonly provider: string
  readonly operation: string
  readonly method: HttpMethod
  readonly url: string
  /** The attempt that failed, from 1. */
  readonly attempt: number
  readonly delayMs: number
  readonly error: PaymentError
}

/**
 * Observers for logging and metrics. They see redacted data only. They are
 * called without being awaited, and an exception thrown (or a promise
 * rejected) by a hook is swallowed: a logging bug must never turn a completed
 * payment into an error.
 */
export interface TransportHooks {
  readonly onRequest?: (event: RequestEvent) => void
  readonly onResponse?: (event: ResponseEvent) => void
  readonly onRetry?: (event: RetryEvent) => void
}

/** How a gateway package configures its transport. */
export interface TransportSettings {
  /** The gateway id, used in errors and hook events. */
  readonly provider: string
  /** Every request path is appended to this, e.g. `https://fastaar.com/api/v1`. */
  readonly baseUrl: string
  /** Headers that authenticate (`X-API-Key`, `Authorization`): sent, but redacted everywhere paymux reports. */
  readonly secretHeaders?: Readonly<Record<string, string>>
  /** Further secret values to scrub from errors, such as the bare key inside a `Bearer` header. */
  readonly secrets?: readonly string[]
  /** Other headers sent on every request. */
  readonly headers?: Readonly<Record<string, string>>
  /** A `fetch` to use instead of the global one (an emulator, a proxy agent, a test double). */
  readonly fetch?: typeof globalThis.fetch
  /** Per-attempt time limit, covering the response body too. @default 30000 */
  readonly timeoutMs?: number
  /** How many times a retry-safe call is sent again after a transient failure. @default 2 */
  readonly maxRetries?: number
  readonly backoff?: BackoffSettings
  readonly hooks?: TransportHooks
  /** Turns a non-2xx answer into an error. @default defaultFailureHandler */
  readonly failureHandler?: FailureHandler
  /** Response headers that carry the provider's request id. @default ['x-request-id', 'request-id'] */
  readonly requestIdHeaders?: readonly string[]
}

/** One call to the provider's API. */
export interface TransportRequest<T> {
  /** The neutral operation, e.g. `'sessions.create'`, for errors and hooks. */
  readonly operation: string
  readonly method: HttpMethod
  /** Appended to `baseUrl`, e.g. `/payments/01jxyz`. */
  readonly path: string
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>
  /** Sent as JSON. */
  readonly body?: unknown
  /** Whether this call may be sent again; every endpoint states it. */
  readonly retry: RetryPolicy
  /** Turns a 2xx answer into the result. */
  readonly handleResponse: ResponseHandler<T>
  readonly headers?: Readonly<Record<string, string>>
  readonly signal?: AbortSignal | undefined
  /** Overrides the client's `timeoutMs`. */
  readonly timeoutMs?: number | undefined
  /**
   * Sees the final error of a call retried after an attempt whose answer was
   * lost (a timeout, a reset, a 5xx: outcome `'unknown'`), and returns the
   * error to throw, or `{ recovered: value }` to resolve the call with. A
   * create kept unique by a reference can be refused on the retry precisely
   * because the lost attempt succeeded, and a DELETE retried after it worked
   * finds nothing left: the adapter, which knows its provider's answers, can
   * say what really happened instead of blaming the input. It may be async,
   * to look the object up; it is not retried itself.
   */
  readonly afterLostAnswer?:
    | ((error: PaymentError) => LostAnswerOutcome<T> | Promise<LostAnswerOutcome<T>>)
    | undefined
}

/** What `afterLostAnswer` returns: the error to throw, or the value the call resolves with. */
export type LostAnswerOutcome<T> = PaymentError | { readonly recovered: T }

/** Sends requests to one provider with retries, timeouts, typed errors and redacted hooks. */
export interface Transport {
  readonly provider: string
  readonly baseUrl: string
  request<T>(request: TransportRequest<T>): Promise<T>
}

const inspect = Symbol.for('nodejs.util.inspect.custom')

/**
 * Creates the transport a gateway package calls its API with: ky (its own
 * retry off) for HTTP, p-retry as the only retry layer, and the retry rules
 * of {@link decideRetry}.
 */
export function createTransport(settings: TransportSettings): Transport {
  const { provider } = settings
  const baseUrl = checkSettings(settings)
  const timeoutMs = settings.timeoutMs ?? 30_000
  const maxRetries = settings.maxRetries ?? 2
  const hooks = settings.hooks ?? {}
  const failureHandler = settings.failureHandler ?? defaultFailureHandler
  const requestIdHeaders = settings.requestIdHeaders ?? ['x-request-id', 'request-id']
  const secretHeaders = settings.secretHeaders ?? {}
  const secrets = [...Object.values(secretHeaders), ...(settings.secrets ?? [])].filter(
    (secret) => secret !== '',
  )
  const redactedHeaders: Record<string, string> = {
    accept: 'application/json',
    ...lowerCaseKeys(settings.headers ?? {}),
    ...Object.fromEntries(Object.keys(secretHeaders).map((name) => [name.toLowerCase(), REDACTED])),
  }
  const userFetch = settings.fetch
  const kyOptions: Options = {
    prefixUrl: baseUrl,
    headers: { accept: 'application/json', ...settings.headers, ...secretHeaders },
    // Resolved per call, so a `fetch` patched after creation (test interceptors) is honoured.
    fetch: userFetch ?? ((input, init) => globalThis.fetch(input, init)),
    retry: 0,
    throwHttpErrors: false,
  }
  // ky (and the fetch machinery it touches) loads on the first request, not at import:
  // an application that imports paymux pays for HTTP only once it makes a call.
  let client: KyInstance | undefined
  let loading: Promise<KyInstance> | undefined
  const loadClient = () => {
    loading ??= import('ky').then(({ default: ky }) => {
      client = ky.create(kyOptions)
      return client
    })
    return loading
  }

  function describe(request: TransportRequest<unknown>, url: string, attempt: number) {
    return { provider, operation: request.operation, method: request.method, url, attempt }
  }

  async function attempt<T>(request: TransportRequest<T>, attemptNumber: number, url: string): Promise<T> {
    const limit = request.timeoutMs ?? timeoutMs
    const callerSignal = request.signal
    const started = performance.now()
    try {
      if (hooks.onRequest) {
        const headers = { ...redactedHeaders, ...lowerCaseKeys(request.headers ?? {}) }
        callHook(() =>
          hooks.onRequest?.({ ...describe(request, url, attemptNumber), headers, body: request.body }),
        )
      }
      const options: Options = {
        method: request.method,
        // ky's own timer bounds the wait for the answer, with the AbortController ky creates for
        // every request anyway: a second controller of ours would cost more than the rest of the
        // transport on Node 20. A caller's signal is handed over only when there is one, for the
        // same reason (ky combines signals with AbortSignal.any).
        timeout: limit,
        ...(request.query === undefined ? {} : { searchParams: toSearchParams(request.query) }),
        ...(request.body === undefined ? {} : { json: request.body }),
        ...(request.headers === undefined ? {} : { headers: request.headers }),
        ...(callerSignal === undefined ? {} : { signal: callerSignal }),
      }
      const response = await (client ?? (await loadClient()))(stripLeadingSlash(request.path), options)
      const text = await readBody(response, limit - (performance.now() - started))
      const answer: ProviderResponse = {
        provider,
        operation: request.operation,
        status: response.status,
        headers: response.headers,
        text,
        requestId: readRequestId(response.headers, requestIdHeaders),
      }
      if (hooks.onResponse) {
        const durationMs = performance.now() - started
        const event = {
          ...describe(request, url, attemptNumber),
          status: answer.status,
          durationMs,
          requestId: answer.requestId,
        }
        callHook(() => hooks.onResponse?.(event))
      }
      if (!response.ok) throw failureHandler(answer)
      return handle(request, answer)
    } catch (error) {
      if (isPaymentError(error)) throw error
      if (callerSignal?.aborted) throw new RequestAbortedError({ provider, outcome: 'unknown' })
      if (isTimeout(error)) {
        throw new ProviderUnavailableError({
          provider,
          code: 'timeout',
          outcome: 'unknown',
          message: `${provider}: ${request.operation} timed out after ${limit} ms; the provider may have acted on it`,
        })
      }
      const code = networkErrorCode(error)
      const outcome = outcomeOfNetworkError(code)
      throw new ProviderUnavailableError({
        provider,
        code: 'network_error',
        outcome,
        message: `${provider}: ${request.operation} failed before an answer came back (${code ?? errorName(error)}); ${
          outcome === 'not_sent'
            ? 'the request never reached the provider'
            : 'the provider may have acted on it'
        }`,
        cause: { name: errorName(error), code },
      })
    }
  }

  function handle<T>(request: TransportRequest<T>, answer: ProviderResponse): T {
    try {
      return request.handleResponse(answer)
    } catch (error) {
      if (isPaymentError(error)) throw error
      throw new UnexpectedResponseError({
        provider,
        code: 'unreadable_response',
        message: `${provider}: ${request.operation} returned an answer paymux could not read: ${errorName(error)}`,
        httpStatus: answer.status,
        requestId: answer.requestId,
        raw: answer.text,
        cause: error,
      })
    }
  }

  async function request<T>(request: TransportRequest<T>): Promise<T> {
    if (request.timeoutMs !== undefined && !isValidTimeout(request.timeoutMs)) {
      throw new InvalidRequestError({
        provider,
        message: `${provider}: timeoutMs ${TIMEOUT_RULE}, got ${request.timeoutMs}`,
        issues: [{ path: 'timeoutMs', message: TIMEOUT_RULE }],
      })
    }
    // Only hooks read the full URL; building it for every call would be wasted work.
    const url = hooks.onRequest || hooks.onResponse || hooks.onRetry ? buildUrl(baseUrl, request) : ''
    let attemptsStarted = 0
    let answerLost = false
    const run = (attemptNumber: number) => {
      attemptsStarted = attemptNumber
      // Scrubbed here, not only at the end, because onRetry hooks see every attempt's error.
      return attempt(request, attemptNumber, url).catch((error: unknown) => {
        throw isPaymentError(error) ? scrub(error, secrets) : error
      })
    }
    // Decides with decideRetry, reports the retry, and waits out the delay (a caller abort ends the wait).
    const retryAfter = async (error: unknown, failedAttempt: number): Promise<boolean> => {
      const decision = decideRetry({
        error,
        policy: request.retry,
        attempt: failedAttempt,
        maxRetries,
        ...(settings.backoff === undefined ? {} : { backoff: settings.backoff }),
      })
      if (!decision.retry) return false
      if (ProviderUnavailableError.isInstance(error) && error.outcome === 'unknown') answerLost = true
      const event = {
        ...describe(request, url, failedAttempt),
        delayMs: decision.delayMs,
        error: error as PaymentError,
      }
      callHook(() => hooks.onRetry?.(event))
      await sleep(decision.delayMs, request.signal)
      return true
    }
    try {
      request.signal?.throwIfAborted()
      // Most calls succeed at once, so the first attempt is made directly; every retry after it
      // goes through p-retry, the one retry layer.
      try {
        return await run(1)
      } catch (error) {
        if (!(await retryAfter(error, 1))) throw error
      }
      return await pRetry((retryNumber) => run(retryNumber + 1), {
        retries: maxRetries - 1,
        minTimeout: 0,
        factor: 1,
        ...(request.signal === undefined ? {} : { signal: request.signal }),
        shouldRetry: ({ error, attemptNumber }) => retryAfter(error, attemptNumber + 1),
      })
    } catch (error) {
      const final = finalize(error, request, attemptsStarted)
      if (!answerLost || request.afterLostAnswer === undefined) throw final
      const explained = await request.afterLostAnswer(final)
      if (isPaymentError(explained)) throw scrub(explained, secrets)
      return explained.recovered
    }
  }

  function finalize(
    error: unknown,
    request: TransportRequest<unknown>,
    attemptsStarted: number,
  ): PaymentError {
    if (!isPaymentError(error)) {
      // An abort before or between attempts surfaces as the signal's reason.
      return new RequestAbortedError({ provider, outcome: attemptsStarted === 0 ? 'not_sent' : 'unknown' })
    }
    // A never-retry call that may have reached the provider must not invite a blind retry.
    if (
      request.retry === 'never' &&
      ProviderUnavailableError.isInstance(error) &&
      error.outcome === 'unknown'
    ) {
      Object.defineProperty(error, 'retryable', { value: false })
    }
    return error
  }

  const transport: Transport = {
    provider,
    baseUrl,
    request,
  }
  Object.defineProperty(transport, inspect, {
    value: () => `Transport { provider: '${provider}', baseUrl: '${baseUrl}' }`,
  })
  return Object.freeze(transport)
}

// A provider may echo the key it was sent ("invalid key sk_…"): never let it through.
function scrub(error: PaymentError, secrets: readonly string[]): PaymentError {
  if (secrets.length === 0) return error
  const visible = `${error.message}\n${error.stack ?? ''}\n${safeStringify(error.raw)}`
  if (!secrets.some((secret) => visible.includes(secret))) return error
  Object.defineProperty(error, 'message', { value: scrubText(error.message, secrets) })
  Object.defineProperty(error, 'stack', { value: scrubText(error.stack ?? '', secrets) })
  Object.defineProperty(error, 'raw', { value: scrubValue(error.raw, secrets) })
  return error
}

// setTimeout (and so ky) cannot wait longer than this.
const MAX_TIMEOUT_MS = 2_147_483_647
const TIMEOUT_RULE = `must be a positive number of milliseconds, at most ${MAX_TIMEOUT_MS}`

function isValidTimeout(ms: number): boolean {
  return Number.isFinite(ms) && ms > 0 && ms <= MAX_TIMEOUT_MS
}

function checkSettings(settings: TransportSettings): string {
  const issues: { path: string; message: string }[] = []
  let baseUrl = settings.baseUrl
  try {
    const parsed = new URL(settings.baseUrl)
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new TypeError('not http(s)')
    baseUrl = settings.baseUrl.replace(/\/+$/, '')
  } catch {
    issues.push({ path: 'baseUrl', message: `must be an absolute http(s) URL, got "${settings.baseUrl}"` })
  }
  if (settings.timeoutMs !== undefined && !isValidTimeout(settings.timeoutMs)) {
    issues.push({ path: 'timeoutMs', message: `${TIMEOUT_RULE}, got ${settings.timeoutMs}` })
  }
  if (
    settings.maxRetries !== undefined &&
    !(Number.isSafeInteger(settings.maxRetries) && settings.maxRetries >= 0)
  ) {
    issues.push({ path: 'maxRetries', message: `must be a whole number ≥ 0, got ${settings.maxRetries}` })
  }
  if (issues.length > 0) {
    throw new InvalidRequestError({
      provider: settings.provider,
      message: `${settings.provider}: invalid client settings: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
      issues,
      code: 'invalid_settings',
    })
  }
  return baseUrl
}

function buildUrl(baseUrl: string, request: TransportRequest<unknown>): string {
  const query = toSearchParams(request.query).toString()
  return `${baseUrl}/${stripLeadingSlash(request.path)}${query === '' ? '' : `?${query}`}`
}

function toSearchParams(query: TransportRequest<unknown>['query']): URLSearchParams {
  const params = new URLSearchParams()
  if (query === undefined) return params
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.append(key, String(value))
  return params
}

function stripLeadingSlash(path: string): string {
  return path.startsWith('/') ? path.slice(1) : path
}

function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]))
}

function readRequestId(headers: Headers, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = headers.get(name)
    if (value) return value
  }
  return undefined
}

const bodyTimeout = Symbol('paymux.bodyTimeout')

// The answer's body must arrive within what is left of the attempt's time limit.
function readBody(response: Response, remainingMs: number): Promise<string> {
  if (remainingMs <= 0) {
    void response.body?.cancel().catch(() => undefined)
    return Promise.reject(bodyTimeout)
  }
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(bodyTimeout), remainingMs)
  })
  return Promise.race([response.text(), deadline]).finally(() => clearTimeout(timer))
}

// ky throws its TimeoutError when the answer's headers do not arrive in time.
function isTimeout(error: unknown): boolean {
  return error === bodyTimeout || (error instanceof Error && error.name === 'TimeoutError')
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason)
  if (ms <= 0) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

function errorName(error: unknown): string {
  if (error instanceof Error) return error.message ? `${error.name}: ${error.message}` : error.name
  return String(error)
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? ''
  } catch {
    return ''
  }
}
