// Pieces the report pages share: the Excel export button, yuan, quantity text, the location.
import { useState } from 'preact/hooks';
import { ApiError, download, type Query } from '../../../api.js';
import { toast } from '../../../components/toast.js';
import { html } from '../../../html.js';
import { formatYuan, qtyText } from '../format.js';
import { t } from './i18n.js';

export { formatYuan, qtyText };

/** 导出 Excel: the same report with format=xlsx, saved under `filename`. */
export function ExportButton(props: { path: string; query: Query; filename: string; disabled?: boolean }) {
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      await download(props.path, { ...props.query, format: 'xlsx' }, props.filename);
    } catch (e) {
      toast(e instanceof ApiError ? e.message : String(e), 'error');
    } finally {
      setBusy(false);
    }
  };
  return html`<button type="button" class="btn" name="export" disabled=${busy || props.disabled} onClick=${run}>${busy ? t('exporting') : t('export')}</button>`;
}

export function ErrorLine(props: { error: ApiError | null }) {
  return props.error ? html`<div class="form-error" role="alert">${props.error.message}</div>` : null;
}

/** "YYYY-MM-DD" of the browser's today, and its month. */
export function todayDay(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
