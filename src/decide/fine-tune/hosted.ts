/**
 * The one-time cost of a fine-tune at services that publish a price per training token: billed tokens
 * (training tokens × epochs) × the price of the service's row for the model's size (dense models) or the model
 * itself (mixtures of experts). A service that does not offer the method, or has no row for the model, is
 * listed with the reason; asking for it by name is an error that says which.
 */
import { z } from 'zod';
import type { FineTuneMethod, FineTuningReference, HostedOffer, HostedService } from '../../catalog/index.js';
import { modelKey } from '../../catalog/index.js';
import { ValidationError } from '../../errors.js';
import type { FineTuneModel } from './model.js';

export const hostedQuoteSchema = z.object({
  service: z.string(),
  name: z.string(),
  method: z.string(),
  usdPerMillionTokens: z.number().positive(),
  billedTokens: z.number().nonnegative(),
  trainingCost: z.number().nonnegative(),
  oneTimeCost: z.number().nonnegative(),
  bracket: z.string(),
  /** Whether the tuned model is then served at the base model's price; null when the sources do not settle it. */
  servedAtBasePrice: z.boolean().nullable(),
  serving: z.array(z.object({ says: z.string(), source: z.string() })),
  servingNote: z.string(),
  source: z.string(),
  locator: z.string(),
  seen: z.string(),
});
export type HostedQuote = z.infer<typeof hostedQuoteSchema>;

export const hostedResultSchema = z.object({
  /** Cheapest first. */
  quotes: z.array(hostedQuoteSchema),
  unavailable: z.array(z.object({ service: z.string(), name: z.string(), reason: z.string() })),
  leftOut: z.array(z.object({ service: z.string(), reason: z.string(), seen: z.string() })),
});
export type HostedResult = z.infer<typeof hostedResultSchema>;

function bracket(offer: HostedOffer): string {
  if (offer.sizes !== undefined) return offer.sizes.aboveB === 0 ? `dense models up to ${offer.sizes.upToB}B` : `dense models over ${offer.sizes.aboveB}B up to ${offer.sizes.upToB}B`;
  return `models ${offer.models?.join(', ')}`;
}

function offerFor(model: FineTuneModel, offers: readonly HostedOffer[]): HostedOffer | undefined {
  const keys = new Set([modelKey(model.id), modelKey(model.name)]);
  const named = offers.find((offer) => offer.models?.some((key) => keys.has(key)));
  if (named !== undefined) return named;
  if (model.mixtureOfExperts) return undefined;
  return offers.find((offer) => offer.sizes !== undefined && model.parametersB > offer.sizes.aboveB && model.parametersB <= offer.sizes.upToB);
}

function unavailableReason(service: HostedService, offers: readonly HostedOffer[], model: FineTuneModel, method: FineTuneMethod): string | null {
  if (!service.methods.includes(method)) return `does not offer ${method} fine-tuning (offers ${service.methods.join(', ')}; ${service.methodsSource})`;
  if (offerFor(model, offers) !== undefined) return null;
  const kinds = offers.map(bracket).join('; ');
  const what = model.mixtureOfExperts ? `the mixture of experts ${model.id}` : `a ${model.parametersB}B model`;
  return `publishes no price for ${what} (its rows: ${kinds})`;
}

export interface HostedJob {
  method: FineTuneMethod;
  trainingTokens: number;
  epochs: number;
  /** Data preparation, counted in the one-time cost like the self-run path. */
  dataPrepCost: number;
  /** Only this service (its id); asking for one that cannot quote is an error. */
  service?: string | null;
}

export function hostedQuotes(model: FineTuneModel, job: HostedJob, reference: FineTuningReference): HostedResult {
  const { services, offers, leftOut } = reference.hosted;
  if (job.service != null && !services.some((service) => service.service === job.service)) {
    const known = services.map((service) => service.service).join(', ');
    throw new ValidationError(`no published fine-tuning price on file for "${job.service}" (services with prices: ${known})`, '--service');
  }
  const chosen = services.filter((service) => job.service == null || service.service === job.service);
  const billedTokens = job.trainingTokens * job.epochs;
  const quotes: HostedQuote[] = [];
  const unavailable: HostedResult['unavailable'] = [];
  for (const service of chosen) {
    const own = offers.filter((offer) => offer.service === service.service);
    const reason = unavailableReason(service, own, model, job.method);
    if (reason !== null) {
      if (job.service != null) throw new ValidationError(`${service.name} ${reason}`, '--service');
      unavailable.push({ service: service.service, name: service.name, reason });
      continue;
    }
    const offer = offerFor(model, own) as HostedOffer;
    const trainingCost = (billedTokens / 1e6) * offer.usdPerMillionTokens;
    quotes.push({
      service: service.service,
      name: service.name,
      method: job.method,
      usdPerMillionTokens: offer.usdPerMillionTokens,
      billedTokens,
      trainingCost,
      oneTimeCost: trainingCost + job.dataPrepCost,
      bracket: bracket(offer),
      servedAtBasePrice: service.servedAtBasePrice,
      serving: service.serving,
      servingNote: service.servingNote,
      source: offer.source,
      locator: offer.locator,
      seen: offer.seen,
    });
  }
  quotes.sort((left, right) => left.oneTimeCost - right.oneTimeCost || left.service.localeCompare(right.service));
  return { quotes, unavailable, leftOut };
}
