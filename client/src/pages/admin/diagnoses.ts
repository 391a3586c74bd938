// The ICD-10 catalog import (诊断字典导入): choose the center's CSV file, send it to
// POST /api/diagnoses/import, and show the row-by-row report. When rows are bad nothing is
// imported; the report lists them and "import the good rows" sends the same file again with
// importGoodRows=true.
import { useState } from 'preact/hooks';
import { type ApiError, post } from '../../api.js';
import { PageHead } from '../../components/layout.js';
import { toast } from '../../components/toast.js';
import { html } from '../../html.js';
import { t as tg } from '../../i18n/index.js';
import { AdminFrame } from './frame.js';
import { t } from './diagnoses.i18n.js';
import type { ImportReport } from '../../../../server/modules/diagnoses/schema.js';

/** Rows listed besides the bad ones (a full catalog has tens of thousands). */
const OTHERS_SHOWN = 200;

export function DiagnosesImportPage() {
  const [file, setFile] = useState<{ name: string; size: number; text: string } | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const choose = async (e: Event) => {
    const f = (e.currentTarget as HTMLInputElement).files?.[0];
    setReport(null);
    setError(null);
    if (!f) return setFile(null);
    try {
      setFile({ name: f.name, size: f.size, text: await f.text() });
    } catch (x) {
      setFile(null);
      setError(t('readFailed', { message: String((x as Error).message ?? x) }));
    }
  };

  const send = async (goodRows: boolean) => {
    if (!file) return setError(t('choose'));
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const r = await post<ImportReport>(`/api/diagnoses/import${goodRows ? '?importGoodRows=true' : ''}`, file.text, {
        contentType: 'text/csv',
      });
      setReport(r);
      toast(t('done', { inserted: r.inserted, updated: r.updated, unchanged: r.unchanged }));
    } catch (x) {
      const e = x as ApiError;
      const rep = (e.details as { report?: ImportReport } | undefined)?.report ?? null;
      setReport(rep);
      setError(e.message);
    } finally {
      setBusy(false);
    }
  };

  const bad = report?.rows.filter((r) => r.status === 'error') ?? [];
  const others = report?.rows.filter((r) => r.status !== 'error').slice(0, OTHERS_SHOWN) ?? [];
  const shown = [...bad, ...others].sort((a, b) => a.line - b.line);
  const goodCount = report ? report.total - report.errors : 0;

  return html`<${AdminFrame}>
    <${PageHead} title=${tg('admin.diagnoses')} />
    <p class="muted">${t('intro')}</p>
    <form
      class="form"
      onSubmit=${(e: Event) => {
        e.preventDefault();
        void send(false);
      }}
    >
      <div class="field">
        <label for="icd-file">${t('file')}</label>
        <input id="icd-file" name="file" type="file" accept=".csv,text/csv" onChange=${choose} />
        ${
          file
            ? html`<div class="muted small"
          data-testid="chosen">${t('chosen', { name: file.name, size: Math.max(1, Math.round(file.size / 1024)) })}
            </div>`
            : null
        }
      </div>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled=${busy || !file}>${busy ? t('busy') : t('import')}
          </button>
        ${
          report && !report.imported && report.errors > 0 && goodCount > 0
            ? html`<button type="button" class="btn" disabled=${busy}
              onClick=${() => send(true)}>${t('importGood', { n: goodCount })}</button>`
            : null
        }
      </div>
    </form>
    ${error ? html`<div class="form-error" role="alert">${error}</div>` : null}
    ${
      report
        ? html`<section aria-labelledby="icd-report" data-testid="import-report">
          <h2 id="icd-report">
            ${
              report.imported
                ? t('done', { inserted: report.inserted, updated: report.updated, unchanged: report.unchanged })
                : t('notImported')
            }
          </h2>
          <p>${t('summary', { total: report.total, errors: report.errors })}</p>
          ${
            report.rows.length > shown.length
              ? html`<p class="muted small">${t('shown', { n: OTHERS_SHOWN })}
            </p>`
              : null
          }
          <table class="data">
            <thead>
              <tr><th>${t('col.line')}</th><th>${t('col.code')}</th><th>${t('col.status')}</th><th>${t('col.message')}
                </th></tr>
            </thead>
            <tbody>
              ${shown.map(
                (r) => html`<tr key=${r.line} data-line=${r.line} class=${r.status === 'error' ? 'row-error' : ''}>
                  <td>${r.line}</td>
                  <td>${r.code}</td>
                  <td><span class=${'badge' + (r.status === 'error' ? ' badge-warn' : ' badge-ok')}>${t(
                    ('status.' + r.status) as 'status.error',
                  )}</span></td>
                  <td>${r.message ?? ''}</td>
                </tr>`,
              )}
            </tbody>
          </table>
        </section>`
        : null
    }
  <//>`;
}
