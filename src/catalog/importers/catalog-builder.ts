/**
 * Merges model facts from every source into catalog models. Facts arrive in priority order (models.dev first),
 * so the first value of a field wins; every value seen is kept to report conflicts. A fact that matches no
 * model creates one when it says whether the weights are open and names a lab.
 */
import type { Conflict, Model } from '../schema.js';
import { exactKey, nameKeys, slugify } from '../normalize.js';
import { ModelResolver } from '../resolver.js';
import type { ModelFact } from './model-facts.js';
import type { ModelOverride } from './curated.js';

interface Observation {
  source: string;
  name: string;
  value: string | boolean | null;
}

interface Draft extends Model {
  provenance: Record<string, string>;
  releaseDateApprox: boolean;
  /** Names this model is known by in sources: name → first source that used it. */
  knownNames: Map<string, string>;
  observed: { openWeights: Observation[]; releaseDate: Observation[]; license: Observation[] };
}

/** A fact set by data/curated/models.yaml: its provenance reads `curated: <source>`. */
function isCurated(provenance: string | undefined): boolean {
  return provenance !== undefined && provenance.startsWith('curated');
}

const RELEASE_CONFLICT_DAYS = 30;
const SAME_NAME_MAX_DAYS = 400;
/** How far an announced date may lie after an observed "existed by" date before the observation wins. */
const UPPER_BOUND_SLACK_DAYS = 60;
const DAY_MS = 86_400_000;

/** A display name without the Hub organisation: `Nexusflow/NexusRaven-V2-13B` → `NexusRaven-V2-13B`. */
function displayName(fact: ModelFact): string {
  const name = fact.displayName ?? fact.name;
  const slash = name.lastIndexOf('/');
  return slash >= 0 && slash < name.length - 1 ? name.slice(slash + 1) : name;
}

export class CatalogBuilder {
  readonly resolver = new ModelResolver();
  private readonly drafts = new Map<string, Draft>();
  /** Facts that matched nothing and could not create a model: source → names. */
  readonly droppedFacts: Array<{ source: string; name: string; reason: string }> = [];
  /** Facts that matched nothing on the first pass; `retryPending()` tries them again. */
  private pending: ModelFact[] = [];

  private readonly overrides = new Map<string, ModelOverride>();

  constructor(aliases: Array<{ alias: string; modelId: string; source: string | null }>, overrides: readonly ModelOverride[] = []) {
    for (const alias of aliases) this.resolver.addAlias(alias);
    for (const override of overrides) this.overrides.set(override.id, override);
  }

  get models(): Draft[] {
    return [...this.drafts.values()];
  }

  get(modelId: string): Draft | undefined {
    return this.drafts.get(modelId);
  }

  /** Merges or creates; returns the model id the fact was attributed to, or null. */
  add(fact: ModelFact): string | null {
    if (fact.combineOnly) {
      this.pending.push(fact);
      return null;
    }
    const resolution = this.resolver.resolve(fact.name, {
      source: fact.source,
      lab: fact.lab ?? null,
      releaseDate: fact.releaseDateApprox ? null : (fact.releaseDate ?? null),
    });
    if (resolution.status === 'matched' && fact.exactOnly === true && resolution.via === 'relaxed') {
      this.droppedFacts.push({ source: fact.source, name: fact.name, reason: `only a relaxed match: ${resolution.modelId}` });
      return null;
    }
    if (resolution.status === 'matched') {
      const draft = this.drafts.get(resolution.modelId);
      if (draft !== undefined && this.farApart(draft, fact)) {
        // the same name for a model released more than a year apart: an API alias that moved on
        // ("deepseek-chat" of 2023 and of 2025); the older one becomes a model of its own
        return fact.create === false ? null : this.create(fact, this.freeId(`${draft.id}-${(fact.releaseDate ?? '').slice(0, 7)}`));
      }
      if (draft !== undefined) {
        this.merge(draft, fact);
        return draft.id;
      }
      // an alias naming a model no source has created yet
      const created = this.create(fact, resolution.modelId);
      if (created === null) this.pending.push(fact);
      return created;
    }
    if (resolution.status === 'ambiguous') {
      this.droppedFacts.push({ source: fact.source, name: fact.name, reason: `ambiguous: ${resolution.candidates.join(', ')}` });
      return null;
    }
    const created = fact.create === false ? null : this.create(fact, null);
    if (created === null) this.pending.push(fact);
    return created;
  }

  /**
   * Second pass over facts that matched no model when they arrived: a model a later source created may now
   * take them (Epoch dates a version that only LMArena flags open). Unmatched ones stay dropped.
   */
  retryPending(): number {
    const facts = this.pending;
    this.pending = [];
    let merged = 0;
    const unmatched = new Map<string, ModelFact[]>();
    for (const fact of facts) {
      if (fact.combineOnly) {
        // a weak fact joins a known model only through a curated alias naming it
        const viaAlias = this.resolver.resolve(fact.name, { source: fact.source });
        const aliased = viaAlias.status === 'matched' && viaAlias.via === 'alias' ? this.drafts.get(viaAlias.modelId) : undefined;
        if (aliased !== undefined) {
          this.merge(aliased, fact);
          merged += 1;
          continue;
        }
        const key = exactKey(fact.name);
        unmatched.set(key, [...(unmatched.get(key) ?? []), fact]);
        continue;
      }
      const resolution = this.resolver.resolve(fact.name, {
        source: fact.source,
        lab: fact.lab ?? null,
        releaseDate: fact.releaseDateApprox ? null : (fact.releaseDate ?? null),
      });
      const draft = resolution.status === 'matched' ? this.drafts.get(resolution.modelId) : undefined;
      if (draft !== undefined) {
        this.merge(draft, fact);
        merged += 1;
      } else if (resolution.status === 'unmatched') {
        const key = exactKey(fact.name);
        unmatched.set(key, [...(unmatched.get(key) ?? []), fact]);
      }
    }
    // facts that only together say open/closed, when and by whom (BFCL: open, no date; the Hub: a date)
    for (const group of unmatched.values()) {
      group.sort((a, b) => Number(a.combineOnly ?? false) - Number(b.combineOnly ?? false));
      const open = group.find((fact) => fact.openWeights !== null && fact.openWeights !== undefined);
      const dated = group.find((fact) => fact.releaseDate && !fact.releaseDateApprox) ?? group.find((fact) => fact.releaseDate);
      const lab = group.find((fact) => fact.lab)?.lab;
      if (group.length < 2 || group.every((fact) => fact.combineOnly) || open === undefined || dated === undefined || !lab) continue;
      const id = this.create({ ...open, lab, create: true }, null);
      const draft = id === null ? undefined : this.drafts.get(id);
      if (draft === undefined) continue;
      for (const fact of group) if (fact !== open) this.merge(draft, fact);
      merged += group.length;
    }
    return merged;
  }

  private create(fact: ModelFact, id: string | null): string | null {
    if (fact.openWeights === undefined || fact.openWeights === null) {
      this.droppedFacts.push({ source: fact.source, name: fact.name, reason: 'open/closed unknown' });
      return null;
    }
    const lab = id?.split('/')[0] ?? fact.lab ?? null;
    if (lab === null || !/^[a-z0-9][a-z0-9-]*$/.test(lab)) {
      this.droppedFacts.push({ source: fact.source, name: fact.name, reason: 'lab unknown' });
      return null;
    }
    const modelId = id ?? this.freeId(`${lab}/${slugify(fact.idHint ?? fact.name)}`);
    const draft: Draft = {
      id: modelId,
      lab,
      name: displayName(fact),
      family: fact.family ?? null,
      openWeights: fact.openWeights,
      license: null,
      releaseDate: null,
      parametersB: null,
      activeParametersB: null,
      contextWindow: null,
      inputModalities: [],
      outputModalities: [],
      sources: [],
      provenance: { openWeights: fact.openWeightsBasis ?? fact.source },
      releaseDateApprox: false,
      knownNames: new Map(),
      observed: { openWeights: [], releaseDate: [], license: [] },
    };
    this.drafts.set(modelId, draft);
    this.resolver.addModel({ id: modelId, name: draft.name, lab, releaseDate: null });
    // a curated correction holds from the start, so later facts resolve against the corrected model
    const override = this.overrides.get(modelId);
    if (override !== undefined) this.applyOverrides([override]);
    this.merge(draft, fact);
    return modelId;
  }

  private farApart(draft: Draft, fact: ModelFact): boolean {
    if (!fact.releaseDate || fact.releaseDateApprox || !draft.releaseDate || draft.releaseDateApprox) return false;
    // only API names that models.dev tracks move on to newer models; other sources' dates are just noisy
    if (draft.provenance.releaseDate !== 'models-dev' || fact.source === 'models-dev') return false;
    return Math.abs(Date.parse(fact.releaseDate) - Date.parse(draft.releaseDate)) / DAY_MS > SAME_NAME_MAX_DAYS;
  }

  private freeId(base: string): string {
    if (!this.drafts.has(base)) return base;
    for (let index = 2; ; index += 1) {
      const candidate = `${base}-${index}`;
      if (!this.drafts.has(candidate)) return candidate;
    }
  }

  /** Records that `name` (as written by `source`) means this model, for resolution and the alias table. */
  addKnownName(modelId: string, name: string, source: string): void {
    const draft = this.drafts.get(modelId);
    if (draft === undefined) return;
    if (!draft.knownNames.has(name)) {
      draft.knownNames.set(name, source);
      this.resolver.addName(modelId, name);
    }
  }

  private merge(draft: Draft, fact: ModelFact): void {
    if (!draft.sources.includes(fact.source)) draft.sources.push(fact.source);
    this.addKnownName(draft.id, fact.name, fact.source);
    for (const name of fact.otherNames ?? []) this.addKnownName(draft.id, name, fact.source);
    const fields = draft as unknown as Record<string, unknown>;
    const set = (field: keyof Model, value: unknown): void => {
      if (value === null || value === undefined) return;
      const current = fields[field];
      if (current === null || (Array.isArray(current) && current.length === 0)) {
        fields[field] = value;
        draft.provenance[field] = fact.source;
      }
    };
    if (fact.openWeights !== null && fact.openWeights !== undefined) {
      draft.observed.openWeights.push({ source: fact.openWeightsBasis ?? fact.source, name: fact.name, value: fact.openWeights });
    }
    if (fact.license) {
      draft.observed.license.push({ source: fact.source, name: fact.name, value: fact.license });
      set('license', fact.license);
    }
    if (fact.releaseDate) this.mergeReleaseDate(draft, fact, fact.releaseDate);
    if (fact.listedBy) this.applyUpperBound(draft, fact, fact.listedBy);
    set('family', fact.family);
    set('parametersB', fact.parametersB);
    set('activeParametersB', fact.activeParametersB);
    if (fact.contextWindow && (draft.contextWindow === null || draft.provenance.contextWindow === fact.source)) {
      if (draft.contextWindow === null || fact.contextWindow > draft.contextWindow) {
        draft.contextWindow = fact.contextWindow;
        draft.provenance.contextWindow = fact.source;
      }
    }
    set('inputModalities', fact.inputModalities);
    set('outputModalities', fact.outputModalities);
  }

  /**
   * First announced date wins. An approximate date (first seen on a leaderboard, uploaded to the Hub) is an
   * upper bound: it gives way to an announced date that fits under it, and overrules one it proves wrong (a
   * model listed in October 2024 was not released in April 2025).
   */
  private mergeReleaseDate(draft: Draft, fact: ModelFact, date: string): void {
    const approx = fact.releaseDateApprox === true;
    if (!approx) draft.observed.releaseDate.push({ source: fact.source, name: fact.name, value: date });
    const current = draft.releaseDate;
    if (isCurated(draft.provenance.releaseDate)) return;
    const days = current === null ? 0 : (Date.parse(current) - Date.parse(date)) / DAY_MS;
    let basis: string | null = null;
    if (current === null) basis = approx ? `${fact.source} (approximate: first seen or uploaded)` : fact.source;
    else if (draft.releaseDateApprox && !approx && days >= -UPPER_BOUND_SLACK_DAYS) basis = fact.source;
    else if (draft.releaseDateApprox && approx && days > 0) basis = `${fact.source} (approximate: first seen or uploaded)`;
    if (basis !== null) this.setReleaseDate(draft, date, approx, basis);
  }

  private applyUpperBound(draft: Draft, fact: ModelFact, listedBy: string): void {
    const current = draft.releaseDate;
    if (current === null || isCurated(draft.provenance.releaseDate)) return;
    if ((Date.parse(current) - Date.parse(listedBy)) / DAY_MS <= UPPER_BOUND_SLACK_DAYS) return;
    draft.observed.releaseDate.push({ source: `${fact.source} (listed by then)`, name: fact.name, value: listedBy });
    const basis = `${fact.source} (listed by then; ${draft.provenance.releaseDate ?? 'another source'} gave ${current})`;
    this.setReleaseDate(draft, listedBy, true, basis);
  }

  private setReleaseDate(draft: Draft, date: string, approx: boolean, basis: string): void {
    draft.releaseDate = date;
    draft.releaseDateApprox = approx;
    draft.provenance.releaseDate = basis;
    this.resolver.updateModel({ id: draft.id, name: draft.name, lab: draft.lab, releaseDate: date });
  }

  /** Applies hand-curated corrections; an override for an unknown id adds the model. */
  applyOverrides(overrides: readonly ModelOverride[]): void {
    for (const override of overrides) {
      let draft = this.drafts.get(override.id);
      if (draft === undefined && override.openWeights === undefined) continue; // a correction of a model no source has
      if (draft === undefined) {
        const lab = override.lab ?? override.id.split('/')[0] ?? '';
        this.create(
          { source: 'curated', name: override.name ?? override.id, openWeights: override.openWeights ?? null, lab },
          override.id,
        );
        draft = this.drafts.get(override.id);
        if (draft === undefined) throw new Error(`curated/models.yaml: cannot add ${override.id} without openWeights`);
      }
      if (!draft.sources.includes('curated')) draft.sources.push('curated');
      const fields = ['name', 'lab', 'openWeights', 'license', 'releaseDate', 'parametersB', 'activeParametersB', 'contextWindow', 'inputModalities', 'outputModalities'] as const;
      for (const field of fields) {
        const value = override[field];
        if (value === undefined) continue;
        (draft as unknown as Record<string, unknown>)[field] = value;
        draft.provenance[field] = `curated: ${override.source}`;
        if (field === 'openWeights') draft.observed.openWeights.push({ source: 'curated', name: draft.id, value: value as boolean });
        if (field === 'releaseDate') draft.releaseDateApprox = false;
      }
      this.resolver.updateModel({ id: draft.id, name: draft.name, lab: draft.lab, releaseDate: draft.releaseDate });
    }
  }

  /** Fills what is still unknown with defaults that hold for the models in these sources. */
  finish(): void {
    for (const draft of this.drafts.values()) {
      if (!draft.openWeights) draft.license = null; // a licence of weights nobody can download means nothing
      if (draft.activeParametersB !== null && draft.activeParametersB === draft.parametersB) draft.activeParametersB = null; // dense
      if (draft.inputModalities.length === 0) {
        draft.inputModalities = ['text'];
        draft.provenance.inputModalities = 'assumed (benchmarked on text)';
      }
      if (draft.outputModalities.length === 0) {
        draft.outputModalities = ['text'];
        draft.provenance.outputModalities = 'assumed (benchmarked on text)';
      }
    }
  }

  conflicts(): Conflict[] {
    const out: Conflict[] = [];
    const distinct = (values: Observation[]): Observation[] => {
      const seen = new Set<string>();
      return values.filter((value) => {
        const key = `${value.source}|${String(value.value)}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    };
    for (const draft of this.drafts.values()) {
      const openValues = new Set(draft.observed.openWeights.map((o) => o.value));
      if (openValues.size > 1) {
        out.push({ modelId: draft.id, field: 'openWeights', chosen: draft.openWeights, values: distinct(draft.observed.openWeights) });
      }
      const dates = draft.observed.releaseDate.map((o) => Date.parse(String(o.value)));
      if (dates.length > 1 && (Math.max(...dates) - Math.min(...dates)) / DAY_MS > RELEASE_CONFLICT_DAYS) {
        out.push({ modelId: draft.id, field: 'releaseDate', chosen: draft.releaseDate, values: distinct(draft.observed.releaseDate) });
      }
      const licenses = new Set(draft.observed.license.map((o) => o.value));
      if (draft.openWeights && licenses.size > 1) {
        out.push({ modelId: draft.id, field: 'license', chosen: draft.license, values: distinct(draft.observed.license) });
      }
    }
    return out;
  }

  /** Drops models nothing refers to (no result, no price) unless a source that lists models on purpose has them. */
  prune(keep: (model: Draft) => boolean): number {
    let removed = 0;
    for (const [id, draft] of this.drafts) {
      if (!keep(draft)) {
        this.drafts.delete(id);
        removed += 1;
      }
    }
    return removed;
  }

  /** Names each model is known by that its own id and name do not already resolve to. */
  derivedAliases(): Array<{ alias: string; modelId: string; source: string }> {
    const out: Array<{ alias: string; modelId: string; source: string }> = [];
    for (const draft of this.drafts.values()) {
      const own = new Set([nameKeys(draft.id).exact, nameKeys(draft.name).exact]);
      const seen = new Set<string>();
      for (const [name, source] of draft.knownNames) {
        const key = nameKeys(name).exact;
        if (own.has(key) || seen.has(key)) continue;
        seen.add(key);
        out.push({ alias: name, modelId: draft.id, source });
      }
    }
    return out;
  }

  /** The catalog models, without the builder's bookkeeping. */
  toModels(): Model[] {
    return [...this.drafts.values()]
      .map((draft) => ({
        id: draft.id,
        lab: draft.lab,
        name: draft.name,
        family: draft.family,
        openWeights: draft.openWeights,
        license: draft.license,
        releaseDate: draft.releaseDate,
        parametersB: draft.parametersB,
        activeParametersB: draft.activeParametersB,
        contextWindow: draft.contextWindow,
        inputModalities: draft.inputModalities,
        outputModalities: draft.outputModalities,
        sources: draft.sources,
        provenance: draft.provenance,
      }))
      .sort((a, b) => a.id.localeCompare(b.id));
  }
}
