/** Small labels that carry their meaning in text, not in colour alone. */
export function WeightsBadge({ open }: { open: boolean | null }) {
  if (open === null) return <span class="badge">unknown</span>;
  return <span class={`badge ${open ? 'badge-open' : 'badge-closed'}`}>{open ? 'open' : 'closed'}</span>;
}

const VERDICT_CLASS: Record<string, string> = {
  'non-inferior': 'badge-good',
  allowed: 'badge-good',
  conditions: 'badge-warn',
  inconclusive: 'badge-warn',
  'not-enough-cases': 'badge-warn',
  'no-verdict': 'badge-warn',
  unknown: 'badge-warn',
  inferior: 'badge-bad',
  'not-allowed': 'badge-bad',
};

export function VerdictBadge({ verdict }: { verdict: string }) {
  return <span class={`badge ${VERDICT_CLASS[verdict] ?? ''}`}>{verdict}</span>;
}

export function PassBadge({ passes, attempts, errors }: { passes: number; attempts: number; errors: number }) {
  const all = passes === attempts && attempts > 0;
  const label = errors > 0 && passes === 0 ? 'error' : all ? 'pass' : passes === 0 ? 'fail' : 'mixed';
  const symbol = label === 'pass' ? '✓' : label === 'mixed' ? '±' : '✗';
  return (
    <span class={`badge badge-${label === 'pass' ? 'good' : label === 'mixed' ? 'warn' : 'bad'}`}>
      <span aria-hidden="true">{symbol} </span>
      {label}
      {attempts > 1 ? ` ${passes}/${attempts}` : ''}
    </span>
  );
}
