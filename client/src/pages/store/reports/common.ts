// Pieces the report pages share: the Excel export button, yuan, quantity text, the location.
import { useState } from 'preact/hooks';
import { ApiError, download, get, type Query } from '../../../api.js';
import { toast } from '../../../components/toast.js';
import { useResource } from '../../../hooks.js';
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
  return html`<button type="button" class="btn" name="export" disabled=${busy || props.disabled}
    onClick=${run}>${busy ? t('exporting') : t('export')}</button>`;
}

export function ErrorLine(props: { error: ApiError | null }) {
  return props.error ? html`<div class="form-error" role="alert">${props.error.message}</div>` : null;
}

export interface ServerToday {
  /** The institution's business day "YYYY-MM-DD" (its time zone, the server's clock). */
  today: string;
  /** Its month "YYYY-MM". */
  month: string;
  timeZone: string;
}

/**
 * The center's today from the server, not the browser's clock: a workstation with a wrong
 * clock or time zone still opens the reports on the center's day and month.
 */
export function useServerToday() {
  return useResource(() => get<ServerToday>('/api/stock/reports/today'), []);
}
