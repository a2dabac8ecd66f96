const inspect = Symbol.for('nodejs.util.inspect.custom')

/**
 * Freezes `object` and gives it a fixed `util.inspect` text: a gateway or a
 * transport holds its key in a closure, and `console.log(gateway)` shows
 * `description`, never the closure's data.
 */
export function sealed<T extends object>(object: T, description: string): Readonly<T> {
  Object.defineProperty(object, inspect, { value: () => description })
  return Object.freeze(object)
}
