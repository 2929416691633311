/**
 * The gateway's configuration file (YAML or JSON), validated with zod; `schemas/gateway-config.schema.json` is
 * generated from this schema for editors (`z.toJSONSchema`). Every default lives here, so a parsed config is
 * complete and frozen.
 */
import { z } from 'zod';
import { isRedisUrl } from '../../kernel/index.js';
import { balanceConfigSchema } from '../routing/balancer.js';
import { telemetryConfigSchema } from '../telemetry/telemetry-config.js';
import { cascadeConfigSchema } from '../cascade/cascade-config.js';
import { privacyConfigSchema } from '../privacy/privacy-config.js';

/**
 * How an upstream is spoken to. `openai-compatible` is passed through byte for byte; `anthropic` (Messages API)
 * and `google` (Gemini API) go through the providers' adapters, translated to and from the OpenAI shape — except
 * `/v1/messages` to an `anthropic` upstream, passed through as is.
 */
export const UPSTREAM_KINDS = ['openai-compatible', 'anthropic', 'google'] as const;
export type UpstreamKind = (typeof UPSTREAM_KINDS)[number];

const name = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'names are letters, digits, ".", "_", ":" or "-" (no "/")');

/** `<upstream>/<model>`: the upstream's name in this file, then the model id that upstream expects. */
export const targetRefSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*\/\S+$/, 'expected "<upstream>/<model>", e.g. "local/qwen2.5:7b"');

export const priceOverrideSchema = z
  .object({
    inputPerMtok: z.number().nonnegative(),
    outputPerMtok: z.number().nonnegative(),
  })
  .strict();
export type PriceOverride = z.infer<typeof priceOverrideSchema>;

export const upstreamConfigSchema = z
  .object({
    kind: z.enum(UPSTREAM_KINDS).default('openai-compatible').describe('openai-compatible (passed through), anthropic or google (Gemini; translated)'),
    /** Base URL including the version path, e.g. `http://127.0.0.1:11434/v1`. */
    baseUrl: z.url({ protocol: /^https?$/ }).describe('Base URL including the version path, e.g. http://127.0.0.1:11434/v1'),
    /** Name of the environment variable holding the upstream's API key (the key itself never goes in a file). */
    apiKeyEnv: z.string().min(1).optional().describe('Environment variable holding the upstream API key'),
    /** Extra headers sent upstream on every request. */
    headers: z.record(z.string(), z.string()).default({}),
    /** Time allowed for the upstream's response headers, and between two body chunks. */
    timeoutMs: z.number().int().positive().default(60_000),
    /** Keep-alive connections in this upstream's pool. */
    connections: z.number().int().positive().default(256),
    /** Catalog provider id used to look prices up (`openai`, `together`…); default: the upstream's name. */
    priceProvider: z.string().optional(),
    /** Prices per model id at this upstream; they win over the catalog's. */
    prices: z.record(z.string(), priceOverrideSchema).default({}).describe('USD per million tokens by model id; wins over the catalog'),
    /** Output tokens assumed when a request sets no max_tokens (the budget reservation's upper bound). */
    maxOutputTokens: z.number().int().positive().default(4096),
    /**
     * The upstream serves OpenAI's Responses API itself (`<baseUrl>/responses`): `/v1/responses` requests are
     * passed through to it rather than translated to Chat Completions (those continuing a stored response excepted).
     */
    responses: z.boolean().default(false).describe('Serves the Responses API itself: /v1/responses is passed through (openai-compatible upstreams)'),
    /** Runs on infrastructure you control: the privacy rule may send personal data here (`privacy:`). */
    selfHosted: z.boolean().default(false).describe('Runs on infrastructure you control (the privacy rule pins or sends unredacted personal data only here)'),
  })
  .strict();
export type UpstreamConfig = z.infer<typeof upstreamConfigSchema>;

export const ruleSchema = z
  .object({
    name: z.string().optional(),
    when: z
      .object({
        /** Estimated prompt tokens above this. */
        promptTokensAbove: z.number().int().nonnegative().optional(),
        /** The request carries an image part. */
        hasImages: z.boolean().optional(),
        /** The request offers tools. */
        hasTools: z.boolean().optional(),
        /** The request asks for JSON output (`response_format` json_object or json_schema). */
        jsonOutput: z.boolean().optional(),
        /** Only for these requested names (default: any group). */
        models: z.array(z.string()).optional(),
      })
      .strict(),
    /** A group, an alias or a target to send matching requests to. */
    route: z.string().min(1).describe('Group, alias or <upstream>/<model> for matching requests'),
  })
  .strict()
  .describe('First matching rule wins; rules apply to requests naming a group');
export type RouteRule = z.infer<typeof ruleSchema>;

export const routerConfigSchema = z
  .object({
    /** A learned policy file written by `parity route train`: weak/strong, or a ladder over k models (`--models`). */
    policy: z.string().min(1),
    /** Overrides the policy's own threshold: scores at or above it go to `strong` (a ladder: its τ). */
    threshold: z.number().min(0).max(1).optional(),
    /** Weak/strong policy: group (or alias) for requests the policy judges the open model can carry. */
    weak: z.string().min(1).optional(),
    /** Weak/strong policy: group (or alias) for the rest. */
    strong: z.string().min(1).optional(),
    /** Ladder policy: each of its models (as the policy names them) → a group, alias or target. */
    routes: z.record(z.string(), z.string().min(1)).optional().describe('k-model (ladder) policy: each model the policy names → a group, alias or <upstream>/<model>'),
    /** Requested names that are decided by the policy. */
    models: z.array(z.string().min(1)).min(1).default(['auto']),
  })
  .strict()
  .refine((router) => (router.routes === undefined ? router.weak !== undefined && router.strong !== undefined : router.weak === undefined && router.strong === undefined), {
    message: 'give weak and strong (a weak/strong policy) or routes (a k-model policy), not both',
  });
export type RouterConfig = z.infer<typeof routerConfigSchema>;

const redisUrlSchema = z.string().refine(isRedisUrl, { message: 'expected redis://[USER:PASSWORD@]HOST[:PORT][/DB] or rediss://… (TLS)' });

export const redisConfigSchema = z
  .object({
    /** Share budgets, rate limits, the response cache and circuit breakers with every instance on this Redis. */
    url: redisUrlSchema
      .optional()
      .describe('redis://HOST[:PORT][/DB]: state shared by every gateway instance (default $PARITY_REDIS_URL; none: in memory)'),
    /** Instances share state exactly when they share the Redis and this prefix. */
    keyPrefix: z.string().min(1).default('parity:gateway:'),
    /** A Redis command slower than this fails the request with a 503 (it never waits unbounded). */
    commandTimeoutMs: z.number().int().positive().default(1_000),
    /** How long a reservation is held when the instance that made it dies before settling. */
    reservationTtlMs: z.number().int().positive().default(600_000),
    /** A key's counters leave Redis after this long without a request (seeded from the store again if it returns). */
    keyIdleTtlMs: z
      .number()
      .int()
      .min(2 * 86_400_000, { message: 'at least 2 days (172800000 ms): a key’s daily counter lives that long' })
      .default(30 * 86_400_000),
  })
  .strict();
export type RedisConfig = z.infer<typeof redisConfigSchema>;

export const cacheConfigSchema = z
  .object({
    /** How long an answer is served from the cache. */
    ttlSeconds: z.number().int().positive().default(300),
    /** In-memory cache: most entries kept (least recently used go first). Redis bounds its own memory. */
    maxEntries: z.number().int().positive().default(1_000),
    /** In-memory cache: most bytes kept. */
    maxBytes: z.number().int().positive().default(64 * 1024 * 1024),
    /** Answers larger than this are not cached. */
    maxEntryBytes: z.number().int().positive().default(1024 * 1024),
    /** `key`: each virtual key has its own entries; `shared`: identical requests share answers across keys. */
    scope: z.enum(['key', 'shared']).default('key'),
  })
  .strict()
  .describe('Response cache for deterministic requests (temperature 0 chat, embeddings); off when absent');
export type CacheConfig = z.infer<typeof cacheConfigSchema>;

const MB = 1024 * 1024;

export const serverConfigSchema = z
  .object({
    host: z.string().default('127.0.0.1'),
    port: z.number().int().min(0).max(65_535).default(8787),
    /**
     * Host header names accepted besides IP literals, `localhost`, this machine's name and `host` (the
     * DNS-rebinding guard). A leading dot accepts subdomains (`.example.com`); `"*"` accepts any Host.
     */
    allowedHosts: z
      .array(z.string().min(1))
      .default([])
      .describe('Extra Host header names to accept (a reverse proxy\'s name; ".example.com" for subdomains; "*" for any)'),
    /** On SIGTERM/close, how long in-flight requests get to finish. */
    drainTimeoutMs: z.number().int().nonnegative().default(30_000),
  })
  .strict();
export type ServerConfig = z.infer<typeof serverConfigSchema>;

export const corsConfigSchema = z
  .object({
    /**
     * Origins (`https://app.example.com`, exact) whose browser pages may call the gateway; `"*"` for any.
     * Requests carrying any other Origin are refused with 403 (same-origin pages of the dashboard always pass).
     */
    allowOrigins: z.array(z.string().min(1)).default([]),
    /** How long a browser may cache a preflight answer. */
    maxAgeSeconds: z.number().int().nonnegative().default(600),
  })
  .strict();
export type CorsConfig = z.infer<typeof corsConfigSchema>;

export const limitsConfigSchema = z
  .object({
    /** Largest request body per route, in bytes. */
    body: z
      .object({
        chat: z.number().int().positive().default(20 * MB),
        embeddings: z.number().int().positive().default(20 * MB),
        admin: z.number().int().positive().default(64 * 1024),
      })
      .strict()
      .default({ chat: 20 * MB, embeddings: 20 * MB, admin: 64 * 1024 }),
    /** Per virtual key (id or name): a smaller (or larger) body limit than the route's. */
    keys: z
      .record(z.string(), z.object({ bodyBytes: z.number().int().positive() }).strict())
      .default({})
      .describe('Per virtual key (id or name): { bodyBytes } overrides the route body limit'),
    /** Request bodies being read at once, summed over every connection; past it requests get 429 + Retry-After. */
    bodyBytesInFlight: z.number().int().positive().default(256 * MB),
  })
  .strict();
export type LimitsConfig = z.infer<typeof limitsConfigSchema>;

const groupMembersSchema = z.array(z.string().min(1)).min(1);

/** A group whose members are deployments of one model, balanced (routing/balancer.ts). */
export const balancedGroupSchema = z
  .object({
    members: groupMembersSchema,
    /** weighted (default; weights by member or target, 1 when not named), least-in-flight, or latency (peak EWMA). */
    balance: balanceConfigSchema.default({ strategy: 'weighted', weights: {}, latencyHalfLifeMs: 10_000 }),
  })
  .strict();
export type BalancedGroupConfig = z.infer<typeof balancedGroupSchema>;

export const gatewayConfigSchema = z
  .object({
    server: serverConfigSchema.default({ host: '127.0.0.1', port: 8787, allowedHosts: [], drainTimeoutMs: 30_000 }),
    cors: corsConfigSchema.default({ allowOrigins: [], maxAgeSeconds: 600 }),
    limits: limitsConfigSchema.default({
      body: { chat: 20 * MB, embeddings: 20 * MB, admin: 64 * 1024 },
      keys: {},
      bodyBytesInFlight: 256 * MB,
    }),
    auth: z
      .object({
        /** Require a virtual key (`Authorization: Bearer pk-…`) on /v1 routes. */
        required: z.boolean().default(true),
        /** Environment variable holding the admin token for /admin routes. */
        adminTokenEnv: z.string().default('PARITY_ADMIN_TOKEN'),
      })
      .strict()
      .default({ required: true, adminTokenEnv: 'PARITY_ADMIN_TOKEN' }),
    store: z
      .object({ url: z.string().optional() })
      .strict()
      .default({}),
    redis: redisConfigSchema.default({ keyPrefix: 'parity:gateway:', commandTimeoutMs: 1_000, reservationTtlMs: 600_000, keyIdleTtlMs: 30 * 86_400_000 }),
    cache: cacheConfigSchema.optional(),
    /** OpenTelemetry traces; off (nothing loaded) when absent. */
    telemetry: telemetryConfigSchema.optional(),
    upstreams: z
      .record(name, upstreamConfigSchema)
      .refine((value) => Object.keys(value).length > 0, { message: 'at least one upstream is needed' })
      .describe('Upstream servers by name; targets are written <upstream>/<model>'),
    /** Public model names → one target or a fallback chain of targets. */
    models: z
      .record(name, z.union([targetRefSchema, z.array(targetRefSchema).min(1)]))
      .default({})
      .describe('Model aliases: public name → <upstream>/<model> or a fallback chain of them'),
    /**
     * Named fallback chains; members are targets, aliases or other groups (tried in order). A group written
     * `{members, balance}` spreads its requests over its members (the deployments of one model) instead: the one
     * picked first, the others as its fallbacks.
     */
    groups: z
      .record(name, z.union([groupMembersSchema, balancedGroupSchema]))
      .default({})
      .describe('Named fallback chains of targets, aliases or other groups, tried in order; {members, balance} to load-balance them'),
    /** Cascades: cheaper steps answer first, a verifier decides whether to return the answer or escalate. */
    cascades: z
      .record(name, cascadeConfigSchema)
      .default({})
      .describe('Named cascades (routable like a group): steps cheapest first, a verifier checks each answer but the last'),
    /** First matching rule wins; rules apply to requests naming a group. */
    rules: z.array(ruleSchema).default([]),
    router: routerConfigSchema.optional().describe('A learned route policy (parity route train) deciding requests for `auto`'),
    privacy: privacyConfigSchema.optional(),
    /** Per virtual key (id or name): always route to this group/alias/target. */
    keyRoutes: z.record(z.string(), z.string().min(1)).default({}).describe('Per virtual key (id or name): always route to this name'),
    /** Honour the `x-parity-route` request header (a group, alias or target) for debugging; on in zero-config mode. */
    routeHeader: z
      .boolean()
      .default(false)
      .describe('Honour the x-parity-route request header (debugging; lets any caller pick any configured route)'),
    retry: z
      .object({
        /** Tries per upstream before falling back to the next one. */
        attempts: z.number().int().min(1).max(10).default(2),
        baseDelayMs: z.number().int().nonnegative().default(100),
        maxDelayMs: z.number().int().nonnegative().default(2_000),
        /** A Retry-After longer than this skips to the next upstream instead of waiting. */
        maxRetryAfterMs: z.number().int().nonnegative().default(5_000),
      })
      .strict()
      .default({ attempts: 2, baseDelayMs: 100, maxDelayMs: 2_000, maxRetryAfterMs: 5_000 }),
    circuitBreaker: z
      .object({
        /**
         * Consecutive upstream faults (5xx, timeouts, resets) that open the circuit of one (upstream, model)
         * target; a request's own 4xx never counts.
         */
        failureThreshold: z.number().int().positive().default(5),
        /** How long an open circuit skips the target before one probe is let through. */
        cooldownMs: z.number().int().positive().default(30_000),
      })
      .strict()
      .default({ failureThreshold: 5, cooldownMs: 30_000 }),
    logging: z
      .object({
        /** Store prompt and response bodies in the request log. */
        bodies: z.boolean().default(false),
        batchSize: z.number().int().positive().default(500),
        flushIntervalMs: z.number().int().positive().default(1_000),
      })
      .strict()
      .default({ bodies: false, batchSize: 500, flushIntervalMs: 1_000 }),
  })
  .strict();

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
export type GatewayConfigInput = z.input<typeof gatewayConfigSchema>;
