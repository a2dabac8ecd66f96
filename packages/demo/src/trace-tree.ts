// Type imports only: this file loads no OpenTelemetry package, so it costs nothing without --trace.
import type { Attributes, AttributeValue, HrTime } from '@opentelemetry/api'
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'

/** The fields of a finished span the tree reads: a subset of the SDK's `ReadableSpan`. */
export type TreeSpan = Pick<
  ReadableSpan,
  'name' | 'spanContext' | 'parentSpanContext' | 'startTime' | 'endTime' | 'attributes' | 'events' | 'status'
>

/**
 * The attributes a tree line shows, in this order, when a span has them. The
 * operation is left out: the span's name already says it.
 */
export const TREE_ATTRIBUTES = [
  'paymux.gateway',
  'paymux.attempt',
  'http.request.resend_count',
  'http.response.status_code',
  'paymux.outcome',
  'paymux.error.class',
  'paymux.error.code',
  'paymux.failover.to',
  'paymux.breaker.state',
  'paymux.webhook.event_type',
  'paymux.webhook.verified',
  'paymux.webhook.duplicate',
  'paymux.webhook.outcome',
  'paymux.webhook.refusal',
] as const

// SpanStatusCode.ERROR of @opentelemetry/api; the number, so that this file imports no value from it.
const STATUS_ERROR = 2

interface Node {
  readonly span: TreeSpan
  readonly children: Node[]
}

/** One line under a span: a child span or an event, placed by the time it started or happened. */
type Item = { readonly at: number; readonly node: Node } | { readonly at: number; readonly event: Event }
type Event = TreeSpan['events'][number]

/**
 * Finished spans as indented text trees, one per trace, oldest first: each
 * span's name, duration in ms and {@link TREE_ATTRIBUTES}, its children and
 * events beneath it in the order they started or happened. A trace that
 * started while an earlier one was still open (a webhook delivery the shop's
 * endpoint received during an order: no context crosses that HTTP hop) is
 * printed after the earlier one, indented, under "started meanwhile".
 */
export function formatTraceTrees(spans: readonly TreeSpan[]): string {
  const groups: Array<{ readonly outer: Node; readonly meanwhile: Node[] }> = []
  for (const root of buildForest(spans)) {
    const last = groups.at(-1)
    if (last !== undefined && ms(root.span.startTime) < ms(last.outer.span.endTime)) last.meanwhile.push(root)
    else groups.push({ outer: root, meanwhile: [] })
  }
  return groups
    .map(({ outer, meanwhile }) => {
      const lines = treeLines(outer)
      if (meanwhile.length > 0) {
        lines.push('started meanwhile, in traces of their own:')
        for (const root of meanwhile) lines.push(...treeLines(root).map((line) => `  ${line}`))
      }
      return lines.join('\n')
    })
    .join('\n\n')
}

/** The spans as trees: a span whose parent is not among them (or who has none) is a root. */
function buildForest(spans: readonly TreeSpan[]): Node[] {
  const nodes = new Map<string, Node>()
  for (const span of spans) nodes.set(keyOf(span.spanContext()), { span, children: [] })
  const roots: Node[] = []
  for (const node of nodes.values()) {
    const parent = node.span.parentSpanContext
    const parentNode = parent === undefined ? undefined : nodes.get(keyOf(parent))
    if (parentNode === undefined) roots.push(node)
    else parentNode.children.push(node)
  }
  for (const node of nodes.values()) node.children.sort(byStart)
  return roots.sort(byStart)
}

function keyOf({ traceId, spanId }: { readonly traceId: string; readonly spanId: string }): string {
  return `${traceId}/${spanId}`
}

function byStart(a: Node, b: Node): number {
  return ms(a.span.startTime) - ms(b.span.startTime)
}

/** A tree's lines: the root flush left, each level below it behind `├─ ` / `└─ ` and `│  ` rails. */
function treeLines(root: Node): string[] {
  const lines = [spanLine(root.span)]
  appendItems(root, '', lines)
  return lines
}

function appendItems(node: Node, rail: string, lines: string[]): void {
  const items: Item[] = [
    ...node.children.map((child) => ({ at: ms(child.span.startTime), node: child })),
    ...node.span.events.map((event) => ({ at: ms(event.time), event })),
  ]
  // Stable: at the same instant, child spans stay before events, each in its own order.
  items.sort((a, b) => a.at - b.at)
  items.forEach((item, index) => {
    const last = index === items.length - 1
    const branch = `${rail}${last ? '└─ ' : '├─ '}`
    if ('event' in item) {
      lines.push(`${branch}${eventLine(item.event, node.span.startTime)}`)
      return
    }
    lines.push(`${branch}${spanLine(item.node.span)}`)
    appendItems(item.node, `${rail}${last ? '   ' : '│  '}`, lines)
  })
}

function spanLine(span: TreeSpan): string {
  const shown = TREE_ATTRIBUTES.filter((name) => span.attributes[name] !== undefined).map((name) =>
    pair(name, span.attributes[name]),
  )
  if (span.status.code === STATUS_ERROR) shown.push('status=ERROR')
  const duration = `${(ms(span.endTime) - ms(span.startTime)).toFixed(1)} ms`
  return [span.name, duration, shown.join(' ')].filter((part) => part !== '').join('  ')
}

/** An event with every attribute it carries (paymux puts none on an event that a span could not carry). */
function eventLine(event: Event, spanStart: HrTime): string {
  const offset = `at +${(ms(event.time) - ms(spanStart)).toFixed(1)} ms`
  const shown = Object.entries(event.attributes ?? ({} satisfies Attributes)).map(([name, value]) =>
    pair(name, value),
  )
  return [`event ${event.name}`, offset, shown.join(' ')].filter((part) => part !== '').join('  ')
}

function pair(name: string, value: AttributeValue | undefined): string {
  const text = Array.isArray(value) ? value.join(',') : String(value)
  return `${name}=${/\s/.test(text) || text === '' ? JSON.stringify(text) : text}`
}

/** An `HrTime` (seconds, nanoseconds) in milliseconds. */
function ms([seconds, nanos]: HrTime): number {
  return seconds * 1000 + nanos / 1e6
}
