/** A column header that sorts the table: a button inside a <th> carrying aria-sort. */
import type { ComponentChildren } from 'preact';

export interface SortState<K extends string> {
  key: K;
  order: 'asc' | 'desc';
}

export function SortHeader<K extends string>({
  column,
  sort,
  onSort,
  children,
  numeric = false,
  title,
}: {
  column: K;
  sort: SortState<K>;
  onSort: (next: SortState<K>) => void;
  children: ComponentChildren;
  numeric?: boolean;
  title?: string;
}) {
  const active = sort.key === column;
  const next: SortState<K> = { key: column, order: active ? (sort.order === 'asc' ? 'desc' : 'asc') : numeric ? 'desc' : 'asc' };
  return (
    <th scope="col" aria-sort={active ? (sort.order === 'asc' ? 'ascending' : 'descending') : 'none'} class={numeric ? 'num' : undefined}>
      <button type="button" class="sort" onClick={() => onSort(next)} title={title} data-sort={column}>
        {children}
        <span aria-hidden="true" class="sort-mark">
          {active ? (sort.order === 'asc' ? ' ▲' : ' ▼') : ' ↕'}
        </span>
      </button>
    </th>
  );
}
