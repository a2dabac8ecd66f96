/**
 * What the store needs of a node-redis 5 client (`createClient()` from
 * `redis` or `@redis/client`, connected by you): `sendCommand`, which sends
 * one raw command on the client's own connection.
 */
export interface NodeRedisCommandClient {
  sendCommand(args: readonly string[]): Promise<unknown>
}

/**
 * What the store needs of an ioredis 5 client (`new Redis(…)`): `call`,
 * which sends one raw command on the client's own connection. A client of
 * another library fits too, through a small object with this one method.
 */
export interface IoRedisCommandClient {
  call(command: string, ...args: string[]): Promise<unknown>
}

/** A Redis client the store can use: a node-redis 5 or an ioredis 5 client, as you created and connected it. */
export type RedisStoreClient = NodeRedisCommandClient | IoRedisCommandClient

/** Sends one command (`'SET'`, `['k', 'v', …]`) and resolves the raw reply. */
export type SendRedisCommand = (command: string, args: readonly string[]) => Promise<unknown>

/**
 * The sender for `client`, or `undefined` if it has neither method. `call`
 * wins: ioredis has both, and its `sendCommand` takes a Command object,
 * not an array.
 */
export function redisCommandSender(client: unknown): SendRedisCommand | undefined {
  if (typeof client !== 'object' || client === null) return undefined
  if (typeof (client as Partial<IoRedisCommandClient>).call === 'function') {
    const io = client as IoRedisCommandClient
    return (command, args) => io.call(command, ...args)
  }
  if (typeof (client as Partial<NodeRedisCommandClient>).sendCommand === 'function') {
    const node = client as NodeRedisCommandClient
    return (command, args) => node.sendCommand([command, ...args])
  }
  return undefined
}
