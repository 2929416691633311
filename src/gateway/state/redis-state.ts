/**
 * GatewayState in Redis, shared by every gateway instance pointed at the same Redis and key prefix. Admission
 * (rate-limit buckets + budget check + reservation) and settlement are one Lua script each (EVALSHA through
 * ioredis `defineCommand`), so two instances admitting on one key never both take the last of its budget: a key
 * ends at most one request's cost over budget however many instances serve it.
 *
 * Counters are seeded from the store the first time any instance sees a key (HSETNX); after that Redis is the
 * live truth and each instance writes only the spend it settled itself to the store (write-behind), so the
 * store's counters add up without double counting. Each reservation holds a lease (`reservationTtlMs`): when an
 * instance dies mid-request, the next admission on that key gives the lapsed reservation back.
 *
 * When Redis cannot be reached, `admit` and `circuitAllows` reject with SharedStateUnavailableError (the
 * client gets a 503) — the gateway never serves a request it could not check. An admission that failed that way
 * may still have run in Redis (it did not answer in time): its lease is given back at once, not held until it
 * lapses. Every command is bounded by `commandTimeoutMs` (withDeadline: a late timer in a busy process is not a
 * Redis that does not answer). `settle` and `record*` never reject: their errors go to `onError`.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { Admission, AdmitRequest, CircuitState, GatewayState, KeyLimits, KeyUsage } from './gateway-state.js';
import { dailyBudgetError, requestsPerMinuteError, tokensPerMinuteError, totalBudgetError } from './limit-errors.js';
import { createPendingSpend } from './pending-spend.js';
import { DEFAULT_COMMAND_TIMEOUT_MS, withDeadline } from './redis-connection.js';
import { ADMIT_SCRIPT, CIRCUIT_ALLOWS_SCRIPT, CIRCUIT_FAILURE_SCRIPT, SETTLE_SCRIPT } from './redis-scripts.js';
import { SharedStateUnavailableError } from './shared-state-error.js';
import { createDayClock } from './utc-day.js';

const NANOS_PER_USD = 1e9;
const DAY_TTL_MS = 2 * 86_400_000;
const CIRCUIT_TTL_MS = 86_400_000;
/** A key's counters leave Redis after this long without a request (seeded from the store again if it returns). */
export const DEFAULT_IDLE_TTL_MS = 30 * 86_400_000;

export interface RedisStateOptions {
  redis: Redis;
  /** Put before every key; instances share state exactly when they share Redis and this prefix. */
  keyPrefix: string;
  failureThreshold: number;
  cooldownMs: number;
  /** How long a reservation is held when its instance never settles it (it died). */
  reservationTtlMs: number;
  /** How long a key's counters stay in Redis without an admission; default 30 days (the config allows ≥ 2 days). */
  idleTtlMs?: number;
  /** How long a command may go unanswered (`redis.commandTimeoutMs`); default 1 s. */
  commandTimeoutMs?: number;
  /** Quit the Redis client on close (the state opened it). */
  ownsConnection?: boolean;
  /** Errors of writes nobody waits for (settle, circuit records). */
  onError?: (error: unknown) => void;
}

/** The Redis state answers with promises (and keeps the interface's never-rejecting writes). */
export interface RedisGatewayState extends GatewayState {
  readonly kind: 'redis';
  admit(key: KeyLimits, request: AdmitRequest, now: number): Promise<Admission>;
  settle(admission: Admission, actualUsd: number, totalTokens: number, now: number): Promise<void>;
  usage(keyId: string, now?: number): Promise<KeyUsage | undefined>;
  circuitAllows(circuit: string, now: number): Promise<boolean>;
  recordSuccess(circuit: string): Promise<void>;
  recordFailure(circuit: string, now: number): Promise<void>;
  circuitState(circuit: string, now: number): Promise<CircuitState>;
  close(): Promise<void>;
}

type Script = (...args: Array<string | number>) => Promise<unknown>;

interface Scripts {
  parityAdmit: Script;
  paritySettle: Script;
  parityCircuitAllows: Script;
  parityCircuitFailure: Script;
}

function defineScripts(redis: Redis): Scripts {
  const commands = redis as unknown as Partial<Scripts>;
  if (commands.parityAdmit === undefined) {
    redis.defineCommand('parityAdmit', { numberOfKeys: 3, lua: ADMIT_SCRIPT });
    redis.defineCommand('paritySettle', { numberOfKeys: 3, lua: SETTLE_SCRIPT });
    redis.defineCommand('parityCircuitAllows', { numberOfKeys: 1, lua: CIRCUIT_ALLOWS_SCRIPT });
    redis.defineCommand('parityCircuitFailure', { numberOfKeys: 1, lua: CIRCUIT_FAILURE_SCRIPT });
  }
  const defined = redis as unknown as Scripts;
  return {
    parityAdmit: defined.parityAdmit.bind(redis),
    paritySettle: defined.paritySettle.bind(redis),
    parityCircuitAllows: defined.parityCircuitAllows.bind(redis),
    parityCircuitFailure: defined.parityCircuitFailure.bind(redis),
  };
}

const toNanos = (usd: number): number => Math.max(0, Math.round(usd * NANOS_PER_USD));
const toUsd = (nanos: string | null | undefined): number => (nanos == null ? 0 : Number(nanos) / NANOS_PER_USD);
const limit = (value: number | null): string => (value === null ? '' : String(value));

function unavailable(error: unknown): SharedStateUnavailableError {
  return new SharedStateUnavailableError(error instanceof Error ? error.message : String(error), { cause: error });
}

function numberAt(reply: unknown, index: number): number {
  return Array.isArray(reply) ? Number(reply[index]) : Number.NaN;
}

export function createRedisState(options: RedisStateOptions): RedisGatewayState {
  const { redis, keyPrefix: prefix } = options;
  const scripts = defineScripts(redis);
  const pending = createPendingSpend();
  const dayOf = createDayClock();
  const report = (error: unknown): void => options.onError?.(error);
  const leasePrefix = randomBytes(6).toString('hex');
  const idleTtlMs = options.idleTtlMs ?? DEFAULT_IDLE_TTL_MS;
  const timeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  let leaseCounter = 0;
  /** Writes under way (settle, circuit records), awaited by close. */
  const writes = new Set<Promise<unknown>>();
  /** Circuits whose last check found nothing recorded against them: a success has nothing to reset (bounded). */
  const cleanCircuits = new LRUCache<string, true>({ max: 10_000 });

  const keyHash = (keyId: string): string => `${prefix}key:{${keyId}}`;
  const dayKey = (keyId: string, day: string): string => `${prefix}key:{${keyId}}:day:${day}`;
  const leasesKey = (keyId: string): string => `${prefix}key:{${keyId}}:leases`;
  const circuitKey = (circuit: string): string => `${prefix}circuit:{${circuit}}`;

  const track = (write: Promise<unknown>, onFailure: (error: unknown) => void = report): Promise<void> => {
    const settled = withDeadline(write, timeoutMs).then(() => undefined, onFailure);
    writes.add(settled);
    void settled.finally(() => writes.delete(settled));
    return settled;
  };

  return {
    kind: 'redis',

    async admit(key: KeyLimits, request: AdmitRequest, now: number): Promise<Admission> {
      const day = dayOf(now);
      const reserveNanos = toNanos(request.reserveUsd);
      const lease = `${leasePrefix}${(leaseCounter++).toString(36)}|${reserveNanos}|${Math.max(0, Math.round(request.promptTokens))}`;
      let reply: unknown;
      try {
        reply = await withDeadline(
          scripts.parityAdmit(
            keyHash(key.keyId),
            dayKey(key.keyId, day),
            leasesKey(key.keyId),
            now,
            limit(key.rpm),
            limit(key.tpm),
            key.budgetUsdTotal === null ? '' : toNanos(key.budgetUsdTotal),
            key.budgetUsdDaily === null ? '' : toNanos(key.budgetUsdDaily),
            String(toNanos(key.spentUsdTotal)),
            String(key.usageDay === day ? toNanos(key.spentUsdDay) : 0),
            String(reserveNanos),
            request.promptTokens,
            lease,
            now + options.reservationTtlMs,
            DAY_TTL_MS,
            idleTtlMs,
          ),
          timeoutMs,
        );
      } catch (error) {
        // it may have run all the same (Redis answered too late): give its reservation back now — sent after the
        // admission on the same connection, so Redis runs it after; a no-op when the admission never ran. When this
        // fails too (Redis is gone), the lease lapses by itself: nothing more to report.
        void track(
          scripts.paritySettle(keyHash(key.keyId), dayKey(key.keyId, day), leasesKey(key.keyId), lease, '0', 0, DAY_TTL_MS),
          () => undefined,
        );
        throw unavailable(error);
      }
      const outcome = numberAt(reply, 0);
      const detail = numberAt(reply, 1);
      switch (outcome) {
        case 0:
          return { keyId: key.keyId, reservedUsd: request.reserveUsd, reservedTokens: detail, day, lease };
        case 1:
          throw requestsPerMinuteError(key.rpm ?? 0, detail);
        case 2:
          throw tokensPerMinuteError(key.tpm ?? 0, detail);
        case 3:
          throw totalBudgetError(key.budgetUsdTotal ?? 0, detail === 1);
        case 4:
          throw dailyBudgetError(key.budgetUsdDaily ?? 0, day, detail === 1);
        default:
          throw unavailable(new Error(`unexpected reply from the admission script: ${JSON.stringify(reply)}`));
      }
    },

    settle(admission, actualUsd, totalTokens, now) {
      const day = dayOf(now);
      pending.add(admission.keyId, day, actualUsd);
      if (admission.lease === undefined) return Promise.resolve();
      return track(
        scripts.paritySettle(
          keyHash(admission.keyId),
          dayKey(admission.keyId, day),
          leasesKey(admission.keyId),
          admission.lease,
          String(toNanos(actualUsd)),
          Math.max(0, totalTokens - admission.reservedTokens),
          DAY_TTL_MS,
        ),
      );
    },

    async usage(keyId, now = Date.now()): Promise<KeyUsage | undefined> {
      let values: Array<string | null>;
      let spentDay: string | null;
      try {
        [values, spentDay] = await withDeadline(
          Promise.all([redis.hmget(keyHash(keyId), 'spent', 'reserved', 'inflight'), redis.get(dayKey(keyId, dayOf(now)))]),
          timeoutMs,
        );
      } catch (error) {
        throw unavailable(error);
      }
      if (values[0] === null) return undefined;
      return {
        spentUsdTotal: toUsd(values[0]),
        spentUsdDay: toUsd(spentDay),
        reservedUsd: Math.max(0, toUsd(values[1])),
        inFlight: Math.max(0, Number(values[2] ?? 0)),
      };
    },

    takePendingSpend: () => pending.take(),

    async circuitAllows(circuit, now) {
      let reply: unknown;
      try {
        reply = await withDeadline(scripts.parityCircuitAllows(circuitKey(circuit), now, options.cooldownMs), timeoutMs);
      } catch (error) {
        throw unavailable(error);
      }
      if (numberAt(reply, 1) === 1) cleanCircuits.set(circuit, true);
      else cleanCircuits.delete(circuit);
      return numberAt(reply, 0) === 1;
    },

    recordSuccess(circuit) {
      if (cleanCircuits.has(circuit)) return Promise.resolve(); // nothing recorded against it when last checked
      cleanCircuits.set(circuit, true);
      return track(redis.del(circuitKey(circuit)));
    },

    recordFailure(circuit, now) {
      cleanCircuits.delete(circuit);
      return track(
        scripts.parityCircuitFailure(circuitKey(circuit), now, options.cooldownMs, options.failureThreshold, CIRCUIT_TTL_MS),
      );
    },

    async circuitState(circuit, now): Promise<CircuitState> {
      let values: Array<string | null>;
      try {
        values = await withDeadline(redis.hmget(circuitKey(circuit), 'open_until', 'probing'), timeoutMs);
      } catch (error) {
        throw unavailable(error);
      }
      const openUntil = Number(values[0] ?? 0);
      if (openUntil === 0) return 'closed';
      if (values[1] === '1') return 'half-open';
      return now < openUntil ? 'open' : 'half-open';
    },

    async close() {
      while (writes.size > 0) await Promise.all([...writes]);
      if (options.ownsConnection === true) {
        try {
          await redis.quit();
        } catch {
          redis.disconnect(); // already gone
        }
      }
    },
  };
}
