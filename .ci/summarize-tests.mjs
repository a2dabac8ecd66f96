// Prints vitest's totals as one plain line (`tests: N passed, N failed, N skipped`) so CI can read them.
import { readFileSync } from 'node:fs'

const report = JSON.parse(
  readFileSync(new URL('../node_modules/.paymux/test-results.json', import.meta.url), 'utf8'),
)
const skipped = report.numPendingTests + report.numTodoTests
console.log(`tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`)
if (report.numTotalTests === 0) {
  console.error('vitest ran no test')
  process.exit(1)
}
