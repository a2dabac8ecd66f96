// Finds which keys a zod schema accepts at a path, so an unknown key can be
// answered with the closest known one. Reads zod 4's `_zod.def` by duck typing,
// which zod and zod/mini schemas share: core never imports zod at runtime,
// and a schema shape it does not know simply yields no suggestion.

interface Def {
  readonly type?: string
  readonly shape?: Readonly<Record<string, unknown>>
  readonly element?: unknown
  readonly innerType?: unknown
  readonly in?: unknown
  readonly out?: unknown
  readonly options?: readonly unknown[]
  readonly left?: unknown
  readonly right?: unknown
  readonly valueType?: unknown
  readonly items?: readonly unknown[]
  readonly rest?: unknown
  readonly getter?: () => unknown
}

// Wrappers whose own keys are those of the schema they wrap.
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'])
const MAX_DEPTH = 32

/**
 * The keys the object schema(s) at `path` within `schema` declare, in
 * declaration order; empty when the path leads to no object schema.
 */
export function knownKeysAt(schema: unknown, path: readonly PropertyKey[]): string[] {
  let current = unwrap(schema, 0)
  for (const key of path) current = current.flatMap((node) => unwrap(child(node, key), 0))
  const keys = current.flatMap((node) => {
    const def = defOf(node)
    return def?.type === 'object' && def.shape !== undefined ? Object.keys(def.shape) : []
  })
  return [...new Set(keys)]
}

function defOf(schema: unknown): Def | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined
  const def = (schema as { _zod?: { def?: unknown } })._zod?.def
  return typeof def === 'object' && def !== null ? (def as Def) : undefined
}

// The schemas that actually hold keys, looking through wrappers, pipes, unions and lazies.
function unwrap(schema: unknown, depth: number): unknown[] {
  const def = defOf(schema)
  if (def === undefined || depth > MAX_DEPTH) return []
  const next = (inner: unknown) => unwrap(inner, depth + 1)
  if (def.type !== undefined && WRAPPERS.has(def.type)) return next(def.innerType)
  switch (def.type) {
    case 'pipe':
      return [...next(def.in), ...next(def.out)]
    case 'lazy':
      return def.getter === undefined ? [] : next(def.getter())
    case 'union':
      return (def.options ?? []).flatMap(next)
    case 'intersection':
      return [...next(def.left), ...next(def.right)]
    default:
      return [schema]
  }
}

function child(schema: unknown, key: PropertyKey): unknown {
  const def = defOf(schema)
  switch (def?.type) {
    case 'object':
      return typeof key === 'string' && def.shape !== undefined && Object.hasOwn(def.shape, key)
        ? def.shape[key]
        : undefined
    case 'array':
      return def.element
    case 'record':
      return def.valueType
    case 'tuple':
      return typeof key === 'number' ? (def.items?.[key] ?? def.rest) : undefined
    default:
      return undefined
  }
}
