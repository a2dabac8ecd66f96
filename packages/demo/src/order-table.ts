import { toMajorUnits } from '@paymux/core'
import type { OrderRow } from './shop.js'

/**
 * The orders as a plain-text table: order, gateway, status, amount. Amounts
 * come from minor units by string arithmetic (`toMajorUnits`), right-aligned.
 */
export function formatOrderTable(orders: readonly OrderRow[]): string {
  const header = ['order', 'gateway', 'status', 'amount']
  const rows = orders.map((row) => [
    row.order,
    row.gateway,
    row.status,
    `${row.amount.currency} ${toMajorUnits(row.amount)}`,
  ])
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((cells) => cells[column]?.length ?? 0)),
  )
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => {
        const width = widths[column] ?? 0
        return column === cells.length - 1 ? cell.padStart(width) : cell.padEnd(width)
      })
      .join('  ')
  const rule = widths.map((width) => '─'.repeat(width)).join('  ')
  return [line(header), rule, ...rows.map(line)].join('\n')
}
