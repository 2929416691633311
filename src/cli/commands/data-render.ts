/** Terminal rendering of `parity data update` and `parity data status`. */
import type { DataStatus } from '../../catalog/update/status.js';
import type { UpdateResult } from '../../catalog/update/report.js';
import type { DataChanges } from '../../watch/changes.js';
import { formatNumber, renderTable } from '../output.js';

const OUTCOME_LABEL: Record<UpdateResult['sources'][number]['outcome'], string> = {
  updated: 'updated',
  unchanged: 'unchanged',
  failed: 'FAILED',
  'not-selected': 'not asked',
  'bundled-only': 'bundled only',
};

function rows(counts: { facts: number; results: number; prices: number; history: number }): string {
  return [
    counts.results > 0 ? `${counts.results} results` : null,
    counts.prices > 0 ? `${counts.prices} prices` : null,
    counts.history > 0 ? `${counts.history} price events` : null,
    counts.facts > 0 ? `${counts.facts} model facts` : null,
  ]
    .filter((part) => part !== null)
    .join(', ') || 'no rows';
}

export function renderSources(result: UpdateResult): string {
  const table = renderTable(
    ['source', 'outcome', 'data as of', 'rows now (before)', 'note'],
    result.sources.map((source) => {
      const changed = JSON.stringify(source.rows.before) !== JSON.stringify(source.rows.after);
      const note =
        source.outcome === 'failed'
          ? `${source.reason ?? ''} — its previous data is kept`
          : source.outcome === 'bundled-only'
            ? (source.reason ?? '')
            : source.files.map((file) => `${file.url} sha256:${file.sha256.slice(0, 12)}`).join('\n');
      return [source.name, OUTCOME_LABEL[source.outcome], source.asOf ?? 'bundled', `${rows(source.rows.after)}${changed ? `\n(${rows(source.rows.before)})` : ''}`, note];
    }),
  );
  const failed = result.sources.filter((source) => source.outcome === 'failed').map((source) => source.name);
  const summary = failed.length === 0 ? 'every source asked for updated or was unchanged' : `not updated: ${failed.join(', ')}`;
  return `${table}\n${summary}\n`;
}

const months = (value: number | null): string => formatNumber(value, 1);

export function renderChanges(changes: DataChanges): string {
  const lines: string[] = [`\nWhat changed (data as of ${changes.asOf.before} → ${changes.asOf.after}):`];
  lines.push(`  new models: ${changes.newModels.length}${changes.removedModels.length > 0 ? `; no longer in the catalog: ${changes.removedModels.length}` : ''}`);
  for (const model of changes.newModels.slice(0, 15)) {
    lines.push(`    ${model.id} (${model.openWeights ? 'open weights' : 'closed'}, released ${model.releaseDate ?? 'date unknown'})`);
  }
  if (changes.newModels.length > 15) lines.push(`    … and ${changes.newModels.length - 15} more (--json lists them all)`);
  lines.push(`  new frontier points: ${changes.newFrontierPoints.length}`);
  for (const point of changes.newFrontierPoints.slice(0, 15)) {
    lines.push(`    ${point.domain} / ${point.benchmark}: ${point.group} ${point.modelName} ${point.score} on ${point.date} (${point.source})`);
  }
  if (changes.newFrontierPoints.length > 15) lines.push(`    … and ${changes.newFrontierPoints.length - 15} more (--json lists them all)`);
  const domains = [...new Set(changes.lags.map((lag) => lag.domain))];
  const lagOf = (domain: string, method: string) => changes.lags.find((lag) => lag.domain === domain && lag.method === method);
  const methods = [...new Set(changes.lags.map((lag) => lag.method))];
  lines.push('  lag in months, before → after:');
  lines.push(
    renderTable(
      ['domain', ...methods],
      domains.map((domain) => [
        domain,
        ...methods.map((method) => {
          const lag = lagOf(domain, method);
          if (lag === undefined) return '—';
          return lag.before === lag.after ? months(lag.after) : `${months(lag.before)} → ${months(lag.after)}`;
        }),
      ]),
    ),
  );
  lines.push(`  prices that moved more than 20%: ${changes.priceChanges.length}`);
  for (const change of changes.priceChanges.slice(0, 15)) {
    lines.push(
      `    ${change.modelId} at ${change.provider} (${change.source}): $${change.before.inputPerMtok}/$${change.before.outputPerMtok} → ` +
        `$${change.after.inputPerMtok}/$${change.after.outputPerMtok} per Mtok in/out (${change.change > 0 ? '+' : ''}${Number.isFinite(change.change) ? `${Math.round(change.change * 100)}%` : 'from free'})`,
    );
  }
  if (changes.priceChanges.length > 15) lines.push(`    … and ${changes.priceChanges.length - 15} more (--json lists them all)`);
  return `${lines.join('\n')}\n`;
}

export function renderDataStatus(status: DataStatus): string {
  const lines: string[] = [];
  lines.push(
    status.reading === 'user'
      ? `parity reads the update installed ${status.installedAt ?? ''} (${status.dir})`
      : `parity reads the bundled snapshot (${status.dir}); no update installed in ${status.userDir}`,
  );
  if (status.note !== null) lines.push(status.note);
  if (status.lastUpdate !== null) {
    const failed = status.lastUpdate.sources.filter((source) => source.outcome === 'failed').map((source) => source.name);
    lines.push(`last update ${status.lastUpdate.finishedAt}: ${failed.length === 0 ? 'complete' : `not updated: ${failed.join(', ')}`}`);
  }
  lines.push(
    renderTable(
      ['source', 'data as of', 'fetched', 'last check', 'files'],
      status.sources.map((source) => [
        source.name,
        source.asOf ?? '—',
        source.fetchedAt ?? (source.bundledOnly !== null ? 'bundled only' : 'bundled'),
        source.lastCheck === null ? '—' : `${source.lastCheck.outcome} ${source.lastCheck.at}${source.lastCheck.reason ? `\n${source.lastCheck.reason}` : ''}`,
        source.files.map((file) => `${file.url}\nsha256:${file.sha256.slice(0, 16)}`).join('\n') || (source.bundledOnly ?? ''),
      ]),
    ),
  );
  return `${lines.join('\n')}\n`;
}
