/**
 * A loaded ladder policy: `decide(prompt | messages)` → the model to call. The prompt is scanned once and each
 * model but the last scored from the same scan (microseconds per scorer); the request goes to the first model
 * whose predicted quality is at least τ, else to the last.
 */
import { ConfigError, ValidationError } from '../../errors.js';
import { parseOrThrow } from '../../kernel/index.js';
import { TextScanner } from '../features/text-scanner.js';
import { buildRouterModel, type RouterModel } from '../models/index.js';
import { CURRENT_DENSE_FEATURES } from '../policy-schema.js';
import { promptText, type RouteInput } from '../prompt-text.js';
import { ladderPolicySchema, type LadderPolicyJson } from './ladder-policy-schema.js';

export interface LadderDecision {
  /** The chosen model, as the policy names it. */
  model: string;
  /** Its place on the ladder, 0 = the cheapest. */
  index: number;
  /** The predicted quality of the chosen model; of the best-predicted cheaper model when the last was chosen. */
  score: number;
  reason: string;
}

export class LadderPolicy {
  readonly kind = 'ladder' as const;
  readonly json: LadderPolicyJson;
  readonly models: readonly string[];
  readonly threshold: number;
  private readonly scanner: TextScanner;
  private readonly scorers: readonly RouterModel[];
  private readonly thresholdText: string;

  constructor(json: LadderPolicyJson, threshold = json.threshold) {
    this.json = json;
    this.models = json.models;
    this.threshold = threshold;
    this.scanner = new TextScanner(json.features);
    this.scorers = json.scorers.map(buildRouterModel);
    this.thresholdText = threshold.toFixed(3);
  }

  /** The same policy with another τ (e.g. a gateway setting); the calibration record is unchanged. */
  withThreshold(threshold: number): LadderPolicy {
    if (!Number.isFinite(threshold)) throw new ValidationError(`threshold must be a number, got ${threshold}`, 'threshold');
    return new LadderPolicy(this.json, threshold);
  }

  /** Predicted quality of each model but the last. */
  predict(input: RouteInput): number[] {
    this.scanner.scan(promptText(input));
    return this.scorers.map((scorer) => scorer.scoreScan(this.scanner));
  }

  decide(input: RouteInput): LadderDecision {
    this.scanner.scan(promptText(input));
    let best = 0;
    for (let index = 0; index < this.scorers.length; index++) {
      const score = (this.scorers[index] as RouterModel).scoreScan(this.scanner);
      if (score >= this.threshold) {
        const model = this.models[index] as string;
        return { model, index, score, reason: `predicted quality of ${model} ${score.toFixed(3)} >= threshold ${this.thresholdText}` };
      }
      if (score > best) best = score;
    }
    const index = this.models.length - 1;
    return { model: this.models[index] as string, index, score: best, reason: `no cheaper model's predicted quality reaches threshold ${this.thresholdText} (best ${best.toFixed(3)})` };
  }
}

/** Validates a parsed ladder policy object; `where` names it in errors. */
export function parseLadderPolicy(value: unknown, where = 'policy'): LadderPolicy {
  if (typeof value === 'object' && value !== null && 'version' in value && value.version !== 1) {
    throw new ConfigError(where, `ladder policy format version ${String(value.version)} is not supported by this parity (it reads version 1)`);
  }
  const json = parseOrThrow(ladderPolicySchema, value, (issue) => new ConfigError(where, issue.text));
  const expectedDense = json.features.dense ? CURRENT_DENSE_FEATURES : [];
  if (json.denseFeatures.join('\n') !== expectedDense.join('\n')) {
    throw new ConfigError(where, 'the policy was trained with different dense features than this parity computes; retrain it with `parity route train`');
  }
  if (json.scorers.some((scorer) => scorer.kind === 'logistic' && scorer.embedding !== undefined)) {
    throw new ConfigError(where, 'a ladder policy reads prompt text only; its scorers must not need embeddings');
  }
  return new LadderPolicy(json);
}
