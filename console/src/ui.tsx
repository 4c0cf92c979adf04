import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from './api.ts';

/** Loads data, reloading every `refreshMs` while `live` says so; errors are shown, not thrown. */
export function useData<T>(
  load: () => Promise<T>,
  deps: unknown[],
  live?: (data: T) => boolean,
  refreshMs = 2000,
) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let stop = false;
    let timer: number | undefined;
    load().then(
      (value) => {
        if (stop) return;
        setData(value);
        setError(undefined);
        if (live?.(value)) timer = window.setTimeout(() => setTick((t) => t + 1), refreshMs);
      },
      (e: unknown) => !stop && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      stop = true;
      window.clearTimeout(timer);
    };
  }, [...deps, tick]);
  return { data, error, reload: () => setTick((t) => t + 1) };
}

export function Page(props: { title: string; actions?: ComponentChildren; children: ComponentChildren }) {
  return (
    <section aria-labelledby="page-title">
      <header class="page-head">
        <h1 id="page-title">{props.title}</h1>
        {props.actions}
      </header>
      {props.children}
    </section>
  );
}

export function Loading(props: { error?: string | undefined }) {
  return props.error ? (
    <p class="error" role="alert">
      {props.error}
    </p>
  ) : (
    <p aria-live="polite">Loading…</p>
  );
}

export function Status(props: { status: string }) {
  return <span class={`badge badge-${props.status}`}>{props.status}</span>;
}

export function Counters(props: { items: Array<[string, number | string | undefined]> }) {
  return (
    <dl class="counters">
      {props.items.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{typeof value === 'number' ? value.toLocaleString('en') : (value ?? '–')}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Table(props: {
  caption: string;
  head: string[];
  rows: ComponentChildren[][];
  empty?: string;
}) {
  if (props.rows.length === 0) return <p class="muted">{props.empty ?? 'Nothing yet.'}</p>;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a table wider than a phone's screen scrolls; a keyboard can only scroll what it can focus (axe: scrollable-region-focusable)
    <section class="table-wrap" tabIndex={0} aria-label={props.caption}>
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {props.head.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((cells, i) => (
            <tr key={i}>
              {cells.map((cell, j) => (
                <td key={j}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function Progress(props: { value: number; max: number; label: string }) {
  const pct = props.max > 0 ? Math.min(100, Math.round((props.value / props.max) * 100)) : 0;
  return (
    <div class="progress">
      <progress value={props.value} max={props.max || 1} aria-label={props.label} />
      <span>{pct}%</span>
    </div>
  );
}

/** A form's state: values by field, the API's per-field messages, and one submit that maps them. */
export function useForm<T extends Record<string, string>>(initial: T) {
  const [values, setValues] = useState<T>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const set = (name: keyof T & string) => (e: Event) =>
    setValues((v) => ({ ...v, [name]: (e.currentTarget as HTMLInputElement).value }));
  const submit = async (send: () => Promise<void>) => {
    setBusy(true);
    setErrors({});
    try {
      await send();
    } catch (e) {
      if (e instanceof ApiError) setErrors({ [e.field ?? 'form']: e.message });
      else setErrors({ form: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };
  return { values, setValues, errors, busy, set, submit };
}

/** A labelled input whose API message (matched by field name or a field under it) shows below it. */
export function Field(props: {
  name: string;
  label: string;
  value: string;
  errors: Record<string, string>;
  onInput: (e: Event) => void;
  type?: string;
  options?: string[];
  hint?: string;
  placeholder?: string;
}) {
  const id = `f-${props.name}`;
  const message = Object.entries(props.errors).find(
    ([field]) => field === props.name || field.startsWith(`${props.name}.`),
  )?.[1];
  const describedBy = message ? `${id}-error` : props.hint ? `${id}-hint` : undefined;
  const common = {
    id,
    name: props.name,
    value: props.value,
    'aria-invalid': message ? true : undefined,
    'aria-describedby': describedBy,
  };
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.options ? (
        <select {...common} onChange={props.onInput}>
          {props.options.map((o) => (
            <option key={o} value={o}>
              {o || '—'}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          type={props.type ?? 'text'}
          placeholder={props.placeholder}
          onInput={props.onInput}
        />
      )}
      {props.hint && !message && (
        <small id={`${id}-hint`} class="muted">
          {props.hint}
        </small>
      )}
      {message && (
        <small id={`${id}-error`} class="error" role="alert">
          {message}
        </small>
      )}
    </div>
  );
}

export function FormError(props: { errors: Record<string, string>; known: string[] }) {
  const other = Object.entries(props.errors).filter(
    ([field]) => !props.known.some((k) => field === k || field.startsWith(`${k}.`)),
  );
  return other.length ? (
    <p class="error" role="alert">
      {other.map(([, m]) => m).join('; ')}
    </p>
  ) : null;
}

export const formatDate = (iso?: string) =>
  iso ? new Date(iso).toISOString().slice(0, 19).replace('T', ' ') : '–';

export function duration(from?: string, to?: string): string {
  if (!from || !to) return '–';
  const ms = Date.parse(to) - Date.parse(from);
  if (!(ms >= 0)) return '–';
  return ms < 1000
    ? `${ms} ms`
    : ms < 120_000
      ? `${(ms / 1000).toFixed(1)} s`
      : `${Math.round(ms / 60_000)} min`;
}

export const percent = (part: number, whole: number) =>
  whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : '–';
