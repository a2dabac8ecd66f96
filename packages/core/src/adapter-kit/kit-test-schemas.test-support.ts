// The schema module of the kit's test table: what a gateway's `<gw>-schemas.ts` is, in small.
import * as z from 'zod/mini'
import { answerHandler } from './answers.js'

export const requests = {
  createThing: z.strictObject({ name: z.string(), ref: z.optional(z.string()) }),
  listQuery: z.strictObject({ limit: z.optional(z.number()) }),
}

export const answers = {
  thing: answerHandler(z.looseObject({ ok: z.literal(true), data: z.object({ id: z.string() }) }), {
    saysFailed: (body) => (body.ok === false ? '"ok": false' : undefined),
    pick: (body) => (body as { data: { id: string } }).data,
  }),
  things: answerHandler(z.array(z.object({ id: z.string() }))),
  nothing: answerHandler(z.unknown()),
}
