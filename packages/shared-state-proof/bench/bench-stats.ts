// Medians, spreads and the plain-text table the bench prints.

/** The median of `values` (the mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

/** The smallest and largest of `values`, as `min–max` with `digits` decimals. */
export function spread(values: readonly number[], digits: number): string {
  if (values.length === 0) return '–'
  return `${formatNumber(Math.min(...values), digits)}–${formatNumber(Math.max(...values), digits)}`
}

/** `value` with exactly `digits` decimals and thousands separators; `–` for NaN. */
export function formatNumber(value: number, digits: number): string {
  if (Number.isNaN(value)) return '–'
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
}

/** A plain-text table: the first column left-aligned, the others right-aligned. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  )
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd()
  return [line(headers), widths.map((width) => '─'.repeat(width)).join('  '), ...rows.map(line)].join('\n')
}

/**
 * The order of `items` for round `round`: rotated by one each round, so
 * that no variant always runs first (warmest, or right after a GC).
 */
export function rotated<T>(items: readonly T[], round: number): T[] {
  const shift = round % Math.max(1, items.length)
  return [...items.slice(shift), ...items.slice(0, shift)]
}
