// A data table with a search box and optional filters above it.
import type { ComponentChildren } from 'preact';
import { html } from '../html.js';
import { t } from '../i18n/index.js';
import type { ApiError } from '../api.js';

export interface Column<R> {
  label: string;
  render: (row: R) => ComponentChildren;
  class?: string;
}

export function SearchBox(props: { value: string; onInput: (v: string) => void; placeholder?: string; label?: string }) {
  return html`<label class="search">
    <span class="sr-only">${props.label ?? t('common.search')}</span>
    <input
      type="search"
      name="q"
      value=${props.value}
      placeholder=${props.placeholder ?? t('common.searchHint')}
      autocomplete="off"
      onInput=${(e: Event) => props.onInput((e.currentTarget as HTMLInputElement).value)}
    />
  </label>`;
}

export function DataTable<R>(props: {
  columns: Column<R>[];
  rows: R[] | undefined;
  rowKey: (r: R) => string | number;
  loading?: boolean;
  error?: ApiError | null;
  empty?: string;
  toolbar?: ComponentChildren;
  label: string;
  rowClass?: (r: R) => string | undefined;
}) {
  const rows = props.rows ?? [];
  return html`<div class="table-block">
    ${props.toolbar ? html`<div class="toolbar">${props.toolbar}</div>` : null}
    ${props.error ? html`<div class="form-error" role="alert">${props.error.message}</div>` : null}
    <div class="table-scroll">
      <table class="data" aria-label=${props.label} aria-busy=${props.loading ? 'true' : 'false'}>
        <thead>
          <tr>${props.columns.map((c) => html`<th scope="col" class=${c.class?.replace(/\bmono\b/, '').trim() || undefined}>${c.label}</th>`)}</tr>
        </thead>
        <tbody>
          ${rows.map(
            (r) => html`<tr key=${props.rowKey(r)} class=${props.rowClass?.(r)}>
              ${props.columns.map((c) => html`<td class=${c.class}>${c.render(r)}</td>`)}
            </tr>`,
          )}
          ${!rows.length && !props.loading
            ? html`<tr><td class="empty" colspan=${props.columns.length}>${props.empty ?? t('common.noRows')}</td></tr>`
            : null}
        </tbody>
      </table>
    </div>
  </div>`;
}

export function Badge(props: { kind: 'ok' | 'off' | 'warn' | 'info'; children: ComponentChildren }) {
  return html`<span class=${'badge badge-' + props.kind}>${props.children}</span>`;
}
