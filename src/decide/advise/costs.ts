/**
 * The memo's cost figures: the workload sent all to the frontier model's API (the baseline), all to the open
 * model, and split at the routing operating point. The open model is priced through its API listings and,
 * when a self-hosting plan can be built, on rented GPUs; `auto` hosting takes the cheaper of the two at the
 * volume the open model would actually serve. All arithmetic is the cost model's (compute-cost.ts).
 */
import { apiMonthlyCost, type ApiPrice, type ApiPriceInput } from '../cost/api-cost.js';
import { computeCost, type CostInput, type CostReport } from '../cost/compute-cost.js';
import { selectApiPrices } from '../cost/select-prices.js';
import { selfHostMonthlyCost, type SelfHostCost, type SelfHostPlan } from '../cost/self-host.js';
import type { Workload } from '../cost/workload.js';

export const HOSTING_MODES = ['auto', 'api', 'self'] as const;
export type HostingMode = (typeof HOSTING_MODES)[number];

export interface PriceChoice {
  price: ApiPrice;
  /** How this listing was picked among the model's listings. */
  rule: string;
  listings: number;
}

const blended = (price: ApiPrice): number => price.inputPerMtok + price.outputPerMtok;

/**
 * One listing for a model: the first user-supplied price if there is one, else its catalog price as the
 * price policy chooses it (catalog/price-policy.ts: the maker's own API, else the median provider; the caller
 * passes that one listing), or the median of a named provider's listings.
 */
export function choosePrice(catalogListings: readonly ApiPriceInput[], userListings: readonly ApiPriceInput[], provider: string | null): PriceChoice | null {
  const given = selectApiPrices(userListings, { includeFree: true }).prices;
  const first = given[0];
  if (first !== undefined) return { price: first, rule: 'given with --api-price', listings: given.length };
  const selected = selectApiPrices(catalogListings, provider === null ? {} : { providers: [provider] }).prices;
  const sorted = [...selected].sort((left, right) => blended(left) - blended(right) || left.provider.localeCompare(right.provider));
  const chosen = sorted[Math.floor((sorted.length - 1) / 2)];
  if (chosen === undefined) return null;
  const rule =
    provider !== null
      ? `the listing of the named provider ${chosen.provider}`
      : sorted.length === 1
        ? `the catalog price: the maker's own API, else the median provider (price policy first-party)`
        : `median blended price of ${sorted.length} catalog listings (free tiers and outliers set aside)`;
  return { price: chosen, rule, listings: sorted.length };
}

export interface CostScenario {
  id: 'all-frontier' | 'all-open' | 'routed';
  /** How the routed scenario splits: a learned router, or a cascade (every request calls the open model first). */
  method?: 'router' | 'cascade';
  frontierShare: number;
  openMonthlyCost: number;
  frontierMonthlyCost: number;
  monthlyCost: number;
  /** How the open model is hosted in this scenario; null when it serves nothing. */
  hosting: 'api' | 'self' | null;
  /** monthlyCost − the all-frontier cost (negative = saves money). */
  changeVsBaseline: number;
  changeShare: number | null;
}

export interface CostPlan {
  workload: Workload;
  daysPerMonth: number;
  frontierPrice: PriceChoice;
  openApiPrice: PriceChoice | null;
  /** Self-hosting the full volume; null when no plan could be built (see selfHostUnavailable). */
  selfHost: SelfHostCost | null;
  selfHostUnavailable: string | null;
  hostingMode: HostingMode;
  /** Hosting chosen for the recommended share, and why. */
  hosting: 'api' | 'self';
  hostingRule: string;
  /** The open model's monthly cost each way, at the volume it serves in the recommended scenario. */
  hostingOptions: { api: number | null; self: number | null; openRequestsPerDay: number };
  scenarios: CostScenario[];
  /** The cost model's full report at the full volume (all three price lines), for break-even figures. */
  fullVolume: CostReport;
  /** What the cost chart draws. */
  chartInput: CostInput;
  notes: string[];
}

export interface CostPlanInput {
  workload: Workload;
  daysPerMonth: number;
  frontierPrice: PriceChoice;
  openApiPrice: PriceChoice | null;
  selfHostPlan: SelfHostPlan | null;
  selfHostUnavailable: string | null;
  hostingMode: HostingMode;
  /** Frontier share of the recommendation (0 switch, 1 keep, else routed). */
  recommendedShare: number;
  /** Frontier share of the routed scenario, when there is a route evaluation. */
  routedShare: number | null;
  /**
   * When the routed scenario is a cascade: the share of requests that call the open model (all of them, unless
   * some go straight to the frontier) and what the verifier's checks cost per request. `routedShare` is then the
   * share whose call reaches the frontier model.
   */
  cascade?: { openCallShare: number; checkUsdPerRequest: number } | null;
}

function at(workload: Workload, requestsPerDay: number): Workload {
  return { ...workload, requestsPerDay };
}

export function planCosts(input: CostPlanInput): CostPlan {
  const { workload, daysPerMonth: days } = input;
  const frontierAt = (share: number): number => (share <= 0 ? 0 : apiMonthlyCost(at(workload, workload.requestsPerDay * share), input.frontierPrice.price, days).monthlyCost);
  const apiAt = (requests: number): number | null => (input.openApiPrice === null ? null : requests <= 0 ? 0 : apiMonthlyCost(at(workload, requests), input.openApiPrice.price, days).monthlyCost);
  const selfAt = (requests: number): number | null => (input.selfHostPlan === null ? null : requests <= 0 ? 0 : selfHostMonthlyCost(input.selfHostPlan, at(workload, requests), days).monthlyCost);

  // Hosting is decided at the volume the open model would serve under the recommendation (all of it if the
  // recommendation keeps the frontier model, so the all-open line still means something).
  const decidingShare = input.recommendedShare >= 1 ? 0 : input.recommendedShare;
  const cascade = input.cascade ?? null;
  const routedByCascade = cascade !== null && input.routedShare !== null && input.recommendedShare === input.routedShare;
  const openRequests = workload.requestsPerDay * (routedByCascade ? cascade.openCallShare : 1 - decidingShare);
  const options = { api: apiAt(openRequests), self: selfAt(openRequests), openRequestsPerDay: openRequests };
  let hosting: 'api' | 'self';
  let hostingRule: string;
  if (input.hostingMode === 'api' || options.self === null) {
    hosting = 'api';
    hostingRule = input.hostingMode === 'api' ? 'API, as asked (--hosting api)' : 'API: self-hosting could not be priced (see Risks)';
  } else if (input.hostingMode === 'self' || options.api === null) {
    hosting = 'self';
    hostingRule = input.hostingMode === 'self' ? 'self-hosted, as asked (--hosting self)' : 'self-hosted: the catalog has no API price for the open model';
  } else {
    hosting = options.self < options.api ? 'self' : 'api';
    hostingRule = `the cheaper of API and self-hosting at ${Math.round(openRequests).toLocaleString('en-US')} requests/day to the open model (--hosting auto)`;
  }
  const openAt = (requests: number): number => (hosting === 'api' ? apiAt(requests) : selfAt(requests)) ?? 0;

  const baseline = frontierAt(1);
  const scenario = (id: CostScenario['id'], share: number): CostScenario => {
    const openMonthlyCost = openAt(workload.requestsPerDay * (1 - share));
    const frontierMonthlyCost = frontierAt(share);
    const monthlyCost = openMonthlyCost + frontierMonthlyCost;
    return {
      id,
      frontierShare: share,
      openMonthlyCost,
      frontierMonthlyCost,
      monthlyCost,
      hosting: share >= 1 ? null : hosting,
      changeVsBaseline: monthlyCost - baseline,
      changeShare: baseline > 0 ? (monthlyCost - baseline) / baseline : null,
    };
  };
  const scenarios = [scenario('all-frontier', 1), scenario('all-open', 0)];
  if (input.routedShare !== null && cascade !== null) {
    // every request the cascade takes calls the open model; those it escalates (and those sent straight) the frontier
    const openMonthlyCost = openAt(workload.requestsPerDay * cascade.openCallShare) + cascade.checkUsdPerRequest * workload.requestsPerDay * days;
    const frontierMonthlyCost = frontierAt(input.routedShare);
    const monthlyCost = openMonthlyCost + frontierMonthlyCost;
    scenarios.push({
      id: 'routed',
      method: 'cascade',
      frontierShare: input.routedShare,
      openMonthlyCost,
      frontierMonthlyCost,
      monthlyCost,
      hosting,
      changeVsBaseline: monthlyCost - baseline,
      changeShare: baseline > 0 ? (monthlyCost - baseline) / baseline : null,
    });
  } else if (input.routedShare !== null) scenarios.push(scenario('routed', input.routedShare));

  const chartInput: CostInput = {
    workload,
    apiPrices: [input.frontierPrice.price, ...(input.openApiPrice === null ? [] : [input.openApiPrice.price])],
    selfHost: input.selfHostPlan,
    daysPerMonth: days,
  };
  const fullVolume = computeCost(chartInput);
  const notes = [...fullVolume.assumptions.notes];
  if (hosting === 'self' && input.selfHostPlan?.scaling === 'always-on') {
    notes.push('Self-hosting is billed always-on: at least one replica runs all month, however little traffic the open model gets.');
  }
  return {
    workload,
    daysPerMonth: days,
    frontierPrice: input.frontierPrice,
    openApiPrice: input.openApiPrice,
    selfHost: fullVolume.selfHost,
    selfHostUnavailable: input.selfHostUnavailable,
    hostingMode: input.hostingMode,
    hosting,
    hostingRule,
    hostingOptions: options,
    scenarios,
    fullVolume,
    chartInput,
    notes,
  };
}
