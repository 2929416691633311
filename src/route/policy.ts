/**
 * A loaded route policy: `decide(prompt | messages)` → {route, score, reason}, in-process, in microseconds.
 * The gateway loads one with loadPolicy(path). Policies that use prompt embeddings need the embedding: pass it
 * to decide(), or call decideAsync(), which asks the policy's embedding endpoint.
 */
import { ConfigError, ValidationError } from '../errors.js';
import { parseOrThrow } from '../kernel/index.js';
import { createOpenAiEmbeddingClient, type EmbeddingClient } from './embeddings/embedding-client.js';
import { embeddingFeatures } from './features/featurize.js';
import { TextScanner } from './features/text-scanner.js';
import { LADDER_POLICY_FORMAT } from './ladder/ladder-policy-schema.js';
import { buildRouterModel, type RouterModel } from './models/index.js';
import { CURRENT_DENSE_FEATURES, ROUTE_POLICY_FORMAT, ROUTE_POLICY_VERSION, routePolicySchema, type RoutePolicyJson } from './policy-schema.js';
import { readPolicyJson } from './policy-file.js';
import { promptText, type RouteInput } from './prompt-text.js';

export const ROUTES = ['weak', 'strong'] as const;
export type Route = (typeof ROUTES)[number];

export interface RouteDecision {
  route: Route;
  /** P(the weak model is good enough), as the policy's model estimates it. */
  score: number;
  reason: string;
}

export interface DecideOptions {
  /** The prompt's embedding, for policies trained with an embedding endpoint. */
  embedding?: ArrayLike<number>;
}

export class RoutePolicy {
  readonly kind = 'pair' as const;
  readonly json: RoutePolicyJson;
  readonly weak: string;
  readonly strong: string;
  readonly threshold: number;
  readonly requiresEmbedding: boolean;
  private readonly scanner: TextScanner;
  private readonly model: RouterModel;
  /** The threshold as the reasons print it, formatted once. */
  private readonly thresholdText: string;
  private embeddingClient: EmbeddingClient | undefined;

  constructor(json: RoutePolicyJson, threshold = json.threshold) {
    this.json = json;
    this.weak = json.weak;
    this.strong = json.strong;
    this.threshold = threshold;
    this.scanner = new TextScanner(json.features);
    this.model = buildRouterModel(json.model);
    this.requiresEmbedding = this.model.embeddingDimensions > 0;
    this.thresholdText = threshold.toFixed(3);
  }

  /** The same policy with another threshold (e.g. a gateway setting); the calibration record is unchanged. */
  withThreshold(threshold: number): RoutePolicy {
    if (!Number.isFinite(threshold)) throw new ValidationError(`threshold must be a number, got ${threshold}`, 'threshold');
    return new RoutePolicy(this.json, threshold);
  }

  /** Score of a prompt without deciding. */
  score(input: RouteInput, options: DecideOptions = {}): number {
    this.scanner.scan(promptText(input));
    return this.model.scoreScan(this.scanner, options.embedding === undefined ? undefined : embeddingFeatures(options.embedding));
  }

  decide(input: RouteInput, options: DecideOptions = {}): RouteDecision {
    const score = this.score(input, options);
    if (score < this.threshold) {
      return { route: 'strong', score, reason: `P(weak good enough) ${score.toFixed(3)} < threshold ${this.thresholdText}` };
    }
    return { route: 'weak', score, reason: `P(weak good enough) ${score.toFixed(3)} >= threshold ${this.thresholdText}` };
  }

  /** decide(), fetching the embedding from the policy's endpoint first when the policy needs one. */
  async decideAsync(input: RouteInput, options: { signal?: AbortSignal; embeddingClient?: EmbeddingClient } = {}): Promise<RouteDecision> {
    if (!this.requiresEmbedding) return this.decide(input);
    const embedding = this.json.embedding;
    if (!embedding) throw new ConfigError('policy', 'the model needs embeddings but the policy names no embedding endpoint');
    const client = options.embeddingClient ?? (this.embeddingClient ??= createOpenAiEmbeddingClient({ url: embedding.url, model: embedding.model }));
    const [vector] = await client.embed([promptText(input)], options.signal ? { signal: options.signal } : {});
    return this.decide(input, vector === undefined ? {} : { embedding: vector });
  }
}

/**
 * Version 1 files differ only in training metadata (`usePeers` boolean, no `peerMethod`/`peerModels`): read
 * them as version 2, with the peer method they were trained with ('blend' or 'none').
 */
function upgradeVersion1(value: Record<string, unknown>): Record<string, unknown> {
  const training = value.training;
  if (typeof training !== 'object' || training === null || !('usePeers' in training)) return value;
  const { usePeers, ...rest } = training as Record<string, unknown>;
  return { ...value, version: ROUTE_POLICY_VERSION, training: { ...rest, peerMethod: usePeers === true ? 'blend' : 'none', peerModels: null } };
}

/** The `version` of a route policy file (one that names our format), else undefined (left to the schema). */
function formatVersionOf(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !('format' in value) || value.format !== ROUTE_POLICY_FORMAT) return undefined;
  return 'version' in value ? value.version : undefined;
}

/** Validates a parsed policy object; `where` names it in errors. */
export function parsePolicy(value: unknown, where = 'policy'): RoutePolicy {
  if (typeof value === 'object' && value !== null && 'format' in value && value.format === LADDER_POLICY_FORMAT) {
    throw new ConfigError(where, 'this is a k-model (ladder) policy, not a weak/strong one: load it with loadAnyPolicy');
  }
  const version = formatVersionOf(value);
  if (version === 1) value = upgradeVersion1(value as Record<string, unknown>);
  else if (version !== undefined && version !== ROUTE_POLICY_VERSION) {
    throw new ConfigError(where, `policy format version ${String(version)} is not supported by this parity (it reads version ${ROUTE_POLICY_VERSION})`);
  }
  const json = parseOrThrow(routePolicySchema, value, (issue) => new ConfigError(where, issue.text));
  const expectedDense = json.features.dense ? CURRENT_DENSE_FEATURES : [];
  if (json.denseFeatures.join('\n') !== expectedDense.join('\n')) {
    throw new ConfigError(where, 'the policy was trained with different dense features than this parity computes; retrain it with `parity route train`');
  }
  if (json.embedding !== null && json.model.kind === 'logistic' && json.model.embedding?.weights.length !== json.embedding.dimensions) {
    throw new ConfigError(where, `embedding.dimensions (${json.embedding.dimensions}) does not match the model's embedding weights`);
  }
  return new RoutePolicy(json);
}

/** Reads and validates a weak/strong policy file (synchronous: a gateway loads it once at start-up). */
export function loadPolicy(path: string): RoutePolicy {
  return parsePolicy(readPolicyJson(path), path);
}
