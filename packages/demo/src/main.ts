// `pnpm demo`: one storefront, one router, three gateways against their emulators on loopback.
// `pnpm demo --trace` also prints the OpenTelemetry trace tree of each order.
import { formatOrderTable } from './order-table.js'
import { runStorefront } from './storefront.js'

const say = (line: string) => console.log(line)

try {
  // Imported only under --trace, so a plain run loads no OpenTelemetry package; registered before
  // the shop builds its gateways and router.
  const tracing = process.argv.slice(2).includes('--trace')
    ? await import('./tracing.js').then(({ startTracing }) => startTracing())
    : undefined
  const report = await runStorefront(say, tracing === undefined ? {} : { inOrder: tracing.inOrder })
  say(`\n${formatOrderTable(report.orders)}\n`)
  for (const [gateway, tally] of Object.entries(report.webhooks)) {
    say(`webhooks from ${gateway}: ${tally.handled} handled, ${tally.duplicates} duplicate(s) dropped`)
  }
  say(`refused deliveries: ${report.rejectedWebhooks}`)
  if (tracing !== undefined) say(`\nThe trace tree of each order (--trace):\n\n${tracing.report()}`)
  if (report.problems.length > 0) {
    console.error(`\nThe demo did not go as expected:\n${report.problems.map((p) => `  - ${p}`).join('\n')}`)
    process.exitCode = 1
  } else {
    say('\nEvery step went as expected; every server is closed. Nothing left this machine.')
  }
} catch (error) {
  console.error('\nThe demo failed:', error)
  process.exitCode = 1
}
