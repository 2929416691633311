/**
 * The Lua scripts behind the Redis GatewayState. Each runs atomically in Redis, so a check and the reservation
 * it allows can never interleave with another instance's. Money is counted in integer nano-dollars (exact sums,
 * exact comparisons); integers written with HINCRBY/INCRBY go through `string.format('%d')` or come as ARGV
 * strings, never through Lua's number-to-string conversion.
 *
 * A key's hash and leases expire after `idleTtl` without an admission (every admission renews both), so keys
 * nobody uses any more do not stay in Redis for ever; a key used again is seeded from the store again, which its
 * spend reached long before through write-behind.
 *
 * Keys per virtual key (the `{id}` hash tag keeps them on one Redis Cluster slot):
 *   <prefix>key:{id}            hash: spent, reserved (nanos), inflight, rq/rq_at (request bucket), tk/tk_at (token bucket)
 *   <prefix>key:{id}:day:<day>  string: nanos spent that UTC day (expires two days later)
 *   <prefix>key:{id}:leases     zset: one member `<lease>|<nanos>|<tokens>` per reservation, scored by its expiry
 * Per (upstream, model) target:
 *   <prefix>circuit:{upstream/model}  hash: failures, open_until, probing
 */

const HELPERS = `
local function add(key, field, n)
  if n ~= 0 then redis.call('HINCRBY', key, field, string.format('%d', n)) end
end
local function amountOf(member)
  return tonumber(string.match(member, '|(%d+)|')) or 0
end
`;

/**
 * KEYS: hash, day, leases. ARGV: now, rpm, tpm, budgetTotal, budgetDaily ('' = none; budgets in nanos),
 * seedTotal, seedDay (nanos, used only when the counters do not exist yet), reserve (nanos), promptTokens,
 * lease member, lease expiry, day TTL (ms), idle TTL (ms) of the hash and the leases.
 * Returns {0, reservedTokens} | {1, retryAfterMs} (rpm) | {2, retryAfterMs} (tpm) | {3, spent} (total budget;
 * spent = 1 when used up, 0 when the rest is reserved) | {4, spent} (daily budget).
 */
export const ADMIT_SCRIPT = `${HELPERS}
local hash, dayKey, leases = KEYS[1], KEYS[2], KEYS[3]
local now = tonumber(ARGV[1])
local rpm, tpm = tonumber(ARGV[2]), tonumber(ARGV[3])
local budgetTotal, budgetDaily = tonumber(ARGV[4]), tonumber(ARGV[5])
local reserve, promptTokens = tonumber(ARGV[8]), tonumber(ARGV[9])

redis.call('HSETNX', hash, 'spent', ARGV[6])
redis.call('SET', dayKey, ARGV[7], 'NX', 'PX', ARGV[12])
redis.call('PEXPIRE', hash, ARGV[13])
redis.call('PEXPIRE', leases, ARGV[13])

-- reservations whose lease ran out (their instance died mid-request) are given back
local lapsed = redis.call('ZRANGEBYSCORE', leases, '-inf', now, 'LIMIT', 0, 64)
for _, member in ipairs(lapsed) do
  redis.call('ZREM', leases, member)
  add(hash, 'reserved', -amountOf(member))
  add(hash, 'inflight', -1)
end

local state = redis.call('HMGET', hash, 'spent', 'reserved', 'inflight', 'rq', 'rq_at', 'tk', 'tk_at')
local spent = tonumber(state[1]) or 0
local reserved = math.max(0, tonumber(state[2]) or 0)
local inflight = math.max(0, tonumber(state[3]) or 0)

local rq, rqAt
if rpm then
  rq, rqAt = tonumber(state[4]), tonumber(state[5])
  if rq == nil or rqAt == nil then rq, rqAt = rpm, now end
  if now > rqAt then rq, rqAt = math.min(rpm, rq + (now - rqAt) * rpm / 60000), now end
  if rq < 1 then return {1, math.ceil((1 - rq) * 60000 / rpm)} end
end
local tk, tkAt
local reservedTokens = 0
if tpm then
  tk, tkAt = tonumber(state[6]), tonumber(state[7])
  if tk == nil or tkAt == nil then tk, tkAt = tpm, now end
  if now > tkAt then tk, tkAt = math.min(tpm, tk + (now - tkAt) * tpm / 60000), now end
  reservedTokens = math.min(promptTokens, tpm)
  if tk < reservedTokens or tk <= 0 then
    return {2, math.ceil((math.max(reservedTokens, 1) - tk) * 60000 / tpm)}
  end
end

local alone = inflight == 0
if budgetTotal and spent + reserved + reserve > budgetTotal and not (alone and spent < budgetTotal) then
  return {3, (alone or spent >= budgetTotal) and 1 or 0}
end
if budgetDaily then
  local spentDay = tonumber(redis.call('GET', dayKey)) or 0
  if spentDay + reserved + reserve > budgetDaily and not (alone and spentDay < budgetDaily) then
    return {4, (alone or spentDay >= budgetDaily) and 1 or 0}
  end
end

if rpm then redis.call('HSET', hash, 'rq', rq - 1, 'rq_at', rqAt) end
if tpm then redis.call('HSET', hash, 'tk', tk - reservedTokens, 'tk_at', tkAt) end
add(hash, 'reserved', reserve)
add(hash, 'inflight', 1)
redis.call('ZADD', leases, ARGV[11], ARGV[10])
redis.call('PEXPIRE', leases, ARGV[13])
return {0, reservedTokens}
`;

/**
 * KEYS: hash, day (of the settlement), leases. ARGV: lease member, actual (nanos), tokens used beyond the
 * reservation, day TTL (ms). A lease that already lapsed was given back by an admit: only the spend is booked.
 * Spend is not booked into a hash that no longer exists (Redis was flushed): the next admit seeds it from the
 * store, which this spend reaches through write-behind.
 */
export const SETTLE_SCRIPT = `${HELPERS}
local hash, dayKey, leases = KEYS[1], KEYS[2], KEYS[3]
if redis.call('ZREM', leases, ARGV[1]) == 1 then
  add(hash, 'reserved', -amountOf(ARGV[1]))
  add(hash, 'inflight', -1)
end
if ARGV[2] ~= '0' and redis.call('HEXISTS', hash, 'spent') == 1 then
  redis.call('HINCRBY', hash, 'spent', ARGV[2])
  redis.call('SET', dayKey, '0', 'NX', 'PX', ARGV[4])
  redis.call('INCRBY', dayKey, ARGV[2])
end
local extra = tonumber(ARGV[3])
if extra > 0 and redis.call('HEXISTS', hash, 'tk') == 1 then
  redis.call('HINCRBYFLOAT', hash, 'tk', -extra)
end
return 1
`;

/**
 * KEYS: circuit. ARGV: now, cooldown (ms). Returns {allowed, clean}: clean = 1 when nothing is recorded against
 * the upstream (a success then has nothing to reset). Past the cool-down, exactly one caller — on any
 * instance — gets the half-open probe; the next one only after another cool-down.
 */
export const CIRCUIT_ALLOWS_SCRIPT = `
local state = redis.call('HMGET', KEYS[1], 'failures', 'open_until')
local failures, openUntil = tonumber(state[1]) or 0, tonumber(state[2]) or 0
if openUntil == 0 then return {1, failures == 0 and 1 or 0} end
local now = tonumber(ARGV[1])
if now < openUntil then return {0, 0} end
redis.call('HSET', KEYS[1], 'probing', 1, 'open_until', now + tonumber(ARGV[2]))
return {1, 0}
`;

/** KEYS: circuit. ARGV: now, cooldown (ms), failure threshold, TTL (ms) of the record. */
export const CIRCUIT_FAILURE_SCRIPT = `
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
if redis.call('HGET', KEYS[1], 'probing') == '1' or failures >= tonumber(ARGV[3]) then
  redis.call('HSET', KEYS[1], 'open_until', tonumber(ARGV[1]) + tonumber(ARGV[2]), 'probing', 0)
end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return failures
`;
