// The child process of every proof: an app instance that plays the role the
// driver asks for (webhooks, ledger or breaker), then waits for the next.
// One process serves several proofs in turn, so a run starts few (each
// start costs a second of loading), while every role builds its own router,
// store client and server from scratch, as a fresh instance would.
import { runBreakerInstance } from './breaker-instance.js'
import type { InstanceCommand, InstanceMessage } from './instance-pool.js'
import { runLedgerCreator } from './ledger-creator.js'
import { fromDriver, runChild, tellDriver } from './proof-processes.js'
import { runWebhookWorker } from './webhook-worker.js'

async function main(): Promise<void> {
  await tellDriver<InstanceMessage>({ type: 'up' })
  for (;;) {
    const command = await fromDriver<InstanceCommand>('run', 'exit')
    if (command.type === 'exit') return
    if (command.role === 'webhooks') await runWebhookWorker(command.config)
    else if (command.role === 'ledger') await runLedgerCreator(command.config)
    else await runBreakerInstance(command.config)
  }
}

runChild(main)
