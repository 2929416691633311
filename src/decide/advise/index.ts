/**
 * The decision memo (`parity advise`): an eval run, a route evaluation, cost, licence and the tracker's lag,
 * combined into a recommendation with its evidence, rendered as Markdown and as a single-file HTML page.
 */
export { buildMemo, type AdviseCatalog, type AdviseInput, type AdviseOptions } from './build-memo.js';
export { selectComparison } from './eval-models.js';
export { loadCascadeFile, loadEvalFile, loadEvalFromStore, loadRouteFile, routeEvidenceFromRun, RUN_ROUTE_EVAL } from './load-evidence.js';
export {
  evalEvidenceFromJson,
  evalEvidenceFromRun,
  routeEvidenceFromJson,
  type EvalEvidence,
  type RouteEvidence,
  type EvalSummaryEvidence,
  type RouteReportEvidence,
} from './evidence.js';
export { chooseDomains, inferDomains, isDomainId, KIND_DOMAINS, type DomainChoice } from './domains.js';
export { operatingPoint, parseOperatingPoint, OPERATING_POINT_KINDS, type OperatingPoint, type OperatingPointChoice } from './operating-point.js';
export { choosePrice, planCosts, HOSTING_MODES, type HostingMode, type CostPlan, type CostScenario, type PriceChoice } from './costs.js';
export { reEvaluation, RE_EVALUATE_BOUNDS, type ReEvaluation, type DomainLagView } from './re-evaluate.js';
export { DECISION_RULE } from './recommend.js';
export { renderMemoMarkdown, memoSections, MEMO_SECTIONS, type MemoSectionId } from './render-markdown.js';
export { renderMemoHtml } from './render-html.js';
export { ADVISE_ACTIONS, SOURCE_KINDS } from './memo.js';
export type { Memo, MemoSource, MemoModel, MemoQuality, MemoRouting, MemoLicense, MemoDomain, MemoRecommendation, MemoRisk, AdviseAction, SourceKind } from './memo.js';
export { cascadeEvidenceFromJson, memoCascade, type CascadeEvidence, type MemoCascade } from './cascade-evidence.js';
