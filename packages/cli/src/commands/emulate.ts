import { defineCommand } from 'citty'
import { emulateBanner, emulateJson } from '../banner.js'
import { type CliIo, CliUsageError, untilAborted } from '../cli-io.js'
import { httpUrlOf, portBaseArg, portBaseOf } from '../cli-options.js'
import { PROVIDERS, type Provider } from '../control-client.js'
import { startEmulators } from '../start-emulators.js'
import { strictArgs } from '../strict.js'

const CHOICES = [...PROVIDERS, 'all'] as const

/** `paymux emulate [faststar|fastaar|paystar|all]`: serves until SIGINT or SIGTERM. */
export function emulateCommand(io: CliIo) {
  return defineCommand({
    meta: { name: 'emulate', description: 'Serve the emulators on loopback until Ctrl-C' },
    plugins: [strictArgs],
    args: {
      which: { type: 'positional', required: false, default: 'all', description: CHOICES.join(' | ') },
      ...portBaseArg,
      'webhook-url': {
        type: 'string',
        valueHint: 'url',
        description: 'Where every emulator POSTs its signed webhooks (env WEBHOOK_URL; default none)',
      },
      host: {
        type: 'string',
        valueHint: 'address',
        description: 'The address to listen on (default 127.0.0.1)',
      },
      json: {
        type: 'boolean',
        description: 'Print one JSON line { portBase, faststar: { url, baseUrl }, … }',
      },
    },
    async run({ args }) {
      const which = args.which ?? 'all'
      if (!(CHOICES as readonly string[]).includes(which))
        throw new CliUsageError(`emulate takes one of ${CHOICES.join(', ')}, got ${JSON.stringify(which)}`)
      // An empty WEBHOOK_URL is unset, as shells leave it; an empty --webhook-url was refused by strictArgs.
      const rawUrl = args['webhook-url'] ?? (io.env.WEBHOOK_URL || undefined)
      const webhookUrl =
        rawUrl === undefined
          ? undefined
          : httpUrlOf(rawUrl, args['webhook-url'] === undefined ? 'WEBHOOK_URL' : '--webhook-url')
      const portBase = portBaseOf(args['port-base'], io.env, true)
      const started = await startEmulators({
        providers: which === 'all' ? PROVIDERS : [which as Provider],
        portBase,
        hostname: args.host ?? '127.0.0.1',
        ...(webhookUrl === undefined ? {} : { webhookUrl }),
      }).catch((error: unknown) => {
        if ((error as { code?: unknown }).code !== 'EADDRINUSE') throw error
        throw new Error(
          `${(error as Error).message}: is another paymux emulate running? Try --port-base ${portBase + 10} or 0 (free ports)`,
        )
      })
      io.out(args.json === true ? emulateJson(started) : emulateBanner(started, webhookUrl))
      await untilAborted(io.signal)
      await started.close()
      if (args.json !== true) io.out(`\n${String(io.signal.reason ?? 'stopped')}: the emulators are closed.`)
    },
  })
}
