/** Catalog: the searchable, sortable model table. Filtering, sorting and paging happen on the server. */
import { useEffect, useState } from 'preact/hooks';
import { DEFAULT_PRICE_POLICY, describePriceChoice, describePricePolicy, PRICE_POLICIES, PRICE_POLICY_LABELS, type PricePolicy } from '../../../src/catalog/price-policy.js';
import type { CatalogSort } from '../../../src/dashboard/api/query-schemas.js';
import type { CatalogModelsResponse } from '../../../src/dashboard/api/types.js';
import { useApi } from '../api.js';
import { WeightsBadge } from '../components/badges.js';
import { CheckboxField, SelectField, TextField } from '../components/fields.js';
import { SortHeader, type SortState } from '../components/sort-header.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { TableWrap } from '../components/table-wrap.js';
import { DASH, int, score, tokens } from '../format.js';

const PAGE = 50;
type Weights = 'all' | 'open' | 'closed';

function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

export function CatalogPage() {
  const [search, setSearch] = useState('');
  const [weights, setWeights] = useState<Weights>('all');
  const [lab, setLab] = useState('');
  const [priced, setPriced] = useState(false);
  const [pricePolicy, setPricePolicy] = useState<PricePolicy>(DEFAULT_PRICE_POLICY);
  const [sort, setSort] = useState<SortState<CatalogSort>>({ key: 'releaseDate', order: 'desc' });
  const [offset, setOffset] = useState(0);
  const q = useDebounced(search, 250);
  useEffect(() => setOffset(0), [q, weights, lab, priced, sort.key, sort.order]);
  const table = useApi<CatalogModelsResponse>('/api/catalog/models', {
    q,
    open: weights === 'all' ? undefined : weights === 'open',
    lab: lab === '' ? undefined : lab,
    priced: priced ? true : undefined,
    pricePolicy,
    sort: sort.key,
    order: sort.order,
    limit: PAGE,
    offset,
  });
  const data = table.data;
  const domains = data?.domains.filter((domain) => domain.benchmark !== null) ?? [];

  return (
    <section aria-labelledby="page-heading">
      <h1 id="page-heading" tabIndex={-1}>
        Catalog
      </h1>
      <p class="lede">
        Every model in the bundled catalog with its licence, API price and a score per domain. A model's price is {describePricePolicy(pricePolicy)}, named
        with its provider and date. Select a model for all its listings and sources.
      </p>
      <form class="controls" role="search" aria-label="Filter models" onSubmit={(event) => event.preventDefault()}>
        <TextField id="catalog-search" type="search" label="Search" hint="name, id, lab, family or licence" value={search} onInput={setSearch} />
        <SelectField
          id="catalog-weights"
          label="Weights"
          value={weights}
          options={[
            { value: 'all', label: 'open and closed' },
            { value: 'open', label: 'open weights' },
            { value: 'closed', label: 'closed' },
          ]}
          onChange={setWeights}
        />
        <SelectField id="catalog-lab" label="Lab" value={lab} options={[{ value: '', label: 'all labs' }, ...(data?.labs ?? []).map((name) => ({ value: name, label: name }))]} onChange={setLab} />
        <SelectField
          id="catalog-price-policy"
          label="Price"
          value={pricePolicy}
          options={PRICE_POLICIES.map((value) => ({ value, label: PRICE_POLICY_LABELS[value] }))}
          onChange={setPricePolicy}
        />
        <CheckboxField id="catalog-priced" label="Only models with an API price" checked={priced} onChange={setPriced} />
      </form>
      {table.error ? <ErrorMessage error={table.error} /> : null}
      {data === undefined ? (
        table.error ? null : <Loading what="models" />
      ) : (
        <>
          <p role="status" class="muted" data-testid="catalog-count">
            {data.total === 0 ? 'No model matches.' : `Models ${data.offset + 1}–${Math.min(data.total, data.offset + data.models.length)} of ${data.total}`}
          </p>
          <TableWrap label="Models">
            <table class="catalog" data-testid="catalog-table" aria-busy={table.loading ? 'true' : undefined}>
              <thead>
                <tr>
                  <SortHeader column="name" sort={sort} onSort={setSort}>
                    Model
                  </SortHeader>
                  <SortHeader column="lab" sort={sort} onSort={setSort}>
                    Lab
                  </SortHeader>
                  <th scope="col">Weights</th>
                  <SortHeader column="license" sort={sort} onSort={setSort}>
                    Licence
                  </SortHeader>
                  <SortHeader column="releaseDate" sort={sort} onSort={setSort} numeric>
                    Released
                  </SortHeader>
                  <SortHeader column="parameters" sort={sort} onSort={setSort} numeric>
                    Params (B)
                  </SortHeader>
                  <SortHeader column="contextWindow" sort={sort} onSort={setSort} numeric>
                    Context
                  </SortHeader>
                  <SortHeader column="price" sort={sort} onSort={setSort} numeric title="blended API price (3 × input + output) / 4, USD per million tokens">
                    $/Mtok
                  </SortHeader>
                  {domains.map((domain) => (
                    <SortHeader key={domain.id} column={domain.id} sort={sort} onSort={setSort} numeric title={`best score on ${domain.benchmark?.name ?? ''}`}>
                      {domain.name}
                    </SortHeader>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.models.map((model) => (
                  <tr key={model.id}>
                    <th scope="row">
                      <a href={`#/catalog/${encodeURIComponent(model.id)}`}>{model.name}</a>
                    </th>
                    <td>{model.lab}</td>
                    <td>
                      <WeightsBadge open={model.openWeights} />
                    </td>
                    <td>{model.license ?? DASH}</td>
                    <td class="num">{model.releaseDate ?? DASH}</td>
                    <td class="num">{model.parametersB === null ? DASH : int(model.parametersB)}</td>
                    <td class="num">{tokens(model.contextWindow)}</td>
                    <td class="num" title={model.price === null ? undefined : `${describePriceChoice({ price: model.price, basis: model.price.basis, providers: model.price.providers })}; source ${model.price.source}`}>
                      {model.price === null ? (
                        DASH
                      ) : (
                        <>
                          ${model.price.blendedPerMtok.toFixed(2)}
                          <br />
                          <span class="muted">
                            {model.price.provider}, {model.price.asOf}
                          </span>
                        </>
                      )}
                    </td>
                    {domains.map((domain) => (
                      <td class="num" key={domain.id}>
                        {score(model.scores[domain.id], domain.benchmark?.metric)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <p class="muted">
            Domain columns: the best score on the domain’s benchmark with results for the most models ({domains.map((domain) => `${domain.name}: ${domain.benchmark?.name ?? ''}`).join('; ')}).
          </p>
          <nav class="pager" aria-label="Pages of models">
            <button type="button" disabled={data.offset === 0} onClick={() => setOffset(Math.max(0, data.offset - PAGE))}>
              Previous {PAGE}
            </button>
            <button type="button" disabled={data.offset + PAGE >= data.total} onClick={() => setOffset(data.offset + PAGE)}>
              Next {PAGE}
            </button>
          </nav>
        </>
      )}
    </section>
  );
}
