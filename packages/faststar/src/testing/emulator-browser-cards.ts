import { escapeHtml, testId } from './emulator-browser-html.js'
import type { EmulatedCard } from './emulator-records.js'

// The cards a buyer can pick on the emulator's pages. No card data is typed:
// the select names a test card, as FASTSTAR_TEST_CARDS does for the controls.

/** The test cards of the hosted checkout and card pages, by the value of their `<select>` option. */
export const PAGE_CARDS = {
  visa: { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030 },
  mastercard: { brand: 'mastercard', last4: '4444', expMonth: 12, expYear: 2030 },
  /** Runs the 3-D Secure challenge on the hosted page; off-session charges answer 402. */
  requiresAuthentication: {
    brand: 'visa',
    last4: '3155',
    expMonth: 12,
    expYear: 2030,
    requiresAuthentication: true,
  },
  /** Declined on the pages: `payment.failed`, and the buyer can retry. */
  declined: { brand: 'visa', last4: '0002', expMonth: 12, expYear: 2030, declines: true },
} as const satisfies Record<string, EmulatedCard>

/** The key of a page card. */
export type PageCardName = keyof typeof PAGE_CARDS

const LABELS: Record<PageCardName, string> = {
  visa: 'Visa •••• 4242',
  mastercard: 'Mastercard •••• 4444',
  requiresAuthentication: 'Visa •••• 3155 (3-D Secure)',
  declined: 'Visa •••• 0002 (declined)',
}

/** The page card named `name`, or undefined for anything else. */
export function pageCard(name: string | null | undefined): EmulatedCard | undefined {
  return name !== null && name !== undefined && Object.hasOwn(PAGE_CARDS, name)
    ? PAGE_CARDS[name as PageCardName]
    : undefined
}

/** The `<select>` of test cards, `selected` pre-chosen. */
export function cardSelect(selected: string = 'visa'): string {
  const options = (Object.keys(PAGE_CARDS) as PageCardName[])
    .map(
      (name) =>
        `<option value="${name}"${name === selected ? ' selected' : ''}>${escapeHtml(LABELS[name])}</option>`,
    )
    .join('')
  return `<label>Card <select name="card" ${testId('faststar-card')}>${options}</select></label>`
}
