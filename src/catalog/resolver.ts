/**
 * Deterministic model-name resolution over a set of catalog models and an alias table. Order:
 * 1. the name is a catalog id;
 * 2. an alias for this source, then an alias for every source (`source: null`), compared by exact key;
 * 3. the exact key of a model's id, name or a name it is known by in some source;
 * 4. the relaxed key (dates, snapshot numbers and variant words dropped). Several models share a relaxed key
 *    (`gpt-4o`, `gpt-4o-2024-08-06`, `gpt-4o-2024-11-20`), so candidates are narrowed by the lab, then by a date:
 *    the date written in the name ("GPT 4o (Aug 2024)" → the latest candidate released by then) or the release
 *    date the caller knows, and finally by preferring the one undecorated candidate whose own key is the relaxed
 *    key. Anything still undecided is `ambiguous`; no match at all is `unmatched`.
 */
import { exactKey, nameKeys } from './normalize.js';

export interface ResolvableModel {
  id: string;
  name: string;
  lab: string;
  releaseDate: string | null;
}

export interface ResolvableAlias {
  alias: string;
  modelId: string;
  source: string | null;
}

export type Resolution =
  | { status: 'matched'; modelId: string; via: 'id' | 'alias' | 'exact' | 'relaxed' }
  | { status: 'ambiguous'; candidates: string[] }
  | { status: 'unmatched'; candidates: string[] };

export interface ResolveOptions {
  /** Source id, for source-specific aliases. */
  source?: string | null;
  /** Lab id the source names, used to narrow candidates. */
  lab?: string | null;
  /** Release date the caller knows for this name (a model fact); relaxed matches must be within 45 days. */
  releaseDate?: string | null;
  /**
   * The name was seen on this date (a leaderboard snapshot): among several candidates, those released after
   * it (+7 days) are dropped — a leaderboard cannot list a model before it exists.
   */
  seenBy?: string | null;
}

const SEEN_TOLERANCE_DAYS = 7;
/** A match released this long after the name was seen is impossible, whatever the dates' small errors. */
const SEEN_REJECT_DAYS = 90;

const DAY_MS = 86_400_000;
const RELEASE_TOLERANCE_DAYS = 45;

function daysBetween(a: string, b: string): number {
  return Math.abs(Date.parse(a) - Date.parse(b)) / DAY_MS;
}

const MONTH_NUMBERS: Record<string, string> = {
  jan: '01', feb: '02', mar: '03', apr: '04', may: '05', jun: '06', june: '06', jul: '07', july: '07',
  aug: '08', sep: '09', sept: '09', oct: '10', nov: '11', dec: '12', april: '04', march: '03',
};

/** A date written in the name: 2024-08-06, 20240806, (08-2024), (Aug 2024). Month-only dates give the 1st. */
export function dateInName(name: string): string | null {
  const lower = name.toLowerCase();
  const full = /(20\d{2})[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?!\d)/.exec(lower);
  if (full) return `${full[1]}-${full[2]}-${full[3]}`;
  const monthYear = /\b(0[1-9]|1[0-2])[-/](20\d{2})\b/.exec(lower);
  if (monthYear) return `${monthYear[2]}-${monthYear[1]}-01`;
  const named = /\b([a-z]{3,5})[a-z]*\.?\s+(20\d{2})\b/.exec(lower);
  if (named) {
    const month = MONTH_NUMBERS[named[1] ?? ''];
    if (month !== undefined) return `${named[2]}-${month}-01`;
  }
  // a year-month snapshot number such as mistral-small-2402 or qwen3-…-2507 (a month-day such as 0613 has no year)
  const yearMonth = /(?:^|[^0-9])(1[3-9]|2\d|3[0-5])(0[1-9]|1[0-2])(?![0-9])/.exec(lower);
  if (yearMonth) return `20${yearMonth[1]}-${yearMonth[2]}-01`;
  return null;
}

/**
 * Is a display name as specific as the id? "Command R+" for `command-r-plus-08-2024` is not: it drops the
 * version the id carries, names the whole family, and would catch the April 2024 Command R+ too.
 */
export function isSpecificName(name: string, id: string): boolean {
  const nameKey = nameKeys(name);
  const idKey = nameKeys(id);
  return nameKey.exact === idKey.exact || nameKey.relaxed !== idKey.relaxed;
}

export class ModelResolver {
  private readonly models = new Map<string, ResolvableModel>();
  private readonly exactIndex = new Map<string, Set<string>>();
  private readonly relaxedIndex = new Map<string, Set<string>>();
  /** Exact keys of each model's own id and name: a candidate is "undecorated" when one equals the relaxed key. */
  private readonly ownKeys = new Map<string, Set<string>>();
  private readonly aliases = new Map<string, Map<string, string>>(); // source ('*' = all) → exact key → model id

  constructor(models: Iterable<ResolvableModel> = [], aliases: Iterable<ResolvableAlias> = []) {
    for (const model of models) this.addModel(model);
    for (const alias of aliases) this.addAlias(alias);
  }

  get size(): number {
    return this.models.size;
  }

  has(modelId: string): boolean {
    return this.models.has(modelId);
  }

  get(modelId: string): ResolvableModel | undefined {
    return this.models.get(modelId);
  }

  addModel(model: ResolvableModel): void {
    this.models.set(model.id, { id: model.id, name: model.name, lab: model.lab, releaseDate: model.releaseDate });
    const own = new Set<string>([nameKeys(model.id).exact]);
    this.index(model.id, model.id);
    if (isSpecificName(model.name, model.id)) {
      own.add(nameKeys(model.name).exact);
      this.index(model.id, model.name);
    }
    this.ownKeys.set(model.id, own);
  }

  /** Records the release date learnt after the model was added. */
  updateModel(model: ResolvableModel): void {
    const known = this.models.get(model.id);
    if (known === undefined) throw new Error(`resolver: unknown model ${model.id}`);
    known.releaseDate = model.releaseDate;
    known.lab = model.lab;
  }

  /** Another name the model is known by (e.g. in one source); indexed like its own name. */
  addName(modelId: string, name: string): void {
    if (!this.models.has(modelId)) throw new Error(`resolver: unknown model ${modelId}`);
    this.index(modelId, name);
  }

  addAlias(alias: ResolvableAlias): void {
    const scope = alias.source ?? '*';
    let table = this.aliases.get(scope);
    if (table === undefined) {
      table = new Map();
      this.aliases.set(scope, table);
    }
    table.set(exactKey(alias.alias), alias.modelId);
  }

  private index(modelId: string, name: string): void {
    const keys = nameKeys(name);
    if (keys.exact === '') return;
    add(this.exactIndex, keys.exact, modelId);
    if (keys.relaxed !== '') add(this.relaxedIndex, keys.relaxed, modelId);
  }

  resolve(name: string, options: ResolveOptions = {}): Resolution {
    const resolution = this.resolveUnchecked(name, options);
    if (resolution.status !== 'matched' || resolution.via === 'alias' || resolution.via === 'id' || !options.seenBy) return resolution;
    const released = this.models.get(resolution.modelId)?.releaseDate;
    if (released && Date.parse(released) > Date.parse(options.seenBy) + SEEN_REJECT_DAYS * DAY_MS) {
      return { status: 'unmatched', candidates: [resolution.modelId] };
    }
    return resolution;
  }

  private resolveUnchecked(name: string, options: ResolveOptions): Resolution {
    const trimmed = name.trim();
    const asId = trimmed.toLowerCase();
    if (this.models.has(asId)) return { status: 'matched', modelId: asId, via: 'id' };
    const keys = nameKeys(trimmed);
    if (keys.exact === '') return { status: 'unmatched', candidates: [] };

    const aliasTarget =
      (options.source ? this.aliases.get(options.source)?.get(keys.exact) : undefined) ??
      this.aliases.get('*')?.get(keys.exact);
    if (aliasTarget !== undefined) return { status: 'matched', modelId: aliasTarget, via: 'alias' };

    const exact = this.narrowBySeen(this.narrowByLab([...(this.exactIndex.get(keys.exact) ?? [])], options.lab), options.seenBy);
    if (exact.length === 1) return { status: 'matched', modelId: exact[0] as string, via: 'exact' };
    if (exact.length > 1) {
      const picked = this.pickByDate(exact, trimmed, options.releaseDate ?? null);
      if (picked.length === 1) return { status: 'matched', modelId: picked[0] as string, via: 'exact' };
      return { status: 'ambiguous', candidates: exact.sort() };
    }

    const relaxed = this.narrowBySeen(this.narrowByLab([...(this.relaxedIndex.get(keys.relaxed) ?? [])], options.lab), options.seenBy);
    if (relaxed.length === 0) return { status: 'unmatched', candidates: [] };
    const dated = this.pickByDate(relaxed, trimmed, options.releaseDate ?? null);
    if (dated.length === 0) return { status: 'unmatched', candidates: relaxed.sort() };
    if (dated.length === 1) return { status: 'matched', modelId: dated[0] as string, via: 'relaxed' };
    const undecorated = dated.filter((id) => this.ownKeys.get(id)?.has(keys.relaxed));
    if (undecorated.length === 1) return { status: 'matched', modelId: undecorated[0] as string, via: 'relaxed' };
    return { status: 'ambiguous', candidates: dated.sort() };
  }

  private narrowBySeen(candidates: string[], seenBy: string | null | undefined): string[] {
    if (!seenBy || candidates.length < 2) return candidates;
    const limit = Date.parse(seenBy) + SEEN_TOLERANCE_DAYS * DAY_MS;
    const released = candidates.filter((id) => {
      const date = this.models.get(id)?.releaseDate;
      return date === null || date === undefined || Date.parse(date) <= limit;
    });
    return released.length > 0 ? released : candidates;
  }

  private narrowByLab(candidates: string[], lab: string | null | undefined): string[] {
    if (!lab || candidates.length < 2) return candidates;
    const same = candidates.filter((id) => this.models.get(id)?.lab === lab);
    return same.length > 0 ? same : candidates;
  }

  /**
   * With a known release date: candidates within 45 days, closest first (ties kept). With a date in the name:
   * candidates released by then (+45 days), the latest such. Candidates without a date pass through.
   */
  private pickByDate(candidates: string[], name: string, releaseDate: string | null): string[] {
    const dated = candidates.map((id) => ({ id, date: this.models.get(id)?.releaseDate ?? null }));
    if (releaseDate !== null) {
      const near = dated.filter((c) => c.date === null || daysBetween(c.date, releaseDate) <= RELEASE_TOLERANCE_DAYS);
      if (near.length <= 1) return near.map((c) => c.id);
      const best = Math.min(...near.map((c) => (c.date === null ? Infinity : daysBetween(c.date, releaseDate))));
      const closest = near.filter((c) => c.date !== null && daysBetween(c.date, releaseDate) === best);
      return closest.length > 0 ? closest.map((c) => c.id) : near.map((c) => c.id);
    }
    const hint = dateInName(name);
    if (hint === null) return candidates;
    const limit = Date.parse(hint) + RELEASE_TOLERANCE_DAYS * DAY_MS;
    const before = dated.filter((c) => c.date === null || Date.parse(c.date) <= limit);
    const withDates = before.filter((c) => c.date !== null);
    if (withDates.length === 0) return before.map((c) => c.id);
    const latest = withDates.reduce((a, b) => ((a.date ?? '') >= (b.date ?? '') ? a : b));
    return [latest.id];
  }
}

function add(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (set === undefined) {
    set = new Set();
    map.set(key, set);
  }
  set.add(value);
}
