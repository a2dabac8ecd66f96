// `pnpm demo`: one storefront, one router, three gateways against their emulators on loopback.
import { formatOrderTable } from './order-table.js'
import { runStorefront } from './storefront.js'

const say = (line: string) => console.log(line)

try {
  const report = await runStorefront(say)
  say(`\n${formatOrderTable(report.orders)}\n`)
  for (const [gateway, tally] of Object.entries(report.webhooks)) {
    say(`webhooks from ${gateway}: ${tally.handled} handled, ${tally.duplicates} duplicate(s) dropped`)
  }
  say(`refused deliveries: ${report.rejectedWebhooks}`)
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
