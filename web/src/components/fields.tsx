/**
 * Labelled form controls. Each has a visible <label>, an optional hint, and an error tied to the control with
 * aria-describedby / aria-invalid, so a screen reader reads what is wrong with the field it is on.
 */
import type { ComponentChildren } from 'preact';

interface Common {
  id: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
  error?: string | undefined;
}

function describedBy(id: string, hint: unknown, error: string | undefined): string | undefined {
  const ids = [hint === undefined ? null : `${id}-hint`, error === undefined ? null : `${id}-error`].filter((value) => value !== null);
  return ids.length === 0 ? undefined : ids.join(' ');
}

function Help({ id, hint, error }: { id: string; hint: ComponentChildren | undefined; error: string | undefined }) {
  return (
    <>
      {hint === undefined ? null : (
        <span class="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error === undefined ? null : (
        <span class="field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </>
  );
}

export function TextField({
  id,
  label,
  hint,
  error,
  value,
  onInput,
  type = 'text',
  list,
  placeholder,
  inputMode,
  step,
  min,
  max,
}: Common & {
  value: string;
  onInput: (value: string) => void;
  type?: 'text' | 'number' | 'search';
  list?: string;
  placeholder?: string;
  inputMode?: 'numeric' | 'decimal' | 'text' | 'search';
  step?: string;
  min?: string;
  max?: string;
}) {
  return (
    <div class={`field${error === undefined ? '' : ' has-error'}`}>
      <label for={id}>{label}</label>
      <input
        id={id}
        name={id}
        type={type}
        value={value}
        list={list}
        placeholder={placeholder}
        inputMode={inputMode}
        step={step}
        min={min}
        max={max}
        autocomplete="off"
        aria-invalid={error === undefined ? undefined : 'true'}
        aria-describedby={describedBy(id, hint, error)}
        onInput={(event) => onInput((event.currentTarget as HTMLInputElement).value)}
      />
      <Help id={id} hint={hint} error={error} />
    </div>
  );
}

export function SelectField<V extends string>({
  id,
  label,
  hint,
  error,
  value,
  options,
  onChange,
}: Common & { value: V; options: ReadonlyArray<{ value: V; label: string }>; onChange: (value: V) => void }) {
  return (
    <div class={`field${error === undefined ? '' : ' has-error'}`}>
      <label for={id}>{label}</label>
      <select
        id={id}
        name={id}
        value={value}
        aria-invalid={error === undefined ? undefined : 'true'}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(event) => onChange((event.currentTarget as HTMLSelectElement).value as V)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <Help id={id} hint={hint} error={error} />
    </div>
  );
}

export function CheckboxField({ id, label, hint, error, checked, onChange }: Common & { checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <div class={`field field-check${error === undefined ? '' : ' has-error'}`}>
      <input
        id={id}
        name={id}
        type="checkbox"
        checked={checked}
        aria-invalid={error === undefined ? undefined : 'true'}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(event) => onChange((event.currentTarget as HTMLInputElement).checked)}
      />
      <label for={id}>{label}</label>
      <Help id={id} hint={hint} error={error} />
    </div>
  );
}
