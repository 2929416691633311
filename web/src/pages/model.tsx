/** One catalog model: its facts with their provenance, prices, benchmark results and every source behind them. */
import { describePriceChoice, describePricePolicy } from '../../../src/catalog/price-policy.js';
import type { ModelDetailResponse } from '../../../src/dashboard/api/types.js';
import { useApi } from '../api.js';
import { WeightsBadge } from '../components/badges.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { TableWrap } from '../components/table-wrap.js';
import { DASH, int, score, tokens } from '../format.js';

export function ModelPage({ id }: { id: string }) {
  const detail = useApi<ModelDetailResponse>('/api/catalog/model', { id });
  if (detail.error) {
    return (
      <section>
        <h1 tabIndex={-1}>{id}</h1>
        <ErrorMessage error={detail.error} />
        <p>
          <a href="#/catalog">Back to the catalog</a>
        </p>
      </section>
    );
  }
  if (detail.data === undefined) return <Loading what={id} />;
  const { model, price, prices, lastListed, results, sources, aliases, conflicts } = detail.data;
  const provenance = model.provenance ?? {};
  const fact = (name: string, label: string, value: string) => (
    <div key={name}>
      <dt>{label}</dt>
      <dd>
        {value}
        {provenance[name] === undefined ? null : <span class="muted"> ({provenance[name]})</span>}
      </dd>
    </div>
  );
  return (
    <article aria-labelledby="page-heading">
      <p class="crumbs">
        <a href="#/catalog">Catalog</a> / {model.lab}
      </p>
      <h1 id="page-heading" tabIndex={-1}>
        {model.name} <WeightsBadge open={model.openWeights} />
      </h1>
      <p class="muted">
        <code>{model.id}</code>
      </p>
      <dl class="facts">
        {fact('lab', 'Lab', model.lab)}
        {fact('family', 'Family', model.family ?? DASH)}
        {fact('license', 'Licence', model.license ?? 'unknown')}
        {fact('releaseDate', 'Released', model.releaseDate ?? DASH)}
        {fact('parametersB', 'Parameters', model.parametersB === null ? DASH : `${int(model.parametersB)} B${model.activeParametersB === null ? '' : ` (${int(model.activeParametersB)} B active)`}`)}
        {fact('contextWindow', 'Context window', model.contextWindow === null ? DASH : `${tokens(model.contextWindow)} tokens`)}
        {fact('inputModalities', 'Input', model.inputModalities.join(', ') || DASH)}
        {fact('outputModalities', 'Output', model.outputModalities.join(', ') || DASH)}
      </dl>

      <h2>API prices ({prices.length})</h2>
      {price === null ? null : (
        <p data-testid="model-price">
          Price: <strong>${price.blendedPerMtok.toFixed(2)}</strong> per million tokens blended (3 × input + output) / 4 — {describePriceChoice(price)}; {describePricePolicy(price.policy)}.
        </p>
      )}
      {prices.length === 0 && lastListed.length > 0 ? (
        <>
          <p>No provider lists this model today. Its last listed prices, from the price history:</p>
          <TableWrap label="Last listed API prices">
            <table data-testid="last-listed-prices">
              <thead>
                <tr>
                  <th scope="col">Provider</th>
                  <th scope="col" class="num">Input $/Mtok</th>
                  <th scope="col" class="num">Output $/Mtok</th>
                  <th scope="col">Listed on</th>
                  <th scope="col">Removed on</th>
                  <th scope="col">Source</th>
                </tr>
              </thead>
              <tbody>
                {lastListed.map((price) => (
                  <tr key={`${price.source}-${price.provider}-${price.providerModelKey}`}>
                    <th scope="row">{price.provider}</th>
                    <td class="num">{price.inputPerMtok}</td>
                    <td class="num">{price.outputPerMtok}</td>
                    <td class="date">{price.listedOn}</td>
                    <td class="date">{price.removedOn ?? DASH}</td>
                    <td>{price.source}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      ) : prices.length === 0 ? (
        <p>No API price in the catalog.</p>
      ) : (
        <TableWrap label="API prices">
          <table>
            <thead>
              <tr>
                <th scope="col">Provider</th>
                <th scope="col" class="num">Input $/Mtok</th>
                <th scope="col" class="num">Output $/Mtok</th>
                <th scope="col" class="num">Cache read</th>
                <th scope="col">As of</th>
                <th scope="col">Source</th>
              </tr>
            </thead>
            <tbody>
              {[...prices]
                .sort((a, b) => a.inputPerMtok * 3 + a.outputPerMtok - (b.inputPerMtok * 3 + b.outputPerMtok))
                .map((price) => (
                  <tr key={`${price.provider}-${price.providerModelId ?? ''}-${price.asOf}`}>
                    <th scope="row">{price.provider}</th>
                    <td class="num">{price.inputPerMtok}</td>
                    <td class="num">{price.outputPerMtok}</td>
                    <td class="num">{price.cacheReadPerMtok ?? DASH}</td>
                    <td class="date">{price.asOf}</td>
                    <td>{price.source}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </TableWrap>
      )}

      <h2>Benchmark results ({results.length})</h2>
      {results.length === 0 ? (
        <p>No benchmark result in the catalog.</p>
      ) : (
        <TableWrap label="Benchmark results">
          <table>
            <thead>
              <tr>
                <th scope="col">Benchmark</th>
                <th scope="col">Domain</th>
                <th scope="col" class="num">Score</th>
                <th scope="col" class="num">95% interval</th>
                <th scope="col">Date</th>
                <th scope="col">Source</th>
              </tr>
            </thead>
            <tbody>
              {results.map((result, index) => (
                <tr key={`${result.benchmark}-${result.source}-${result.date}-${index}`}>
                  <th scope="row">{result.benchmarkName}</th>
                  <td>{result.domain ?? DASH}</td>
                  <td class="num">{score(result.score, result.metric)}</td>
                  <td class="num">{result.ciLow === null || result.ciHigh === null ? DASH : `${score(result.ciLow, result.metric)} – ${score(result.ciHigh, result.metric)}`}</td>
                  <td class="date">{result.date}</td>
                  <td>
                    {result.source}
                    {result.sourceRow === null ? '' : ` (${result.sourceRow})`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}

      <h2>Sources</h2>
      <ul class="sources" data-testid="model-sources">
        {sources.map((source) => (
          <li key={source.id}>
            <strong>{source.name}</strong> <code>{source.id}</code> — {source.origin}. Licence: {source.licence}. Snapshot {source.snapshotDate}.
            {source.taken === '' ? null : <span class="muted"> Taken: {source.taken}</span>}
          </li>
        ))}
      </ul>
      {aliases.length === 0 ? null : (
        <>
          <h2>Also known as</h2>
          <p>{aliases.join(' · ')}</p>
        </>
      )}
      {conflicts.length === 0 ? null : (
        <>
          <h2>Where sources disagree</h2>
          <ul>
            {conflicts.map((conflict) => (
              <li key={conflict.field}>
                {conflict.field}: kept <strong>{String(conflict.chosen)}</strong>; {conflict.values.map((value) => `${value.source} says ${String(value.value)}`).join(', ')}
              </li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}
