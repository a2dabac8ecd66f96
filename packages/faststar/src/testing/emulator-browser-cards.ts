import { escapeHtml, testId } from './emulator-browser-html.js'
import type { EmulatedCard } from './emulator-records.js'

// The cards a buyer can pick on the emulator's pages, and the cards the
// controls complete sessions and SetupIntents with: one list, so a page and a
// control mean the same card. No card data is typed: the select names a card.

/**
 * The emulator's test cards, by the value of their `<select>` option on the
 * hosted checkout and card pages; also what `completeSession` and
 * `completeSetupIntent` take, as the browser card popup would save them.
 */
export const FASTSTAR_TEST_CARDS = {
  /** Off-session charges succeed. */
  visa: { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030 },
  /** Off-session charges succeed. */
  mastercard: { brand: 'mastercard', last4: '4444', expMonth: 12, expYear: 2030 },
  /**
   * Runs the 3-D Secure challenge on the hosted page; off-session charges
   * answer HTTP 402: the bank demands Strong Customer Authentication.
   */
  requiresAuthentication: {
    brand: 'visa',
    last4: '3155',
    expMonth: 12,
    expYear: 2030,
    requiresAuthentication: true,
  },
  /** Declined on the hosted checkout and card pages (`payment.failed`); the buyer can retry. */
  declined: { brand: 'visa', last4: '0002', expMonth: 12, expYear: 2030, declines: true },
} as const satisfies Record<string, EmulatedCard>

/** The key of a page card. */
export type PageCardName = keyof typeof FASTSTAR_TEST_CARDS

const LABELS: Record<PageCardName, string> = {
  visa: 'Visa •••• 4242',
  mastercard: 'Mastercard •••• 4444',
  requiresAuthentication: 'Visa •••• 3155 (3-D Secure)',
  declined: 'Visa •••• 0002 (declined)',
}

/** The page card named `name`, or undefined for anything else. */
export function pageCard(name: string | null | undefined): EmulatedCard | undefined {
  return name !== null && name !== undefined && Object.hasOwn(FASTSTAR_TEST_CARDS, name)
    ? FASTSTAR_TEST_CARDS[name as PageCardName]
    : undefined
}

/** The `<select>` of test cards, `selected` pre-chosen. */
export function cardSelect(selected: string = 'visa'): string {
  const options = (Object.keys(FASTSTAR_TEST_CARDS) as PageCardName[])
    .map(
      (name) =>
        `<option value="${name}"${name === selected ? ' selected' : ''}>${escapeHtml(LABELS[name])}</option>`,
    )
    .join('')
  return `<label>Card <select name="card" ${testId('faststar-card')}>${options}</select></label>`
}
