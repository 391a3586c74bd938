// What a desk says about the paper its writes print (issue 9 item 12). A business write
// (registration, payment, refund, dispensing, shift close, prescription print) answers with
// its print outcome: 'queued', or why nothing can print ('no_printer': the workstation has no
// printer of that kind; 'no_workstation'). <PrintNotice> shows that outcome where the desk
// shows its result and follows the job live (print:job-updated to this workstation's room):
// waiting, printing, printed, retrying after an error, or failed with 重打. <DeskPrintAlerts>
// (in the page frame) shows any other job of this workstation that fails, with 重打, on
// whatever page the desk is on.
import { signal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import { PRINT_EVENTS, type PrintJobUpdatedPayload } from '../../../../core/contract.js';
import { ApiError, get, newKey, post, type ResponseOf } from '../../api.js';
import { html } from '../../html.js';
import { pick } from '../../i18n/index.js';
import { scoped } from '../../i18n/scoped.js';
import { onEvent } from '../../socket.js';
import { me } from '../../session.js';
import { t as pt, type PrintKey } from './i18n.js';
import type { PrintOutcome as PrintOutcomeOut } from '../../../../server/modules/printing/schema.js';
import type { z } from 'zod';
import type { JobView } from '../../../../server/modules/printing/schema.js';

const LAYOUTS = [
  'queue-ticket',
  'receipt',
  'rx-slip',
  'drug-label',
  'shift-report',
  'invoice',
  'deposit-receipt',
  'wristband',
  'bed-card',
];

export type PrintOutcome = z.infer<typeof PrintOutcomeOut>;

type JobState = Pick<PrintJobUpdatedPayload, 'status' | 'error' | 'attempts'> & { layout?: string };

const zh = {
  'state.pending': '{what}:已发送到打印机,等待打印',
  'state.retrying': '{what}:打印出错,正在重试(第 {n} 次):{error}',
  'state.failed': '{what}:打印失败:{error}',
  reprinting: '正在重打…',
  dismiss: '关闭',
  'alerts.label': '打印失败的任务',
};
const en: Record<keyof typeof zh, string> = {
  'state.pending': '{what}: sent to the printer, waiting to print',
  'state.retrying': '{what}: printer error, retrying (attempt {n}): {error}',
  'state.failed': '{what}: did not print: {error}',
  reprinting: 'Reprinting…',
  dismiss: 'Dismiss',
  'alerts.label': 'Print jobs that failed',
};
const t = scoped(zh, en);

const what = (layout: string | undefined) =>
  layout && LAYOUTS.includes(layout) ? pt(`layout.${layout}` as PrintKey) : pt('station.title');

/** The latest state of each job this page heard about (events may come before the write's answer). */
const latest = new Map<number, JobState>();
/** Jobs a PrintNotice on the page shows: the desk alert leaves them to it. */
const watched = new Map<number, number>();
/** Failed jobs of this workstation nobody on the page shows. */
export const printAlerts = signal<Array<{ jobId: number; layout?: string; error: string | null }>>([]);
const subscribers = new Set<(jobId: number) => void>();

onEvent(PRINT_EVENTS.jobUpdated, (env) => {
  const p = env.payload;
  latest.set(p.jobId, {
    status: p.status,
    error: p.error,
    attempts: p.attempts,
    layout: p.layout ?? latest.get(p.jobId)?.layout,
  });
  if (p.status === 'failed' && !watched.has(p.jobId)) {
    if (!printAlerts.value.some((a) => a.jobId === p.jobId))
      printAlerts.value = [...printAlerts.value, { jobId: p.jobId, layout: p.layout, error: p.error }];
  } else if (p.status !== 'failed' && printAlerts.value.some((a) => a.jobId === p.jobId)) {
    printAlerts.value = printAlerts.value.filter((a) => a.jobId !== p.jobId);
  }
  for (const fn of subscribers) fn(p.jobId);
});

async function reprint(jobId: number): Promise<JobState> {
  const j = await post<ResponseOf<typeof JobView>>(
    `/api/printing/jobs/${jobId}/reprint`,
    {},
    { idempotencyKey: newKey() },
  );
  const s: JobState = { status: j.status, error: j.lastError, attempts: j.attempts, layout: j.layout };
  latest.set(jobId, s);
  return s;
}

function ReprintButton(props: { jobId: number; onDone: (s: JobState) => void; onError: (e: string) => void }) {
  const [busy, setBusy] = useState(false);
  return html`<button
    type="button"
    class="btn btn-small"
    data-testid="print-reprint"
    disabled=${busy}
    onClick=${async () => {
      setBusy(true);
      try {
        props.onDone(await reprint(props.jobId));
      } catch (e) {
        props.onError(e instanceof ApiError ? e.message : String(e));
      } finally {
        setBusy(false);
      }
    }}
  >${busy ? t('reprinting') : pt('reprint')}</button>`;
}

/** The print outcome of a desk's write, followed live; failed jobs get 重打. */
export function PrintNotice(props: { print: PrintOutcome | null | undefined }) {
  const p = props.print;
  const jobId = p?.jobId ?? 0;
  const [state, setState] = useState<JobState | null>(() =>
    p ? (latest.get(jobId) ?? { status: 'pending', error: null, attempts: 0, layout: p.layout }) : null,
  );
  const [err, setErr] = useState<string | null>(null);
  useEffect(() => {
    if (!p || p.outcome !== 'queued') return;
    watched.set(jobId, (watched.get(jobId) ?? 0) + 1);
    printAlerts.value = printAlerts.value.filter((a) => a.jobId !== jobId);
    const update = (id: number) => {
      if (id === jobId && latest.has(jobId)) setState({ ...latest.get(jobId)! });
    };
    subscribers.add(update);
    // The job may have moved before this page listened: ask once.
    void get<ResponseOf<typeof JobView>>(`/api/printing/jobs/${jobId}`)
      .then((j) => {
        if (!latest.has(jobId) || latest.get(jobId)!.status === 'pending') {
          latest.set(jobId, { status: j.status, error: j.lastError, attempts: j.attempts, layout: j.layout });
          update(jobId);
        }
      })
      .catch(() => undefined);
    update(jobId);
    return () => {
      subscribers.delete(update);
      const n = (watched.get(jobId) ?? 1) - 1;
      if (n <= 0) watched.delete(jobId);
      else watched.set(jobId, n);
    };
  }, [jobId, p?.outcome]);
  if (!p) return null;
  if (p.outcome !== 'queued') {
    return html`<p class="notice print-outcome" role="alert" data-testid="print-outcome"
      data-outcome=${p.outcome}>${p.message ? pick(p.message) : ''}</p>`;
  }
  const s = state ?? { status: 'pending' as const, error: null, attempts: 0 };
  const w = what(p.layout);
  if (s.status === 'failed') {
    return html`<div class="form-error print-outcome" role="alert" data-testid="print-outcome" data-outcome="failed">
      ${t('state.failed', { what: w, error: s.error ?? '' })}
      ${' '}<${ReprintButton} jobId=${jobId} onDone=${(x: JobState) => setState(x)} onError=${setErr} />
      ${err ? html`<div>${err}</div>` : null}
    </div>`;
  }
  if (s.status === 'pending' && s.error) {
    return html`<p class="notice print-outcome" role="status" data-testid="print-outcome"
      data-outcome="retrying">${t('state.retrying', { what: w, n: s.attempts, error: s.error })}</p>`;
  }
  const text =
    s.status === 'pending' ? t('state.pending', { what: w }) : `${w}:${pt(`status.${s.status}` as PrintKey)}`;
  return html`<p class="small muted print-outcome" role="status" data-testid="print-outcome"
    data-outcome=${s.status}>${text}</p>`;
}

/** Failed print jobs of this workstation that no PrintNotice shows: on every page of the desk. */
export function DeskPrintAlerts() {
  const items = printAlerts.value;
  const [errors, setErrors] = useState<Record<number, string>>({});
  if (!me.value || !items.length) return null;
  const drop = (jobId: number) => (printAlerts.value = printAlerts.value.filter((a) => a.jobId !== jobId));
  return html`<section class="print-alerts" role="alert" aria-label=${t('alerts.label')} data-testid="print-alerts">
    ${items.map(
      (a) => html`<div key=${a.jobId} class="form-error print-alert">
        <span>${t('state.failed', { what: what(a.layout), error: a.error ?? '' })} <span
          class="muted small">#${a.jobId}</span></span>
        <${ReprintButton} jobId=${a.jobId}
          onDone=${(s: JobState) => (s.status === 'failed' ? undefined : drop(a.jobId))}
            onError=${(e: string) => setErrors({ ...errors, [a.jobId]: e })} />
        <button type="button" class="btn btn-small btn-quiet" onClick=${() => drop(a.jobId)}>${t('dismiss')}</button>
        ${errors[a.jobId] ? html`<div>${errors[a.jobId]}</div>` : null}
      </div>`,
    )}
  </section>`;
}
