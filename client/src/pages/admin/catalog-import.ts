// The dictionary import dialog: choose an .xlsx file, check it (nothing written), read the
// row-by-row report (row, column, problem), then "import all" when there are no errors or
// "import the good rows only" when some rows are bad. A wrong header is one clear message.
// Used by the dictionary page and the suppliers page (the same report shape).
import { useState } from 'preact/hooks';
import { type ApiError, XLSX_TYPE, newKey, post } from '../../api.js';
import { Dialog } from '../../components/dialog.js';
import { toast } from '../../components/toast.js';
import { html } from '../../html.js';
import { t } from './catalog.i18n.js';
import type { ImportReport } from '../../../../server/modules/catalog/admin-schema.js';

/** `path`: the import endpoint (`?mode=` is added); `title`: the dialog title (default 导入 Excel). */
export function ImportDialog(props: { path?: string; title?: string; onClose: () => void }) {
  const path = props.path ?? '/api/catalog/admin/import';
  const [file, setFile] = useState<{ name: string; size: number; bytes: ArrayBuffer } | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);
  // One key per import intent: a double click or a retry of the same import has one effect.
  const [key, setKey] = useState(newKey);

  const choose = async (e: Event) => {
    const f = (e.currentTarget as HTMLInputElement).files?.[0];
    setReport(null);
    setError(null);
    setKey(newKey());
    if (!f) return setFile(null);
    try {
      setFile({ name: f.name, size: f.size, bytes: await f.arrayBuffer() });
    } catch (x) {
      setFile(null);
      setError(t('imp.readFailed', { message: String((x as Error).message ?? x) }));
    }
  };

  const send = async (mode: 'check' | 'all' | 'good-rows') => {
    if (!file || busy) return;
    setBusy(mode === 'check' ? 'check' : 'import');
    setError(null);
    try {
      const r = await post<ImportReport>(`${path}?mode=${mode}`, file.bytes, {
        contentType: XLSX_TYPE,
        idempotencyKey: mode === 'check' ? newKey() : key,
      });
      setReport(r);
      if (r.imported) toast(t('imp.done', { created: r.created, updated: r.updated, unchanged: r.unchanged }));
    } catch (x) {
      const e = x as ApiError;
      setReport((e.details as { report?: ImportReport } | undefined)?.report ?? null);
      setError(e.message);
    } finally {
      setBusy(null);
    }
  };

  const nErrors = report ? report.errors.length + report.moreErrors : 0;
  return html`<${Dialog} wide title=${props.title ?? t('import')} onClose=${props.onClose}>
    <p class="muted">${t('imp.intro')}</p>
    <div class="field">
      <label for="import-file">${t('imp.file')}</label>
      <input id="import-file" name="file" type="file" accept=".xlsx,${XLSX_TYPE}" onChange=${choose} />
      ${
        file
          ? html`<div class="muted small"
        data-testid="chosen">${t('imp.chosen', { name: file.name, size: Math.max(1, Math.round(file.size / 1024)) })}
          </div>`
          : null
      }
    </div>
    <div class="actions">
      <button type="button" class="btn btn-primary" disabled=${!file || !!busy || report?.imported}
        onClick=${() => send('check')}>${busy === 'check' ? t('imp.checking') : t('imp.check')}</button>
      ${
        report && !report.imported && nErrors === 0 && report.valid > 0
          ? html`<button type="button" class="btn btn-primary" disabled=${!!busy}
            onClick=${() => send('all')}>${busy === 'import' ? t('imp.busy') : t('imp.all')}</button>`
          : null
      }
      ${
        report && !report.imported && nErrors > 0 && report.valid > 0
          ? html`<button type="button" class="btn" disabled=${!!busy}
            onClick=${() => send('good-rows')}>${
              busy === 'import' ? t('imp.busy') : t('imp.good', { n: report.valid })
            }</button>`
          : null
      }
    </div>
    ${error ? html`<div class="form-error" role="alert">${error}</div>` : null}
    ${
      report
        ? html`<section data-testid="import-report" aria-label=${props.title ?? t('import')}>
          <p><strong>${
            report.imported
              ? t('imp.done', { created: report.created, updated: report.updated, unchanged: report.unchanged })
              : t('imp.plan', { created: report.created, updated: report.updated, unchanged: report.unchanged })
          }</strong></p>
          <p>${t('imp.summary', { rows: report.rows, valid: report.valid, errors: nErrors })}</p>
          ${nErrors === 0 && !report.imported ? html`<p>${t('imp.noErrors')}</p>` : null}
          ${
            report.errors.length
              ? html`<div class="table-scroll">
                <table class="data">
                  <thead><tr><th scope="col">${t('imp.row')}</th><th scope="col">${t('imp.column')}</th><th
                    scope="col">${t('imp.message')}</th></tr></thead>
                  <tbody>
                    ${report.errors.map(
                      (e, n) =>
                        html`<tr key=${n} data-row=${e.row} class="row-error"><td class="num">${e.row}</td>
                          <td>${e.column}</td><td>${e.message}</td></tr>`,
                    )}
                  </tbody>
                </table>
              </div>`
              : null
          }
          ${report.moreErrors ? html`<p class="muted small">${t('imp.more', { n: report.moreErrors })}</p>` : null}
        </section>`
        : null
    }
  <//>`;
}
