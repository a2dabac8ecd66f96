import type {
  EmulatorDelivery,
  EmulatorWebhookSettings,
  EmulatorWebhooks,
  WebhookSigner,
} from '@paymux/core/emulator'

/** The shared secret deliveries carry unless `webhooks.secret` says otherwise. */
export const PAYSTAR_EMULATOR_WEBHOOK_SECRET = 'whsec_paystar_emulator'

/**
 * How the emulator delivers webhooks: the settings every paymux emulator
 * takes, plus Paystar's own. Paystar's payload is a template the merchant
 * configures and no signature is documented: deliveries carry the shared
 * secret in a header or in the endpoint URL instead.
 */
export interface PaystarEmulatorWebhookSettings extends EmulatorWebhookSettings {
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
}

/** `emulator.webhooks`: the shared delivery side, plus building a delivery without sending it. */
export interface PaystarEmulatorWebhooks extends EmulatorWebhooks {
  /**
   * Renders `action` with the configured template and `values`, and carries
   * the secret as configured, without recording or sending it (its id is
   * `paystar_0`). `build(…).request` is ready for `webhooks.verify`.
   */
  build(action: string, values: TemplateValues): EmulatorDelivery
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

/** `"1234.50"` → `"1,234.50"`, for `amountFormatted`. */
export function groupThousands(dollars: string): string {
  const [whole = '0', cents = '00'] = dollars.split('.')
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`
}

/**
 * The signer the shared outbox calls per attempt: the secret in the header,
 * or as a query parameter of the URL. An unsent delivery has no URL (`''`):
 * its query secret is a bare `?token=…`, which `webhooks.verify` reads the same.
 */
export function paystarSigner(settings: PaystarEmulatorWebhookSettings | undefined): WebhookSigner {
  const header = (settings?.header ?? 'X-Paystar-Webhook-Secret').toLowerCase()
  const parameter = settings?.queryParameter ?? 'token'
  const inQuery = settings?.secretIn === 'query'
  return ({ secret, url }) => {
    const headers = { 'content-type': 'application/json' }
    if (!inQuery) return { headers: { ...headers, [header]: secret } }
    if (url === '') return { headers, url: `?${new URLSearchParams({ [parameter]: secret })}` }
    const target = new URL(url)
    target.searchParams.set(parameter, secret)
    return { headers, url: target.toString() }
  }
}
