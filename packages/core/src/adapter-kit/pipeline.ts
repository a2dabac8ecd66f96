import type * as zc from 'zod/v4/core'
import type { CallOptions, GatewayCapabilities, Operation } from '../model/gateway.js'
import type { ProviderId } from '../model/ref.js'
import { parseInput } from '../validation/parse-input.js'
import { ownId } from '../validation/path-id.js'
import { refuseUnsupportedFields } from '../validation/unsupported-fields.js'

/** What {@link neutralPipeline} needs. */
export interface PipelineOptions<S> {
  readonly provider: ProviderId
  /** Loads the gateway's schema module, as its native client does (the same `lazy` loader). */
  readonly schemas: () => Promise<S>
  /** The neutral fields the gateway cannot carry (its `capabilities.unsupportedFields`). */
  readonly unsupportedFields?: GatewayCapabilities['unsupportedFields']
}

/**
 * The steps every neutral facet method takes, in order: check the input
 * (ids: the gateway's own refs accepted, foreign refs refused; inputs: core's
 * neutral schema as the gateway refined it, unknown keys and fields the
 * gateway cannot carry refused), then `run`: map, call the native client,
 * map back. Nothing is sent before the input is known good.
 */
export interface NeutralPipeline<S> {
  /** A method taking a neutral input: `create(input, options)`. */
  input<Schema extends zc.$ZodType, Out>(
    operation: Operation,
    schema: (schemas: S) => Schema,
    run: (input: zc.output<Schema>, options: CallOptions | undefined, schemas: S) => Promise<Out>,
  ): (input: zc.input<Schema>, options?: CallOptions) => Promise<Out>
  /** A method taking an id: `retrieve(id, options)`. `field` names it in errors. @default 'id' */
  id<Out>(
    operation: Operation,
    run: (id: string, options: CallOptions | undefined) => Promise<Out>,
    field?: string,
  ): (id: string, options?: CallOptions) => Promise<Out>
  /** A method taking an id and a neutral input: `refund(id, input, options)`. */
  idAndInput<Schema extends zc.$ZodType, Out>(
    operation: Operation,
    schema: (schemas: S) => Schema,
    run: (id: string, input: zc.output<Schema>, options: CallOptions | undefined, schemas: S) => Promise<Out>,
    field?: string,
  ): (id: string, input: zc.input<Schema>, options?: CallOptions) => Promise<Out>
}

/** Builds the {@link NeutralPipeline} of one gateway. */
export function neutralPipeline<S>(options: PipelineOptions<S>): NeutralPipeline<S> {
  const { provider, schemas } = options
  const capabilities =
    options.unsupportedFields === undefined ? {} : { unsupportedFields: options.unsupportedFields }
  // Core's one policy, in two steps: fields the gateway cannot carry are refused before the schema
  // module loads (no zod needed), then the (refined) neutral schema runs.
  const refuse = (value: unknown, operation: Operation) =>
    refuseUnsupportedFields(value, operation, capabilities, provider)
  const check = <Schema extends zc.$ZodType>(schema: Schema, value: unknown, operation: Operation) =>
    parseInput(schema, value, { provider, operation }) as zc.output<Schema>
  return {
    input: (operation, schema, run) => async (input, callOptions) => {
      refuse(input, operation)
      const loaded = await schemas()
      return run(check(schema(loaded), input, operation), callOptions, loaded)
    },
    id:
      (operation, run, field = 'id') =>
      async (id, callOptions) =>
        run(ownId(id, field, { provider, operation }), callOptions),
    idAndInput:
      (operation, schema, run, field = 'id') =>
      async (id, input, callOptions) => {
        const own = ownId(id, field, { provider, operation })
        refuse(input, operation)
        const loaded = await schemas()
        return run(own, check(schema(loaded), input, operation), callOptions, loaded)
      },
  }
}
