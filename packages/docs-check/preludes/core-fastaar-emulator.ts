// docs/core.md, "A gateway on the emulator's clock": a Fastaar emulator in
// process, the gateway's key and webhook secret.
import { createFastaar } from '@paymux/fastaar'
import { type FastaarEmulator, serveFastaarEmulator } from '@paymux/fastaar/testing'

declare const emulator: FastaarEmulator
declare const apiKey: string
declare const webhookSecret: string
