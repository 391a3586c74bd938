// The printing page (打印): the print jobs of the workstation this browser is bound to (and,
// for devices.manage, every workstation's jobs, optionally filtered) with their status live
// (pushed as print:job-updated), preview and reprint; previews of every layout with sample data at 58
// and 80 mm; a test page; and (devices.manage) the invoice form template with a test print.
import { useEffect, useState } from 'preact/hooks';
import { PRINT_EVENTS } from '../../../../core/contract.js';
import { ApiError, get, newKey, post, put, type ResponseOf } from '../../api.js';
import { PageHead } from '../../components/layout.js';
import { Badge } from '../../components/table.js';
import { toast } from '../../components/toast.js';
import { useLive, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { lang } from '../../i18n/index.js';
import { can, workstation } from '../../session.js';
import { dateTimeSecondsText } from '../../time.js';
import { t, type PrintKey } from './i18n.js';
import type { JobList, LpResult, TestResult } from '../../../../server/modules/printing/schema.js';
import type { InvoiceTemplate as InvoiceTemplateOut } from '../../../../server/modules/printing/schema.js';

const LAYOUTS = [
  'queue-ticket',
  'receipt',
  'rx-slip',
  'drug-label',
  'shift-report',
  'deposit-receipt',
  'wristband',
  'bed-card',
] as const;
const FIELDS = [
  'institution',
  'invoiceNo',
  'date',
  'patientName',
  'mrn',
  'payer',
  'items',
  'total',
  'totalUpper',
  'cashier',
] as const;
const KIND = { pending: 'info', printing: 'info', done: 'ok', failed: 'warn', cancelled: 'off' } as const;
const time = (ms: number) => dateTimeSecondsText(ms);
const msg = (e: unknown) => (e instanceof ApiError ? e.message : String(e));

/** An HTML preview (the server checks the browser's bound workstation), shown in a sandboxed frame. */
function Preview(props: { path: string }) {
  const [doc, setDoc] = useState('');
  const [failed, setFailed] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    const headers: Record<string, string> = { 'x-lang': lang.value };
    let live = true;
    setFailed(null);
    const load = (attempt: number): void => {
      void fetch(props.path, { headers, credentials: 'same-origin' })
        .then(async (r) => {
          if (!r.ok) throw new Error(`HTTP ${r.status}`);
          return r.text();
        })
        .then((s) => live && setDoc(s))
        .catch((e: unknown) => {
          if (!live) return;
          // A dropped request (busy box, a reused connection reset, server restarting): retry with
          // growing pauses (0.5, 1, 2, 4 s), then say so beside the frame with a retry button.
          if (attempt < 4) setTimeout(() => load(attempt + 1), 500 * 2 ** attempt);
          else setFailed(msg(e));
        });
    };
    load(0);
    return () => {
      live = false;
    };
  }, [props.path, round]);
  return html`${
    failed === null
      ? null
      : html`<div class="form-error" role="alert" data-preview-error>${t('preview.failed', { error: failed })}
        <button type="button" class="btn btn-small"
          onClick=${() => setRound(round + 1)}>${t('preview.retry')}</button></div>`
  }<iframe class="print-preview" data-preview=${props.path} sandbox="" title=${t('preview')} srcdoc=${doc}
    style="width:100%;height:560px;border:1px solid #ccc;background:#e5e7eb"></iframe>`;
}

function Jobs() {
  const ws = workstation.value;
  // devices.manage sees every workstation's jobs without choosing one; the filter is optional.
  const manages = can('devices.manage');
  const [status, setStatus] = useState('');
  const [wsFilter, setWsFilter] = useState('');
  const [preview, setPreview] = useState<number | null>(null);
  const stations = useResource(
    () =>
      manages
        ? get<{ items: Array<{ id: number; name: string }> }>('/api/workstations')
        : Promise.resolve({ items: [] }),
    [manages],
  );
  const wsName = (id: number | null) =>
    id === null ? '—' : (stations.data?.items.find((w) => w.id === id)?.name ?? `#${id}`);
  const jobs = useResource(
    () =>
      manages
        ? get<ResponseOf<typeof JobList>>('/api/printing/jobs', {
            workstationId: wsFilter || undefined,
            status: status || undefined,
            limit: 50,
          })
        : ws
          ? get<ResponseOf<typeof JobList>>('/api/printing/jobs', { status: status || undefined, limit: 50 })
          : Promise.resolve({ items: [] }),
    [manages, ws?.id, wsFilter, status],
  );
  useLive([PRINT_EVENTS.jobUpdated], jobs.reload);
  const reprint = async (id: number) => {
    try {
      await post(`/api/printing/jobs/${id}/reprint`, {}, { idempotencyKey: newKey() });
      toast(t('reprinted'), 'ok');
      jobs.reload();
    } catch (e) {
      toast(msg(e), 'error');
    }
  };
  if (!ws && !manages) return html`<p class="muted">${t('noWorkstation')}</p>`;
  const items = jobs.data?.items ?? [];
  return html`<section>
    <h2>${manages ? t('jobs.every') : t('jobs')}${!manages && ws ? ` · ${ws.name}` : ''}</h2>
    ${
      manages
        ? html`<label>${t('col.workstation')} <select data-filter="workstation" value=${wsFilter}
          onChange=${(e: Event) => setWsFilter((e.target as HTMLSelectElement).value)}>
          <option value="">${t('jobs.all')}</option>
          ${(stations.data?.items ?? []).map((w) => html`<option value=${String(w.id)}>${w.name}</option>`)}
        </select></label> `
        : null
    }
    <label>${t('col.status')} <select value=${status}
      onChange=${(e: Event) => setStatus((e.target as HTMLSelectElement).value)}>
      <option value="">${t('jobs.all')}</option>
      ${(['pending', 'printing', 'done', 'failed'] as const).map(
        (s) => html`<option
        value=${s}>${t(`status.${s}` as PrintKey)}</option>`,
      )}
    </select></label>
    ${jobs.error ? html`<div class="form-error" role="alert">${jobs.error.message}</div>` : null}
    ${items.length === 0 && !jobs.loading ? html`<p class="muted">${t('jobs.none')}</p>` : null}
    ${
      items.length
        ? html`<table class="data print-jobs">
          <thead><tr><th>${t('col.id')}</th>${manages ? html`<th>${t('col.workstation')}</th>` : null}
            <th>${t('col.layout')}</th><th>${t('col.printer')}</th><th>${t('col.status')}</th><th>${t('col.attempts')}
              </th><th>${t('col.error')}</th><th>${t('col.time')}</th><th>${t('col.actions')}</th></tr></thead>
          <tbody>
            ${items.map(
              (j) => html`<tr key=${j.id} data-job=${j.id} data-status=${j.status}>
                <td>${j.id}</td>
                ${manages ? html`<td>${wsName(j.workstationId)}</td>` : null}
                <td>${t(`layout.${j.layout}` as PrintKey)}</td>
                <td class="mono small">${j.printer ?? '—'}</td>
                <td><${Badge} kind=${KIND[j.status]}>${t(`status.${j.status}` as PrintKey)}<//></td>
                <td>${j.attempts}</td>
                <td class="small">${j.lastError ?? ''}${
                  j.partial && j.status !== 'done'
                    ? html`<div class="warn-text"
                  data-partial>${t('partial')}</div>`
                    : null
                }</td>
                <td class="small">${time(j.createdAt)}</td>
                <td>
                  ${
                    j.layout !== 'invoice'
                      ? html`<button type="button" class="btn btn-small"
                    onClick=${() => setPreview(preview === j.id ? null : j.id)}>${t('preview')}</button>`
                      : null
                  }
                  ${
                    j.status === 'failed' || j.status === 'done' || j.status === 'cancelled'
                      ? html`<button
                    type="button" class="btn btn-small" onClick=${() => void reprint(j.id)}>${t('reprint')}</button>`
                      : null
                  }
                </td>
              </tr>`,
            )}
          </tbody>
        </table>`
        : null
    }
    ${preview !== null ? html`<${Preview} path=${`/api/printing/jobs/${preview}/preview`} />` : null}
  </section>`;
}

function Samples() {
  const [layout, setLayout] = useState<string>('queue-ticket');
  const [paper, setPaper] = useState('58');
  return html`<section>
    <h2>${t('samples')}</h2>
    <div class="row">
      ${LAYOUTS.map(
        (l) => html`<button type="button" class=${'btn btn-small' + (l === layout ? ' btn-primary' : '')}
        onClick=${() => setLayout(l)}>${t(`layout.${l}` as PrintKey)}</button>`,
      )}
      <label>${t('paper')} <select value=${paper}
        onChange=${(e: Event) => setPaper((e.target as HTMLSelectElement).value)}><option value="58">58 mm</option>
          <option value="80">80 mm</option></select></label>
    </div>
    <${Preview} path=${`/api/printing/layouts/${layout}/preview?paper=${paper}`} />
  </section>`;
}

function TestPage() {
  const [printer, setPrinter] = useState('');
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const r = await post<ResponseOf<typeof TestResult>>('/api/printing/test', { printer });
      toast(r.ok ? t('test.ok') : t('test.failed', { error: r.error ?? '' }), r.ok ? 'ok' : 'error');
    } catch (e) {
      toast(msg(e), 'error');
    } finally {
      setBusy(false);
    }
  };
  return html`<section>
    <h2>${t('test')}</h2>
    <form onSubmit=${(e: Event) => {
      e.preventDefault();
      void run();
    }}>
      <label class="inline-field">${t('test.printer')} <input class="mono" size="30" value=${printer}
        placeholder="tcp://192.168.1.50:9100"
          onInput=${(e: Event) => setPrinter((e.target as HTMLInputElement).value)} /></label>
      <button type="submit" class="btn" disabled=${busy || !printer.trim()}>${t('test')}</button>
      <div class="small muted">${t('test.hint')}</div>
    </form>
  </section>`;
}

type Tpl = InvoiceTemplateOut;

function InvoiceTemplate() {
  const res = useResource(() => get<Tpl>('/api/printing/invoice-template'), []);
  const [tpl, setTpl] = useState<Tpl | null>(null);
  useEffect(() => {
    if (res.data) setTpl(res.data);
  }, [res.data]);
  if (!tpl) return null;
  const num = (v: string) => Number(v);
  const set = (k: keyof Tpl, v: number) => setTpl({ ...tpl, [k]: v });
  const setField = (f: string, v: { x: number; y: number } | null) =>
    setTpl({ ...tpl, fields: { ...tpl.fields, [f]: v } });
  const input = (k: keyof Tpl, step = '0.5') =>
    html`<input type="number" step=${step} style="width:6em" value=${tpl[k] as number}
      onInput=${(e: Event) => set(k, num((e.target as HTMLInputElement).value))} />`;
  const save = async () => {
    try {
      setTpl(await put<Tpl>('/api/printing/invoice-template', tpl));
      toast(t('invoice.saved'), 'ok');
    } catch (e) {
      toast(msg(e), 'error');
    }
  };
  const test = async () => {
    try {
      const r = await post<ResponseOf<typeof LpResult>>('/api/printing/invoice-template/test', {});
      toast(r.ok ? t('invoice.test.ok') : (r.error ?? ''), r.ok ? 'ok' : 'error');
    } catch (e) {
      toast(msg(e), 'error');
    }
  };
  return html`<section class="invoice-template">
    <h2>${t('invoice')}</h2>
    <p>${t('invoice.page')} ${input('pageWidthMm')} × ${input('pageHeightMm')} · ${t('invoice.offset')}${' '}
      ${input('offsetXmm')} / ${input('offsetYmm')}</p>
    <p>${t('invoice.font')} ${input('fontSizePt', '1')} · ${t('invoice.itemLine')} ${input('itemLineMm')} ·${' '}
      ${t('invoice.maxItems')} ${input('maxItems', '1')}</p>
    <table class="data">
      <thead><tr><th>${t('invoice.field')}</th><th>${t('invoice.x')}</th><th>${t('invoice.y')}</th>
        <th>${t('invoice.off')}</th></tr></thead>
      <tbody>
        ${FIELDS.map((f) => {
          const p = tpl.fields[f] ?? null;
          return html`<tr key=${f}>
            <td>${t(`field.${f}` as PrintKey)}</td>
            <td><input type="number" step="0.5" style="width:6em" disabled=${!p} value=${p?.x ?? ''}
              onInput=${(e: Event) => setField(f, { x: num((e.target as HTMLInputElement).value), y: p?.y ?? 0 })} />
                </td>
            <td><input type="number" step="0.5" style="width:6em" disabled=${!p} value=${p?.y ?? ''}
              onInput=${(e: Event) => setField(f, { x: p?.x ?? 0, y: num((e.target as HTMLInputElement).value) })} />
                </td>
            <td><input type="checkbox" checked=${!p}
              onChange=${(e: Event) => setField(f, (e.target as HTMLInputElement).checked ? null : { x: 10, y: 10 })}
                /></td>
          </tr>`;
        })}
      </tbody>
    </table>
    <button type="button" class="btn btn-primary" onClick=${() => void save()}>${t('invoice.save')}</button>
    <button type="button" class="btn" onClick=${() => void test()}>${t('invoice.test')}</button>
  </section>`;
}

export function PrintingPage() {
  return html`<div class="page printing-page">
    <${PageHead} title=${t('page.title')} />
    <${Jobs} />
    <${TestPage} />
    <${Samples} />
    ${can('devices.manage') ? html`<${InvoiceTemplate} />` : null}
  </div>`;
}
