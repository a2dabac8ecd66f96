// The paymux storefront demo: each gateway package against its own emulator on loopback.
import { runFastaarDemo } from './fastaar-demo.js'
import { runFastStarDemo } from './faststar-demo.js'
import { runPaystarDemo } from './paystar-demo.js'

const say = (line: string) => console.log(line)
const parts: Array<[string, (say: (line: string) => void) => Promise<void>]> = [
  ['FastStar: card checkout, saved cards and tax', runFastStarDemo],
  ['Fastaar: a BDT order paid by mobile wallet', runFastaarDemo],
  ['Paystar: a utility bill and AutoPay', runPaystarDemo],
]

for (const [title, run] of parts) {
  say(`\n━━ ${title} ━━`)
  await run(say)
}
say('\nAll done: every step above ran against the emulators on this machine; nothing left it.')
