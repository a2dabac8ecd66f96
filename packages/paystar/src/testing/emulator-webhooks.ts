import type { EmulatedDelivery } from './emulator-store.js'

/**
 * How the emulator delivers webhooks. Paystar's payload is a template the
 * merchant configures and no signature is documented: deliveries carry the
 * merchant's shared secret in a header or in the endpoint URL instead.
 */
export interface EmulatorWebhookOptions {
  /** The shared secret every delivery carries. */
  readonly secret: string
  /** Where to POST deliveries; without it they are only rendered and recorded. */
  readonly url?: string
  /** How the secret travels. @default 'header' */
  readonly secretIn?: 'header' | 'query'
  /** The header that carries the secret. @default 'X-Paystar-Webhook-Secret' */
  readonly header?: string
  /** The query parameter that carries the secret. @default 'token' */
  readonly queryParameter?: string
  /**
   * The payload template. `{{name}}` placeholders are replaced by values,
   * JSON-escaped (the emulator's own syntax; Paystar's template editor may
   * differ). @default DEFAULT_WEBHOOK_TEMPLATE
   */
  readonly template?: string
  /** The `fetch` deliveries are posted with. @default globalThis.fetch */
  readonly fetch?: typeof globalThis.fetch
}

/**
 * The template recommended on the docs page, in the shape of Paystar's
 * example (`action` + `payload`) with `clientReference` and `accountNumber` added.
 */
export const DEFAULT_WEBHOOK_TEMPLATE = JSON.stringify({
  action: '{{action}}',
  payload: {
    sessionIdentifier: '{{sessionIdentifier}}',
    status: '{{status}}',
    referenceNumber: '{{referenceNumber}}',
    amount: '{{amount}}',
    amountFormatted: '{{amountFormatted}}',
    serviceFee: '{{serviceFee}}',
    clientReference: '{{clientReference}}',
    accountNumber: '{{accountNumber}}',
  },
})

/** Where an unsent delivery is recorded as addressed. */
export const UNSENT_URL = 'http://webhooks.invalid/paystar'

/** Values a template can use. */
export type TemplateValues = Readonly<Record<string, string>>

/** Renders `template`, replacing each `{{name}}` with its JSON-escaped value (empty when unknown). */
export function renderTemplate(template: string, values: TemplateValues): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) =>
    JSON.stringify(values[name] ?? '').slice(1, -1),
  )
}

/** Cents as a dollar string, `30034` → `"300.34"`, with integer arithmetic only. */
export function centsToDollars(cents: number): string {
  const whole = Math.floor(cents / 100)
  const rest = cents % 100
  return `${whole}.${String(rest).padStart(2, '0')}`
}

/** Renders, records and (with a URL) posts one delivery. Never throws: failures are recorded. */
export async function deliver(
  options: EmulatorWebhookOptions,
  action: string,
  values: TemplateValues,
  record: (delivery: EmulatedDelivery) => void,
): Promise<EmulatedDelivery> {
  const body = renderTemplate(options.template ?? DEFAULT_WEBHOOK_TEMPLATE, { ...values, action })
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  // Without a URL the delivery is only recorded, at a placeholder address that still shows the token.
  const target = new URL(options.url ?? UNSENT_URL)
  if ((options.secretIn ?? 'header') === 'header') {
    headers[(options.header ?? 'X-Paystar-Webhook-Secret').toLowerCase()] = options.secret
  } else {
    target.searchParams.set(options.queryParameter ?? 'token', options.secret)
  }
  const url = target.toString()
  const delivery: EmulatedDelivery = { action, url, headers, body }
  record(delivery)
  if (options.url === undefined) return delivery
  try {
    const response = await (options.fetch ?? globalThis.fetch)(url, { method: 'POST', headers, body })
    await response.arrayBuffer()
    delivery.result = { status: response.status }
  } catch (error) {
    delivery.result = { error: error instanceof Error ? error.message : String(error) }
  }
  return delivery
}
