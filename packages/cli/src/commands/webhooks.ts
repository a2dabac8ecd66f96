import { defineCommand } from 'citty'
import { type CliIo, CliUsageError } from '../cli-io.js'
import { httpUrlOf, portBaseArg, portBaseOf, providerArg, providerOf } from '../cli-options.js'
import {
  type AttemptView,
  type ControlClient,
  createControlClient,
  type DeliveryView,
  type Provider,
} from '../control-client.js'
import { strictArgs } from '../strict.js'

/** Where a command reports its exit code (citty drops sub-commands' results). */
export interface ExitCode {
  code: number
}

/** `paymux webhooks list|trigger|replay|forward`. */
export function webhooksCommand(io: CliIo, exit: ExitCode) {
  const client = (portBase: string | undefined) =>
    createControlClient({ portBase: portBaseOf(portBase, io.env), signal: io.signal })
  return defineCommand({
    meta: {
      name: 'webhooks',
      description: 'List, trigger, replay and forward the running emulators’ signed webhooks',
    },
    plugins: [strictArgs],
    subCommands: {
      list: listCommand(io, client),
      trigger: triggerCommand(io, client),
      replay: replayCommand(io, exit, client),
      forward: forwardCommand(io, exit, client),
    },
  })
}

type ClientOf = (portBase: string | undefined) => ControlClient

function listCommand(io: CliIo, clientOf: ClientOf) {
  return defineCommand({
    meta: {
      name: 'list',
      description: 'Every delivery the running emulators recorded, oldest first, with its id',
    },
    plugins: [strictArgs],
    args: { ...providerArg, ...portBaseArg },
    async run({ args }) {
      const client = clientOf(args['port-base'])
      const chosen = providerOf(args.provider)
      const infos = await client.reachable(chosen === undefined ? undefined : [chosen])
      const lists = await Promise.all(
        infos.map((info) => client.call<{ deliveries: DeliveryView[] }>(info.provider, 'GET', '/deliveries')),
      )
      const deliveries = lists.flatMap((list) => list.deliveries)
      if (deliveries.length === 0) {
        io.out(`No deliveries yet at ${infos.map((info) => info.provider).join(', ')}.`)
        return
      }
      const rows = deliveries.map((d) => [d.id, d.event, d.state, attemptsText(d.attempts)])
      for (const line of columns(rows)) io.out(line)
    },
  })
}

function triggerCommand(io: CliIo, clientOf: ClientOf) {
  return defineCommand({
    meta: { name: 'trigger', description: 'Cause a native event through the emulator’s own state change' },
    plugins: [strictArgs],
    args: {
      event: {
        type: 'positional',
        required: true,
        description: 'A native event type, e.g. payment.succeeded',
      },
      ...providerArg,
      data: { type: 'string', valueHint: 'json', description: 'Input for the event, a JSON object' },
      ...portBaseArg,
    },
    async run({ args }) {
      const input = args.data === undefined ? undefined : jsonObjectOf(args.data)
      const client = clientOf(args['port-base'])
      const chosen = providerOf(args.provider)
      const infos = await client.reachable(chosen === undefined ? undefined : [chosen])
      const provider = providerFor(args.event, infos)
      const { deliveries } = await client.call<{ deliveries: DeliveryView[] }>(provider, 'POST', '/trigger', {
        event: args.event,
        ...(input === undefined ? {} : { input }),
      })
      if (deliveries.length === 0) io.out(`${provider}: ${args.event} caused no webhook.`)
      for (const line of columns(deliveries.map((d) => [d.id, d.event, d.state, attemptsText(d.attempts)])))
        io.out(line)
      if (deliveries.some((d) => d.state === 'unsent'))
        io.out(
          '(unsent: emulate has no --webhook-url; `paymux webhooks forward --to <url>` or `replay <id> --to <url>`)',
        )
    },
  })
}

function replayCommand(io: CliIo, exit: ExitCode, clientOf: ClientOf) {
  return defineCommand({
    meta: {
      name: 'replay',
      description: 'Send a recorded delivery again: same body and event id, fresh signature',
    },
    plugins: [strictArgs],
    args: {
      id: {
        type: 'positional',
        required: true,
        description: 'The delivery id, e.g. faststar_4 (see `webhooks list`)',
      },
      to: {
        type: 'string',
        valueHint: 'url',
        description: 'Send it here instead of the emulator’s webhook URL',
      },
      ...portBaseArg,
    },
    async run({ args }) {
      const provider = /^(faststar|fastaar|paystar)_\d+$/.exec(args.id)?.[1] as Provider | undefined
      if (provider === undefined)
        throw new CliUsageError(
          `A delivery id looks like faststar_4 (see \`paymux webhooks list\`), got ${JSON.stringify(args.id)}`,
        )
      const to = args.to === undefined ? undefined : httpUrlOf(args.to, '--to')
      const client = clientOf(args['port-base'])
      await client.reachable([provider])
      const answer = await client.call<{ attempt: AttemptView; ms: number; delivery: DeliveryView }>(
        provider,
        'POST',
        `/deliveries/${encodeURIComponent(args.id)}/replay`,
        to === undefined ? {} : { to },
      )
      io.out(attemptLine(answer.delivery.id, answer.delivery.event, answer.attempt, answer.ms))
      if (!answer.attempt.ok) exit.code = 1
    },
  })
}

function forwardCommand(io: CliIo, exit: ExitCode, clientOf: ClientOf) {
  return defineCommand({
    meta: {
      name: 'forward',
      description: 'Also post every webhook attempt to <url> until Ctrl-C (no tunnel: all on loopback)',
    },
    plugins: [strictArgs],
    args: {
      to: { type: 'string', required: true, valueHint: 'url', description: 'Your endpoint' },
      ...providerArg,
      ...portBaseArg,
    },
    async run({ args }) {
      const to = httpUrlOf(args.to, '--to')
      const client = clientOf(args['port-base'])
      const chosen = providerOf(args.provider)
      const infos = await client.reachable(chosen === undefined ? undefined : [chosen])
      const stop = new AbortController()
      const onAbort = () => stop.abort()
      io.signal.addEventListener('abort', onAbort, { once: true })
      const streams = infos.map((info) =>
        client.stream(info.provider, '/targets', { url: to }, stop.signal, (event, data) => {
          if (event === 'ready') io.out(`${info.provider}: forwarding to ${to}`)
          if (event === 'attempt')
            io.out(
              attemptLine(
                String(data.id),
                String(data.event),
                data as unknown as AttemptView,
                Number(data.ms),
              ),
            )
        }),
      )
      io.out('Ctrl-C stops forwarding (the emulators drop the target).')
      const ended = await Promise.allSettled(streams)
      io.signal.removeEventListener('abort', onAbort)
      if (io.signal.aborted) return
      // A stream ended without Ctrl-C: the emulator closed, so forwarding is over.
      stop.abort()
      const failure = ended.find((result) => result.status === 'rejected')
      io.err(
        failure === undefined
          ? 'The emulators stopped; forwarding ended.'
          : `Forwarding ended: ${String(failure.reason)}`,
      )
      exit.code = 1
    },
  })
}

/** The emulator whose triggers include `event`; several → ask for --provider, none → list the valid ones. */
function providerFor(
  event: string,
  infos: readonly { provider: Provider; triggers: readonly string[] }[],
): Provider {
  const candidates = infos.filter((info) => info.triggers.includes(event))
  const [only] = candidates
  if (candidates.length === 1 && only !== undefined) return only.provider
  if (candidates.length > 1)
    throw new CliUsageError(
      `${event} exists at ${candidates.map((c) => c.provider).join(' and ')}: add --provider ${candidates.map((c) => c.provider).join('|')}`,
    )
  const known = infos.map((info) => `${info.provider}: ${info.triggers.join(', ') || '(none yet)'}`)
  throw new CliUsageError(
    `No running emulator can trigger ${JSON.stringify(event)}. Known events:\n  ${known.join('\n  ')}`,
  )
}

/** `→ 200 payment.succeeded faststar_4 (12 ms)` */
export function attemptLine(id: string, event: string, attempt: AttemptView, ms: number): string {
  const outcome = attempt.status === undefined ? (attempt.error ?? 'failed') : String(attempt.status)
  return `→ ${outcome} ${event} ${id} (${Math.round(ms)} ms)`
}

function attemptsText(attempts: readonly AttemptView[]): string {
  const last = attempts.at(-1)
  if (last === undefined) return 'no attempts'
  const outcome = last.status === undefined ? (last.error ?? 'failed') : String(last.status)
  return `${attempts.length} attempt${attempts.length === 1 ? '' : 's'}, last → ${outcome} ${last.url}`
}

function columns(rows: readonly (readonly string[])[]): string[] {
  const widths = rows.reduce<number[]>(
    (max, row) => row.map((cell, index) => Math.max(max[index] ?? 0, cell.length)),
    [],
  )
  return rows.map((row) =>
    row.map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index] ?? 0))).join('  '),
  )
}

function jsonObjectOf(text: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new CliUsageError(`--data must be a JSON object, got ${JSON.stringify(text)}`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new CliUsageError(`--data must be a JSON object, got ${JSON.stringify(text)}`)
  return value as Record<string, unknown>
}
