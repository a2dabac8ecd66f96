import type { KyInstance, Options } from 'ky'
import pRetry from 'p-retry'
import { sealed } from '../adapter-kit/sealed.js'
import { InvalidRequestError } from '../errors/invalid-request-error.js'
import { isPaymentError, type PaymentError } from '../errors/payment-error.js'
import { ProviderUnavailableError } from '../errors/provider-unavailable-error.js'
import { RequestAbortedError } from '../errors/request-aborted-error.js'
import { UnexpectedResponseError } from '../errors/unexpected-response-error.js'
import {
  attachTelemetry,
  createTelemetry,
  errorAttributes,
  type TelemetryAttributes,
} from '../telemetry/telemetry.js'
import type { TelemetryOption } from '../telemetry/telemetry-settings.js'
import { callHook } from './call-hook.js'
import {
  checkTransportSettings,
  DEFAULT_MAX_RESPONSE_BYTES,
  isValidTimeout,
  TIMEOUT_RULE,
} from './check-transport-settings.js'
import { networkErrorCode, outcomeOfNetworkError } from './network-error.js'
import { BODY_TIMEOUT, BodyTooLarge, readBody } from './read-body.js'
import { REDACTED } from './redact.js'
import {
  defaultFailureHandler,
  type FailureHandler,
  outcomeOfAnswer,
  type ProviderResponse,
  type ResponseHandler,
} from './response-handler.js'
import {
  type BackoffSettings,
  backoffDelay,
  decideRetry,
  pRetryBackoff,
  type RetryPolicy,
} from './retry-policy.js'
import { createSecretScrubber } from './scrub-secrets.js'
import { sleep } from './sleep.js'

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

/**
 * Reported when an answer (any status) has been read, and for a redirect,
 * whose body is not read. `requestId` has every secret scrubbed, like errors.
 */
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

/**
 * Reported when a failed attempt is about to be sent again, after at least
 * `delayMs` (p-retry's jitter may add up to the backoff again). Its `error`
 * is already scrubbed.
 */
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
 * Observers for logging and metrics. They see redacted data only: the secret
 * headers are redacted in `onRequest` (which otherwise shows your request as
 * you made it), and whatever came from the provider (`onResponse`'s
 * `requestId`, `onRetry`'s error) has every secret scrubbed. They are
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
  /** Retry delays; each a number of milliseconds from 0 to 2147483647. */
  readonly backoff?: BackoffSettings
  /**
   * The largest answer body read, in bytes. A `Content-Length` over it is
   * refused before reading, a body that grows past it once it does: an
   * `UnexpectedResponseError` with `code: 'response_too_large'`, never
   * retried. A whole number ≥ 1. @default 10485760 (10 MiB)
   */
  readonly maxResponseBytes?: number
  readonly hooks?: TransportHooks
  /**
   * Turns a non-2xx answer into an error. It sees the answer with every secret
   * already scrubbed, and must build its error from that answer alone. If it
   * throws something other than a `PaymentError`, `defaultFailureHandler` is
   * used instead. @default defaultFailureHandler
   */
  readonly failureHandler?: FailureHandler
  /** Response headers that carry the provider's request id. @default ['x-request-id', 'request-id'] */
  readonly requestIdHeaders?: readonly string[]
  /**
   * OpenTelemetry spans and metrics for every operation and HTTP attempt
   * (see docs/guides/observability.md): `false` turns them off, settings may
   * hand in a tracer and a meter. @default on whenever `@opentelemetry/api` is installed
   */
  readonly telemetry?: TelemetryOption
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
  /** The endpoint's name in the adapter's table, handed to the failure handler. */
  readonly endpoint?: string
  /** The documented path template, e.g. `/customers/:customerId`: telemetry names spans by it, never by the filled path. */
  readonly route?: string
  /** The validated input of the call (body, path ids), handed to the failure handler. */
  readonly input?: unknown
  readonly headers?: Readonly<Record<string, string>>
  readonly signal?: AbortSignal | undefined
  /** Overrides the client's `timeoutMs`. */
  readonly timeoutMs?: number | undefined
}

/**
 * How a call ended, as {@link Transport.exchange} reports it. `answerLost`
 * says an attempt may have reached the provider without its answer coming
 * back (a timeout, a reset, a 5xx) and the call was sent again: a create kept
 * unique by a reference can then be refused because the lost attempt worked,
 * and a DELETE finds nothing left. The adapter, which knows its provider's
 * answers, reads this and says what really happened (see the endpoint
 * table's `afterLostAnswer`).
 */
export type Exchange<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: PaymentError; readonly answerLost: boolean }

/** Sends requests to one provider with retries, timeouts, typed errors and redacted hooks. */
export interface Transport {
  readonly provider: string
  readonly baseUrl: string
  /** Sends the call (retrying what its policy allows) and resolves to how it ended; rejects only on a bug. */
  exchange<T>(request: TransportRequest<T>): Promise<Exchange<T>>
  /** Like {@link exchange}, but resolves to the value or rejects with the `PaymentError`. */
  request<T>(request: TransportRequest<T>): Promise<T>
}

/**
 * Creates the transport a gateway package calls its API with: ky (its own
 * retry off) for HTTP, p-retry as the only retry layer, and the retry rules
 * of {@link decideRetry}.
 */
export function createTransport(settings: TransportSettings): Transport {
  const { provider } = settings
  const baseUrl = checkTransportSettings(settings)
  const timeoutMs = settings.timeoutMs ?? 30_000
  const maxRetries = settings.maxRetries ?? 2
  const maxResponseBytes = settings.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES
  const backoffSettings = settings.backoff ?? {}
  const maxRetryAfterMs = backoffSettings.maxRetryAfterMs ?? 30_000
  const retryPacing = pRetryBackoff(backoffSettings)
  const hooks = settings.hooks ?? {}
  const failureHandler = settings.failureHandler ?? defaultFailureHandler
  const requestIdHeaders = settings.requestIdHeaders ?? ['x-request-id', 'request-id']
  const secretHeaders = settings.secretHeaders ?? {}
  const scrubber = createSecretScrubber([...Object.values(secretHeaders), ...(settings.secrets ?? [])])
  const redactedHeaders: Record<string, string> = {
    accept: 'application/json',
    ...lowerCaseKeys(settings.headers ?? {}),
    ...Object.fromEntries(Object.keys(secretHeaders).map((name) => [name.toLowerCase(), REDACTED])),
  }
  const userFetch = settings.fetch
  const telemetry = createTelemetry(settings.telemetry)
  const server = serverAttributes(baseUrl, provider)
  const kyOptions: Options = {
    prefixUrl: baseUrl,
    headers: { accept: 'application/json', ...settings.headers, ...secretHeaders },
    // Resolved per call, so a `fetch` patched after creation (test interceptors) is honoured.
    fetch: userFetch ?? ((input, init) => globalThis.fetch(input, init)),
    retry: 0,
    throwHttpErrors: false,
    // A redirect would carry the secret headers and the body to wherever `Location` points,
    // and a redirect loop would resend a never-retried call. No provider documents one.
    redirect: 'manual',
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

  /**
   * One attempt. Everything from the provider is scrubbed as it comes in, so
   * every error thrown here is built clean. `answerLost` says an earlier
   * attempt may have reached the provider: this one's outcome cannot be
   * `'not_sent'` then.
   */
  async function attempt<T>(
    request: TransportRequest<T>,
    attemptNumber: number,
    url: string,
    answerLost: boolean,
  ): Promise<T> {
    const limit = request.timeoutMs ?? timeoutMs
    const started = performance.now()
    const record = telemetry?.attempt(spanName(request), () => attemptAttributes(request, attemptNumber))
    try {
      if (hooks.onRequest) {
        const headers = { ...redactedHeaders, ...lowerCaseKeys(request.headers ?? {}) }
        callHook(() =>
          hooks.onRequest?.({ ...describe(request, url, attemptNumber), headers, body: request.body }),
        )
      }
      const response = await (record === undefined
        ? send(request, limit)
        : record.run(() => send(request, limit)))
      const report = (status: number, requestId: string | undefined) => {
        record?.status(status)
        if (!hooks.onResponse) return
        const durationMs = performance.now() - started
        const event = { ...describe(request, url, attemptNumber), status, durationMs, requestId }
        callHook(() => hooks.onResponse?.(event))
      }
      const answer = await readAnswer(request, response, limit - (performance.now() - started), report)
      if (!response.ok) throw neverRetried(request, failure(answer, request))
      const value = handle(request, answer)
      record?.end()
      return value
    } catch (error) {
      const failed = attemptError(request, error, limit, answerLost)
      record?.end(failed)
      throw failed
    }
  }

  /** The attempt span's attributes: the route template, never the filled path or the query. */
  function attemptAttributes(request: TransportRequest<unknown>, attemptNumber: number): TelemetryAttributes {
    return {
      ...server,
      'paymux.operation': request.operation,
      'paymux.attempt': attemptNumber,
      'http.request.method': request.method,
      'url.template': request.route,
      'http.request.resend_count': attemptNumber > 1 ? attemptNumber - 1 : undefined,
    }
  }

  async function send(request: TransportRequest<unknown>, limit: number): Promise<Response> {
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
      ...(request.signal === undefined ? {} : { signal: request.signal }),
    }
    return (client ?? (await loadClient()))(stripLeadingSlash(request.path), options)
  }

  /** The answer as handlers see it, scrubbed; a redirect or an oversized body throws. */
  async function readAnswer(
    request: TransportRequest<unknown>,
    response: Response,
    remainingMs: number,
    report: (status: number, requestId: string | undefined) => void,
  ): Promise<ProviderResponse> {
    const headers = scrubber.headers(response.headers)
    const requestId = readRequestId(headers, requestIdHeaders)
    if (isRedirect(response)) {
      response.body?.cancel().catch(() => undefined)
      report(response.status, requestId)
      throw redirectError(request, response, headers, requestId)
    }
    const text = await readBody(response, remainingMs, maxResponseBytes).catch((error: unknown) => {
      throw error instanceof BodyTooLarge ? tooLargeError(request, response.status, requestId, error) : error
    })
    report(response.status, requestId)
    return {
      provider,
      operation: request.operation,
      method: request.method,
      status: response.status,
      headers,
      text: scrubber.body(text),
      requestId,
    }
  }

  /** What a failed attempt throws: a paymux error as it is, anything else as the typed error it stands for. */
  function attemptError(
    request: TransportRequest<unknown>,
    error: unknown,
    limit: number,
    answerLost: boolean,
  ): unknown {
    if (isPaymentError(error)) return error
    if (request.signal?.aborted) return new RequestAbortedError({ provider, outcome: 'unknown' })
    if (!isTimeout(error)) return networkError(request, error, answerLost)
    return new ProviderUnavailableError({
      provider,
      code: 'timeout',
      outcome: 'unknown',
      retryable: request.retry !== 'never',
      message: `${provider}: ${request.operation} timed out after ${limit} ms; the provider may have acted on it`,
    })
  }

  function networkError(request: TransportRequest<unknown>, error: unknown, answerLost: boolean) {
    // A fetch error's text is outside input: a proxy may quote the request's headers in it.
    const code = maybe(networkErrorCode(error), scrubber.text)
    const name = scrubber.text(errorName(error))
    const own = outcomeOfNetworkError(networkErrorCode(error))
    const outcome = answerLost ? 'unknown' : own
    const consequence =
      own === 'unknown'
        ? 'the provider may have acted on it'
        : answerLost
          ? 'this attempt never reached the provider, but an earlier one may have: the provider may have acted on it'
          : 'the request never reached the provider'
    return new ProviderUnavailableError({
      provider,
      code: 'network_error',
      outcome,
      // A never-retried call that may have reached the provider must not invite a blind retry.
      retryable: !(request.retry === 'never' && outcome === 'unknown'),
      message: `${provider}: ${request.operation} failed before an answer came back (${code ?? name}); ${consequence}`,
      cause: { name, code },
    })
  }

  // An adapter's failure handler that throws is a bug in it; the answer still becomes a paymux error.
  function failure(answer: ProviderResponse, request: TransportRequest<unknown>): PaymentError {
    try {
      const error = failureHandler(answer, { endpoint: request.endpoint, input: request.input })
      if (isPaymentError(error)) return error
    } catch (error) {
      if (isPaymentError(error)) return error
    }
    return defaultFailureHandler(answer, { endpoint: request.endpoint, input: request.input })
  }

  // Built anew rather than patched: a 5xx to a never-retried call says "do not retry blindly".
  function neverRetried(request: TransportRequest<unknown>, error: PaymentError): PaymentError {
    if (
      request.retry !== 'never' ||
      !ProviderUnavailableError.isInstance(error) ||
      error.outcome !== 'unknown' ||
      !error.retryable
    ) {
      return error
    }
    return new ProviderUnavailableError({
      provider: error.provider,
      code: error.code,
      message: error.message,
      httpStatus: error.httpStatus,
      requestId: error.requestId,
      raw: error.raw,
      cause: error.cause,
      outcome: 'unknown',
      retryAfterMs: error.retryAfterMs,
      retryable: false,
    })
  }

  function redirectError(
    request: TransportRequest<unknown>,
    response: Response,
    headers: Headers,
    requestId: string | undefined,
  ): UnexpectedResponseError {
    const outcome = request.method === 'GET' ? undefined : 'unknown'
    const status = response.status === 0 ? 'an opaque redirect' : `HTTP ${response.status}`
    const target = redirectOrigin(headers.get('location'), response.url || `${baseUrl}/`)
    return new UnexpectedResponseError({
      provider,
      code: 'redirect',
      message:
        `${provider}: ${request.operation} was answered with a redirect (${status}${target === undefined ? '' : ` to ${target}`}); ` +
        `paymux never follows redirects, so nothing was sent there. Check \`baseUrl\`${
          outcome === undefined ? '' : '; the provider may have acted on the request'
        }`,
      httpStatus: response.status === 0 ? undefined : response.status,
      requestId,
      outcome,
    })
  }

  function tooLargeError(
    request: TransportRequest<unknown>,
    status: number,
    requestId: string | undefined,
    { limit, announced }: BodyTooLarge,
  ): UnexpectedResponseError {
    const outcome = request.method === 'GET' ? undefined : 'unknown'
    const size = announced === undefined ? `more than ${limit} bytes` : `Content-Length ${announced}`
    return new UnexpectedResponseError({
      provider,
      code: 'response_too_large',
      message:
        `${provider}: ${request.operation} was answered with a body over maxResponseBytes (${size}, limit ${limit}); ` +
        `paymux stopped reading it${outcome === undefined ? '' : '; the provider may have acted on the request'}`,
      httpStatus: status,
      requestId,
      outcome,
    })
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
        outcome: outcomeOfAnswer(answer),
      })
    }
  }

  async function exchange<T>(request: TransportRequest<T>): Promise<Exchange<T>> {
    if (request.timeoutMs !== undefined && !isValidTimeout(request.timeoutMs)) {
      const error = new InvalidRequestError({
        provider,
        message: `${provider}: timeoutMs ${TIMEOUT_RULE}, got ${request.timeoutMs}`,
        issues: [{ path: 'timeoutMs', message: TIMEOUT_RULE }],
      })
      return { ok: false, error: scrubber.vouch(error), answerLost: false }
    }
    // The first call of a transport waits for @opentelemetry/api to settle (loaded or absent), once.
    const loading = telemetry?.ready()
    if (loading !== undefined) await loading
    // Only hooks read the full URL; building it for every call would be wasted work.
    const url = hooks.onRequest || hooks.onResponse || hooks.onRetry ? buildUrl(baseUrl, request) : ''
    let attemptsStarted = 0
    let answerLost = false
    const run = (attemptNumber: number) => {
      attemptsStarted = attemptNumber
      // Every error of an attempt was built from scrubbed input: the safety net at the end leaves it alone.
      return attempt(request, attemptNumber, url, answerLost).catch((error: unknown) => {
        throw isPaymentError(error) ? scrubber.vouch(error) : error
      })
    }
    // p-retry runs the loop and waits its own backoff; this decides, with paymux's ordered rules.
    const shouldRetry = async ({ error, attemptNumber }: { error: unknown; attemptNumber: number }) => {
      const decision = decideRetry({
        error,
        policy: request.retry,
        attempt: attemptNumber,
        maxRetries,
        maxRetryAfterMs,
      })
      if (!decision.retry) return false
      if (ProviderUnavailableError.isInstance(error) && error.outcome === 'unknown') answerLost = true
      telemetry?.count('paymux.http.retries', {
        'paymux.gateway': provider,
        'paymux.operation': request.operation,
        'paymux.error.class': errorAttributes(error)['paymux.error.class'],
      })
      const delayMs = backoffDelay(attemptNumber, backoffSettings)
      const event = {
        ...describe(request, url, attemptNumber),
        delayMs: Math.max(delayMs, decision.retryAfterMs),
        error: error as PaymentError,
      }
      callHook(() => hooks.onRetry?.(event))
      // p-retry's backoff is the same for every error: it cannot wait out one answer's `Retry-After`.
      // The part of it longer than the least backoff is waited here, before p-retry's own delay.
      await sleep(decision.retryAfterMs - delayMs, request.signal)
      return true
    }
    try {
      // Every option is given, in the order p-retry fills them in: an options object p-retry must
      // complete costs ~30 µs a call on Node 20 (its copy changes shape), a complete one ~1 µs.
      const value = await pRetry(run, {
        retries: request.retry === 'never' ? 0 : maxRetries,
        factor: retryPacing.factor,
        minTimeout: retryPacing.minTimeout,
        maxTimeout: retryPacing.maxTimeout,
        maxRetryTime: Number.POSITIVE_INFINITY,
        randomize: retryPacing.randomize,
        onFailedAttempt: ignore,
        shouldRetry,
        shouldConsumeRetry: always,
        signal: request.signal as AbortSignal,
      })
      return { ok: true, value }
    } catch (error) {
      const final = finalize(error, request, attemptsStarted)
      if (!isPaymentError(final)) throw final
      return { ok: false, error: final, answerLost }
    }
  }

  async function request<T>(request: TransportRequest<T>): Promise<T> {
    const result = await exchange(request)
    if (result.ok) return result.value
    throw result.error
  }

  function finalize(error: unknown, request: TransportRequest<unknown>, attemptsStarted: number): unknown {
    if (isPaymentError(error)) return scrubber.error(error)
    // An abort before or between attempts surfaces as the signal's reason.
    if (request.signal?.aborted) {
      const outcome = attemptsStarted === 0 ? 'not_sent' : 'unknown'
      return scrubber.vouch(new RequestAbortedError({ provider, outcome }))
    }
    // Anything else is a bug in paymux: shown as it is, never disguised as an abort.
    return error
  }

  const transport: Transport = {
    provider,
    baseUrl,
    exchange,
    request,
  }
  attachTelemetry(transport, telemetry)
  return sealed(transport, `Transport { provider: '${provider}', baseUrl: '${baseUrl}' }`)
}

/** Semantic conventions' span name of an HTTP client call: `POST /checkout/sessions`, or the method alone. */
function spanName(request: TransportRequest<unknown>): string {
  return request.route === undefined ? request.method : `${request.method} ${request.route}`
}

function serverAttributes(baseUrl: string, provider: string): TelemetryAttributes {
  const url = new URL(baseUrl)
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port)
  return { 'paymux.gateway': provider, 'server.address': url.hostname, 'server.port': port }
}

const ignore = () => undefined
const always = () => true

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

function isRedirect(response: Response): boolean {
  return response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)
}

// Only the origin is named: a Location's path and query may carry data.
function redirectOrigin(location: string | null, requestUrl: string): string | undefined {
  if (location === null) return undefined
  try {
    const { origin } = new URL(location, requestUrl)
    return origin === 'null' ? undefined : origin
  } catch {
    return undefined
  }
}

// ky throws its TimeoutError when the answer's headers do not arrive in time.
function isTimeout(error: unknown): boolean {
  return error === BODY_TIMEOUT || (error instanceof Error && error.name === 'TimeoutError')
}

function maybe<T, R>(value: T | undefined, map: (value: T) => R): R | undefined {
  return value === undefined ? undefined : map(value)
}

function errorName(error: unknown): string {
  if (error instanceof Error) return error.message ? `${error.name}: ${error.message}` : error.name
  return String(error)
}
