/**
 * Decide: `GET /api/cost` and `GET /api/license`, the same questions as `parity cost` and `parity license`
 * asked through query parameters, answered by the decide library over the bundled catalog and reference
 * tables.
 */
import type { Catalog } from '../../catalog/index.js';
import { listingsToPrice } from '../../catalog/index.js';
import type { Model } from '../../catalog/index.js';
import { buildSelfHostPlan } from '../../decide/index.js';
import { computeCost, type CostInput } from '../../decide/index.js';
import { costCurve } from '../../decide/index.js';
import { priceListings, selfHostOptions } from '../../decide/index.js';
import { selectApiPrices } from '../../decide/index.js';
import { checkLicense } from '../../decide/index.js';
import type { LicenseSubject } from '../../decide/index.js';
import { ValidationError } from '../../errors.js';
import { costQuerySchema, licenseQuerySchema, type CostQuery } from '../api/query-schemas.js';
import type { CostResponse, LicenseResponse } from '../api/types.js';
import type { ApiHandler, DashboardContext } from '../context.js';
import { parseQuery } from '../http/query.js';

function resolveModel(catalog: Catalog, reference: string, param: string): Model {
  const resolution = catalog.resolveModelDetailed(reference);
  const model = resolution.status === 'matched' ? catalog.getModel(resolution.modelId) : undefined;
  if (model !== undefined) return model;
  const candidates = resolution.status === 'matched' ? [] : resolution.candidates.slice(0, 6);
  throw new ValidationError(
    `"${reference}" is ${resolution.status === 'ambiguous' ? 'ambiguous' : 'not in the catalog'}${candidates.length > 0 ? ` (candidates: ${candidates.join(', ')})` : ''}`,
    param,
  );
}

function costInput(context: DashboardContext, query: CostQuery) {
  const catalog = context.catalog();
  const selfHosted = query.model === undefined ? null : resolveModel(catalog, query.model, 'model');
  const priced = (query.api ?? []).length > 0 ? (query.api ?? []).map((reference) => resolveModel(catalog, reference, 'api')) : selfHosted === null ? [] : [selfHosted];
  const listings = priced.flatMap((model) => priceListings(listingsToPrice(catalog, model.id, { policy: query.pricePolicy, providers: query.provider ?? [] })));
  const selection = selectApiPrices(listings, { includeFree: query.includeFree });
  const selfHost =
    query.selfHost && selfHosted !== null
      ? buildSelfHostPlan(selfHosted, selfHostOptions(query), context.reference())
      : null;
  const input: CostInput = {
    workload: {
      requestsPerDay: query.requestsPerDay,
      inputTokensPerRequest: query.inputTokens,
      outputTokensPerRequest: query.outputTokens,
      peakToAverage: query.peakToAverage,
      cacheHitRate: query.cacheHitRate,
      source: 'flags',
    },
    apiPrices: selection.prices,
    selfHost,
    daysPerMonth: query.daysPerMonth,
  };
  return { input, skipped: selection.skipped };
}

/** The decide library names the field a ValidationError is about; say it is a query parameter. */
function asQueryError(error: unknown): unknown {
  if (!(error instanceof ValidationError) || error.field === undefined || error.message.startsWith('query parameter')) return error;
  return new ValidationError(`query parameter "${error.field}": ${error.message}`, error.field, { cause: error });
}

export const cost: ApiHandler = (context, { url }): CostResponse => {
  const query = parseQuery(costQuerySchema, url.searchParams);
  let prepared: ReturnType<typeof costInput>;
  try {
    prepared = costInput(context, query);
  } catch (error) {
    throw asQueryError(error);
  }
  const { input, skipped } = prepared;
  const report = computeCost(input);
  const apiPriceCount = report.api.length;
  const shown = new Set(report.api.slice(0, query.top).map((entry) => `${entry.modelId}@${entry.provider}`));
  return {
    report: {
      ...report,
      api: report.api.slice(0, query.top),
      comparisons: report.comparisons.filter((entry) => shown.has(`${entry.modelId}@${entry.provider}`)),
    },
    apiPriceCount,
    skipped,
    curve: costCurve(input, { maxApiLines: 4, points: 40 }),
  };
};

export const license: ApiHandler = (context, { url }): LicenseResponse => {
  const query = parseQuery(licenseQuerySchema, url.searchParams);
  const catalog = context.catalog();
  const { licenses } = context.reference();
  const profile = {
    commercial: query.commercial,
    monthlyActiveUsers: query.mau,
    trainOnOutputs: query.trainOnOutputs,
    redistribute: query.redistribute,
    regions: query.region,
  };
  const verdicts = query.model.map((reference) => {
    const resolution = catalog.resolveModelDetailed(reference);
    if (resolution.status === 'ambiguous') {
      throw new ValidationError(`"${reference}" matches several catalog models (${resolution.candidates.slice(0, 6).join(', ')}); give the exact id`, 'model');
    }
    const model = resolution.status === 'matched' ? catalog.getModel(resolution.modelId) : undefined;
    const subject: LicenseSubject =
      model === undefined
        ? { id: reference, name: reference, openWeights: null, license: query.weightsLicense ?? null }
        : query.weightsLicense === undefined
          ? model
          : { ...model, license: query.weightsLicense };
    let verdict;
    try {
      verdict = checkLicense(subject, profile, licenses);
    } catch (error) {
      throw asQueryError(error);
    }
    const note = model === undefined ? `"${reference}" is not in the catalog; matched by name${query.weightsLicense === undefined ? '' : ' and the weights licence given'} only` : null;
    return note === null ? verdict : { ...verdict, notes: [note, ...verdict.notes] };
  });
  return { verdicts, disclaimer: licenses.disclaimer };
};
