// Form fields that show the server's error next to the field it names, and a small form
// state hook: values, the last ApiError, busy while submitting.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from '../api.js';
import { html } from '../html.js';
import { t } from '../i18n/index.js';
import { toast } from './toast.js';

export interface FormState<T> {
  values: T;
  set: <K extends keyof T>(k: K, v: T[K]) => void;
  setAll: (v: T) => void;
  error: ApiError | null;
  setError: (e: ApiError | null) => void;
  busy: boolean;
  submit: (fn: (v: T) => Promise<void>) => (e?: Event) => Promise<void>;
}

export function useForm<T>(initial: T): FormState<T> {
  const [values, setValues] = useState<T>(initial);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  return {
    values,
    set: (k, v) => setValues((prev) => ({ ...prev, [k]: v })),
    setAll: setValues,
    error,
    setError,
    busy,
    submit: (fn) => async (e) => {
      e?.preventDefault();
      if (busy) return;
      setBusy(true);
      setError(null);
      try {
        await fn(values);
      } catch (err) {
        if (err instanceof ApiError) {
          setError(err);
          if (err.field) {
            // Put the cursor where the fix belongs.
            const el = document.querySelector<HTMLElement>(`[name="${CSS.escape(err.field)}"]`);
            el?.focus();
          }
        } else {
          toast(t('error.unexpected'), 'error');
          console.error(err);
        }
      } finally {
        setBusy(false);
      }
    },
  };
}

const onField = (field: string, name: string) => field === name || field.startsWith(name + '.');

/**
 * The message to show on field `name`: the error's own field, else any other field the server
 * listed in `details.issues` (a 422 names every bad field at once, each as a sentence).
 */
export function fieldError(error: ApiError | null | undefined, name: string): string | null {
  if (!error) return null;
  if (error.field && onField(error.field, name)) return error.message;
  const issues = error.details?.issues;
  if (!Array.isArray(issues)) return null;
  const hit = (issues as Array<{ field?: unknown; message?: unknown }>).find(
    (i) => typeof i.field === 'string' && typeof i.message === 'string' && onField(i.field, name),
  );
  return hit ? (hit.message as string) : null;
}

/** The error of a form that no field shows (no field named, or a field not on this form). */
export function FormError(props: { error: ApiError | null; fields: string[] }) {
  const e = props.error;
  if (!e) return null;
  if (e.field && props.fields.some((f) => e.field === f || e.field!.startsWith(f + '.'))) return null;
  return html`<div class="form-error" role="alert">${e.message}</div>`;
}

interface BaseProps {
  label: string;
  name: string;
  error?: ApiError | null;
  hint?: string;
  required?: boolean;
}

function Wrap(props: BaseProps & { children: ComponentChildren; id: string }) {
  const msg = fieldError(props.error, props.name);
  return html`<div class=${msg ? 'field field-invalid' : 'field'}>
    <div class="label-row"><label for=${props.id}>${props.label}</label>${
      props.required
        ? html`<span class="req"
      aria-hidden="true">*</span>`
        : null
    }</div>
    ${props.children}
    ${props.hint ? html`<div class="hint" id=${props.id + '-hint'}>${props.hint}</div>` : null}
    ${msg ? html`<div class="field-msg" role="alert" id=${props.id + '-err'}>${msg}</div>` : null}
  </div>`;
}

let uid = 0;
function useId(name: string) {
  const [id] = useState(() => `f-${name.replace(/\W/g, '-')}-${++uid}`);
  return id;
}

export function TextField(
  props: BaseProps & {
    value: string;
    onInput: (v: string) => void;
    type?: string;
    maxLength?: number;
    autoComplete?: string;
    disabled?: boolean;
    placeholder?: string;
    list?: string;
  },
) {
  const id = useId(props.name);
  const invalid = !!fieldError(props.error, props.name);
  return html`<${Wrap} ...${props} id=${id}>
    <input
      id=${id}
      name=${props.name}
      type=${props.type ?? 'text'}
      value=${props.value}
      maxLength=${props.maxLength}
      autocomplete=${props.autoComplete ?? 'off'}
      disabled=${props.disabled}
      placeholder=${props.placeholder}
      list=${props.list}
      required=${props.required}
      aria-invalid=${invalid ? 'true' : undefined}
      aria-describedby=${invalid ? id + '-err' : props.hint ? id + '-hint' : undefined}
      onInput=${(e: Event) => props.onInput((e.currentTarget as HTMLInputElement).value)}
    />
  <//>`;
}

export function NumberField(
  props: BaseProps & { value: number; onInput: (v: number) => void; min?: number; max?: number },
) {
  const id = useId(props.name);
  const invalid = !!fieldError(props.error, props.name);
  return html`<${Wrap} ...${props} id=${id}>
    <input
      id=${id}
      name=${props.name}
      type="number"
      inputmode="numeric"
      step="1"
      min=${props.min}
      max=${props.max}
      value=${String(props.value)}
      aria-invalid=${invalid ? 'true' : undefined}
      onInput=${(e: Event) => {
        const v = (e.currentTarget as HTMLInputElement).value;
        props.onInput(/^-?\d+$/.test(v) ? Number(v) : NaN);
      }}
    />
  <//>`;
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField(
  props: BaseProps & {
    value: string;
    options: Option[];
    onChange: (v: string) => void;
    disabled?: boolean;
    empty?: string;
  },
) {
  const id = useId(props.name);
  const invalid = !!fieldError(props.error, props.name);
  return html`<${Wrap} ...${props} id=${id}>
    <select
      id=${id}
      name=${props.name}
      value=${props.value}
      disabled=${props.disabled}
      aria-invalid=${invalid ? 'true' : undefined}
      onChange=${(e: Event) => props.onChange((e.currentTarget as HTMLSelectElement).value)}
    >
      ${props.empty !== undefined ? html`<option value="">${props.empty}</option>` : null}
      ${props.options.map((o) => html`<option key=${o.value} value=${o.value}>${o.label}</option>`)}
    </select>
  <//>`;
}

export function CheckField(props: {
  label: string;
  name: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  disabled?: boolean;
  error?: ApiError | null;
}) {
  const msg = fieldError(props.error, props.name);
  return html`<div class="field field-check">
    <label>
      <input type="checkbox" name=${props.name} checked=${props.checked} disabled=${props.disabled}
        onChange=${(e: Event) => props.onChange((e.currentTarget as HTMLInputElement).checked)} />
      <span>${props.label}</span>
    </label>
    ${msg ? html`<div class="field-msg" role="alert">${msg}</div>` : null}
  </div>`;
}

/** The submit / cancel row at the bottom of a form. */
export function FormActions(props: { busy: boolean; submitLabel: string; onCancel?: () => void }) {
  return html`<div class="actions">
    <button type="submit" class="btn btn-primary"
      disabled=${props.busy}>${props.busy ? t('common.working') : props.submitLabel}</button>
    ${
      props.onCancel
        ? html`<button type="button" class="btn" onClick=${props.onCancel}>${t('common.cancel')}
      </button>`
        : null
    }
  </div>`;
}
