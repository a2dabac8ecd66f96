/** A Lua script, sent by its SHA1 (EVALSHA) and by its text only when the server does not know it yet. */
export interface RedisScript {
  readonly source: string
  readonly sha: string
}

// Each SHA1 is written out, so loading the store needs no node:crypto (not every serverless
// runtime has it); a test checks each against its script.
function script(source: string, sha: string): RedisScript {
  return { source, sha }
}

// Every script touches KEYS[1] only (so it also suits a cluster), and answers an integer, never
// a Lua boolean: false comes back as nil, which the readers keep for "no such key".

/**
 * compareAndSet: the value lives in a hash, `v` (value) and `n` (version).
 * ARGV: expected version, value, ttl ms. Answers the new version, or 0 when
 * the version was not the expected one (versions start at 1).
 */
export const compareAndSetScript = script(
  `local n = tonumber(redis.call('HGET', KEYS[1], 'n') or '0')
if n ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'n', n + 1)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return n + 1`,
  '2ff4d35d21b3e9f37064d13161b530e3ea6f6b31',
)

/**
 * increment: INCR, and the window's expiry only on the first one, in one
 * step; a separate PEXPIRE could be lost with a crash between the two,
 * leaving a counter that never expires. ARGV: window ms. Answers the count.
 */
export const incrementScript = script(
  `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`,
  '81e5faa3570ffd4476898b67209df56ab095c0f8',
)

/** acquireLease: the key holds the owner. ARGV: owner, ttl ms. Answers 1 if taken (or renewed), 0 if another owner holds it. */
export const acquireLeaseScript = script(
  `local owner = redis.call('GET', KEYS[1])
if owner and owner ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`,
  '1e67bcb7f4d95f4847a36461ee2cbe719dddfd5f',
)

/** renewLease: ARGV: owner, ttl ms. Answers 1 if renewed, 0 if the owner does not hold it (a missing key reads as false). */
export const renewLeaseScript = script(
  `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`,
  '3365317404aaf2fec1fa0091fb6152928888d265',
)

/** releaseLease: ARGV: owner. Answers 1 if released, 0 if the owner did not hold it. */
export const releaseLeaseScript = script(
  `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1`,
  '16fcc7356e95831cb414d00c8c129e24948bebc0',
)
