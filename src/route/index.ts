/**
 * parity's learned routing: judgement importers, the router (a weak/strong pair or a ladder of k models),
 * offline evaluation, and the policy the gateway loads. The gateway needs only `loadAnyPolicy(path)` and
 * `policy.decide(prompt | messages)`.
 */
export { loadPolicy, parsePolicy, RoutePolicy, ROUTES, type DecideOptions, type Route, type RouteDecision } from './policy.js';
export { CALIBRATION_TARGETS, ROUTE_POLICY_FORMAT, ROUTE_POLICY_VERSION, routePolicyJsonSchema, routePolicySchema, type OperatingPoint, type RoutePolicyJson } from './policy-schema.js';
export { promptText, type RouteInput } from './prompt-text.js';
export { trainPolicy, type FileReference, type TrainPolicyOptions } from './train.js';
export { calibrateThreshold, type Calibration, type CalibrationTarget } from './calibrate.js';
export { evaluateRouting, CURVE_BASELINES, type FixedPoint, type FoldReport, type RouteEvalOptions, type RouteEvalReport } from './evaluate.js';
export { readJudgements, type ReadJudgementsOptions } from './data/read-judgements.js';
export { JUDGEMENT_FORMATS, type JudgementFormat, type QualityRecord, type QualityTable } from './data/quality-table.js';
export { parityResultRowSchema, type ParityResultRow } from './data/read-parity-results.js';
export { buildPairDataset, listModels, type PairDataset, type PairRow } from './data/pair-dataset.js';
export { DEFAULT_FEATURE_CONFIG, featureConfigSchema, type FeatureConfig } from './features/feature-config.js';
export { ROUTER_MODEL_KINDS, type RouterModelKind } from './models/index.js';
export { createOpenAiEmbeddingClient, type EmbeddingClient, type OpenAiEmbeddingOptions } from './embeddings/embedding-client.js';
export { apgr, cpt, pgrAt, routingCurve, type RoutedItem, type RoutingCurve } from './metrics/routing-curve.js';
export { renderRouteEvalHtml } from './report/render-html.js';
export { catalogPrice } from './catalog-prices.js';
export { modelPriceSchema, type ModelPrice } from './cost.js';
export { loadAnyPolicy, parseAnyPolicy, type AnyRoutePolicy } from './load-policy.js';
export { LadderPolicy, parseLadderPolicy, type LadderDecision } from './ladder/ladder-policy.js';
export { LADDER_POLICY_FORMAT, LADDER_POLICY_VERSION, ladderPolicyJsonSchema, ladderPolicySchema, type LadderPolicyJson } from './ladder/ladder-policy-schema.js';
export { buildLadderDataset, type LadderDataset, type LadderRow } from './data/ladder-dataset.js';
export { evaluateLadder, type LadderEvalOptions, type LadderEvalReport } from './ladder/evaluate-ladder.js';
export { trainLadderPolicy, type TrainLadderOptions } from './ladder/train-ladder.js';
export { renderLadderEvalHtml } from './report/render-ladder-html.js';
export { evaluateCascade, compareStrategies, type CascadeEvalOptions, type CascadeEvalReport } from './cascade/replay/evaluate-cascade.js';
export { replayCase, summarizeCascade, type CascadeCase, type CascadeSummary } from './cascade/replay/replay-cascade.js';
export { verifierStandInSchema, type VerifierStandIn } from './cascade/replay/stand-in.js';
export { renderCascadeHtml } from './report/render-cascade-html.js';
export * from './cascade/verifiers/index.js';
export * from './privacy/index.js';
export { PEER_METHODS, type PeerMethod } from './peer-methods.js';
export type { LadderCalibrationTarget } from './ladder/ladder-policy-schema.js';
export type { MethodSummary } from './metrics/summarize.js';
export { readEvalRun } from './data/read-eval-run.js';
