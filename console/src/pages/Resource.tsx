import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api, seg } from '../api.ts';
import { can } from '../auth.ts';
import { Field, FormError, Loading, Page, Table, useData, useForm } from '../ui.tsx';

/** One form field of a resource: how it shows, and how its text becomes the API's JSON value. */
export interface FieldSpec {
  name: string;
  label: string;
  kind?: 'text' | 'number' | 'boolean' | 'list' | 'secret';
  options?: string[];
  hint?: string;
  /** The body path the API names in its messages when it is not `name` (`aes.keyHex`). */
  path?: string;
}

export interface ResourceSpec {
  title: string;
  /** `/v1/data-sources`: GET lists, PUT `{base}/{name}` saves. */
  base: string;
  /** Key of the array in the list answer (`dataSources`). */
  listKey: string;
  scope: string;
  columns: Array<[string, (item: Record<string, unknown>) => ComponentChildren]>;
  fields: FieldSpec[];
  /** Secrets (write-only): whether one is stored, from the item (`hasKey`). */
  secretSet?: (item: Record<string, unknown>) => boolean;
  rowActions?: (item: Record<string, unknown>) => ComponentChildren;
}

type Values = Record<string, string>;

function toText(value: unknown, kind: FieldSpec['kind']): string {
  if (value === undefined || value === null) return '';
  if (kind === 'list' && Array.isArray(value)) return value.join(', ');
  return String(value);
}

/** Builds the JSON body from the form's text: numbers, booleans, comma lists, `a.b` paths. */
export function toBody(fields: FieldSpec[], values: Values, withSecrets: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    const text = (values[field.name] ?? '').trim();
    if (text === '' || field.name === 'name' || (field.kind === 'secret' && !withSecrets)) continue;
    const value =
      field.kind === 'number'
        ? Number(text)
        : field.kind === 'boolean'
          ? text === 'true'
          : field.kind === 'list'
            ? text
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean)
            : text;
    // One level of nesting is all the API's bodies have (`aes.keyHex`).
    const [head = field.name, leaf] = (field.path ?? field.name).split('.');
    body[head] = leaf ? { ...(body[head] as object | undefined), [leaf]: value } : value;
  }
  return body;
}

function Editor(props: { spec: ResourceSpec; item?: Record<string, unknown>; onSaved: () => void }) {
  const { spec, item } = props;
  const choices = (f: FieldSpec) => (f.kind === 'boolean' ? ['false', 'true'] : f.options);
  const initial: Values = Object.fromEntries(
    spec.fields.map((f) => [
      f.name,
      f.kind === 'secret' ? '' : toText(item?.[f.name], f.kind) || (choices(f)?.[0] ?? ''),
    ]),
  );
  const form = useForm(initial);
  const stored = item && spec.secretSet ? spec.secretSet(item) : false;
  const [replacing, setReplacing] = useState(!stored);
  const [saved, setSaved] = useState('');
  const errors = Object.fromEntries(
    Object.entries(form.errors).map(([field, message]) => [
      spec.fields.find((f) => f.path === field || (f.path && field.startsWith(`${f.path}.`)))?.name ?? field,
      message,
    ]),
  );
  const save = (e: Event) => {
    e.preventDefault();
    setSaved('');
    void form.submit(async () => {
      const name = form.values.name ?? '';
      await api('PUT', `${spec.base}/${seg(name)}`, toBody(spec.fields, form.values, replacing));
      setSaved(`Saved ${name}.`);
      props.onSaved();
    });
  };
  return (
    <form class="card" onSubmit={save} aria-label={`${item ? 'Edit' : 'New'} ${spec.title}`}>
      <h2>{item ? `Edit ${String(item.name)}` : 'New'}</h2>
      <div class="grid">
        {spec.fields.map((f) =>
          f.kind === 'secret' && !replacing ? null : (
            <Field
              key={f.name}
              name={f.name}
              label={f.label}
              type={f.kind === 'secret' ? 'password' : f.kind === 'number' ? 'number' : 'text'}
              value={form.values[f.name] ?? ''}
              errors={errors}
              options={choices(f)}
              hint={f.hint}
              onInput={form.set(f.name)}
            />
          ),
        )}
      </div>
      {spec.secretSet && (
        <p>
          Secret: {stored ? 'set' : 'not set'}{' '}
          {stored && !replacing && (
            <button type="button" onClick={() => setReplacing(true)}>
              Replace
            </button>
          )}
        </p>
      )}
      <FormError errors={errors} known={spec.fields.map((f) => f.name)} />
      <button type="submit" disabled={form.busy || !can(spec.scope)}>
        Save
      </button>{' '}
      <span role="status">{saved}</span>
    </form>
  );
}

/** A list of resources and a form to create or edit one, with the API's own messages per field. */
export function Resource(props: { spec: ResourceSpec }) {
  const { spec } = props;
  const [editing, setEditing] = useState<Record<string, unknown> | undefined>(undefined);
  const [formKey, setFormKey] = useState(0);
  const { data, error, reload } = useData(
    () => api<Record<string, Array<Record<string, unknown>>>>('GET', spec.base),
    [spec.base],
  );
  const edit = (item?: Record<string, unknown>) => {
    setEditing(item);
    setFormKey((k) => k + 1);
  };
  const items = data?.[spec.listKey] ?? [];
  return (
    <Page
      title={spec.title}
      actions={
        can(spec.scope) && (
          <button type="button" onClick={() => edit(undefined)}>
            New
          </button>
        )
      }
    >
      {data ? (
        <Table
          caption={spec.title}
          head={[...spec.columns.map(([h]) => h), '']}
          rows={items.map((item) => [
            ...spec.columns.map(([, cell]) => cell(item)),
            <span class="actions">
              {can(spec.scope) && (
                <button type="button" onClick={() => edit(item)} aria-label={`Edit ${String(item.name)}`}>
                  Edit
                </button>
              )}
              {spec.rowActions?.(item)}
            </span>,
          ])}
        />
      ) : (
        <Loading error={error} />
      )}
      {can(spec.scope) && <Editor key={formKey} spec={spec} item={editing} onSaved={reload} />}
    </Page>
  );
}
