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

/**
 * The width (in em of the field's font) that shows a hint whole: a Chinese character is about
 * 1 em, a Latin letter or digit about 0.55 em, plus the padding and the search field's clear button.
 */
export function hintWidthEm(hint: string): number {
  let em = 0;
  for (const ch of hint) em += /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/.test(ch) ? 1 : 0.55;
  return Math.ceil(em + 2.5);
}

export function SearchBox(props: {
  value: string;
  onInput: (v: string) => void;
  placeholder?: string;
  label?: string;
}) {
  const hint = props.placeholder ?? t('common.searchHint');
  // At least as wide as its hint where the row has the room, so the hint is never cut off.
  return html`<label class="search" style=${`min-width: min(100%, ${hintWidthEm(hint)}em)`}>
    <span class="sr-only">${props.label ?? t('common.search')}</span>
    <input
      type="search"
      name="q"
      value=${props.value}
      placeholder=${hint}
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
          <tr>${props.columns.map(
            (c) => html`<th scope="col"
            class=${c.class?.replace(/\bmono\b/, '').trim() || undefined}>${c.label}</th>`,
          )}</tr>
        </thead>
        <tbody>
          ${rows.map(
            (r) => html`<tr key=${props.rowKey(r)} class=${props.rowClass?.(r)}>
              ${props.columns.map((c) => html`<td class=${c.class}>${c.render(r)}</td>`)}
            </tr>`,
          )}
          ${
            !rows.length && !props.loading
              ? html`<tr><td class="empty" colspan=${props.columns.length}>${props.empty ?? t('common.noRows')}</td>
                </tr>`
              : null
          }
        </tbody>
      </table>
    </div>
  </div>`;
}

export function Badge(props: { kind: 'ok' | 'off' | 'warn' | 'info'; children: ComponentChildren }) {
  return html`<span class=${'badge badge-' + props.kind}>${props.children}</span>`;
}
