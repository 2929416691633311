/** The recommendation's line when the memo routes by a cascade, with the assumptions it rests on. */
import type { MemoCascade } from './cascade-evidence.js';

function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`;
}

export function cascadeReason(cascade: MemoCascade): string {
  const cheapest = cascade.points.find((point) => point.strategy === cascade.cheapest);
  const router = cascade.points.find((point) => point.strategy === 'router');
  const how = cascade.cheapest === 'gated-cascade' ? 'a router-gated cascade' : 'a cascade';
  return (
    `routing by ${how} ${cascade.models.join(' → ')} (the open model answers, a verifier escalates what it rejects): ` +
    `in the replay [C] it reached the target pass rate ${percent(cascade.targetPassRate)} ${percent(cheapest?.savings)} below always-frontier, ` +
    `the learned router ${router?.reached === true ? `${percent(router.savings)} below` : 'not at all'}; ` +
    `${percent(cascade.frontierCallShare)} of requests reach the frontier model; assumes a verifier with false-accept ${cascade.falseAccept} and false-reject ${cascade.falseReject}`
  );
}
