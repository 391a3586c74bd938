// 医保对账与结算报表 (issue 11 item 6): a period's insured settlements per (insutype, clr_type,
// clr_optins) beside the insurer's 3201 answer (平 / 不平 in red with its words), 对明细账 (3202) on a
// group to list the differing settlements (each linked to its bill), and the settlement report by
// insutype and fund (Excel). Reached from the cashier station and the administration menu
// (permission insurance.reconcile). Live: a reconciliation recorded by anyone reloads the list.
import { useEffect, useState } from 'preact/hooks';
import { EV } from '../../../../core/contract.js';
import { ApiError, get, post } from '../../api.js';
import { PageHead } from '../../components/layout.js';
import { DataTable, type Column } from '../../components/table.js';
import { toast } from '../../components/toast.js';
import { useKeydown, useLive, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { can } from '../../session.js';
import { joinRooms } from '../../socket.js';
import { dateTimeText } from '../../time.js';
import { BillDialog } from '../cashier/invoice.js';
import { formatYuan } from '../cashier/format.js';
import type {
  DiffView,
  ReconDetail,
  ReconGroup,
  ReconOverview,
  ReconToday,
  ReconciliationView,
  RunResult,
} from '../../../../server/modules/insurance-recon/schema.js';
import { PeriodPicker, periodError } from './period.js';
import { ReportPanel } from './recon-report.js';
import { t } from './recon.i18n.js';

const ROOM = 'insurance-recon';

export function InsuranceReconPage() {
  const [tab, setTab] = useState<'recon' | 'report'>('recon');
  const today = useResource(() => get<ReconToday>('/api/insurance/recon/today'), []);
  // Snapshots reload once the live link has joined the room, so no event falls between.
  const [epoch, setEpoch] = useState(0);
  useEffect(() => joinRooms([ROOM], () => setEpoch((e) => e + 1)), []);
  return html`<div class="page insurance-recon">
    <${PageHead} title=${t('title')} />
    <div class="tabs" role="tablist" aria-label=${t('title')}>
      ${(['recon', 'report'] as const).map(
        (k) => html`<button type="button" role="tab" key=${k} id=${'ir-tab-' + k}
          aria-selected=${tab === k ? 'true' : 'false'} class=${tab === k ? 'tab tab-on' : 'tab'}
          onClick=${() => setTab(k)}>${t(`tab.${k}`)}</button>`,
      )}
    </div>
    ${today.error ? html`<div class="form-error" role="alert">${today.error.message}</div>` : null}
    <div role="tabpanel" aria-labelledby=${'ir-tab-' + tab}>
      ${
        today.data
          ? tab === 'recon'
            ? html`<${ReconPanel} today=${today.data} epoch=${epoch} />`
            : html`<${ReportPanel} today=${today.data} />`
          : null
      }
    </div>
  </div>`;
}

const money = (fen: number) => formatYuan(fen);

function ResultCell(props: { g: ReconGroup }) {
  const last = props.g.last;
  if (!last) return html`<span class="muted">${t('state.none')}</span>`;
  const kind = last.state === 'balanced' ? 'badge badge-ok' : 'badge badge-unbalanced';
  const words = last.state === 'failed' ? last.error : last.stmtRsltDscr;
  const wordsClass = last.state === 'balanced' ? 'small muted' : 'small text-danger';
  return html`<span class=${kind} data-state=${last.state}>${t(`state.${last.state}`)}</span>
    ${words ? html` <span class=${wordsClass}>${words}</span>` : null}
    ${props.g.changedSince ? html`<div class="small text-danger">${t('changed')}</div>` : null}`;
}

function ReconPanel(props: { today: ReconToday; epoch: number }) {
  const [from, setFrom] = useState(props.today.today);
  const [to, setTo] = useState(props.today.today);
  const ready = periodError(from, to) === null;
  const list = useResource(
    () => (ready ? get<ReconOverview>('/api/insurance/recon', { from, to }) : Promise.resolve(undefined)),
    [from, to, props.epoch],
  );
  // A reconciliation recorded by anyone, and a settlement or reversal made at a desk (the local totals).
  useLive([EV.insuranceReconciled, EV.insuranceSettlementChanged], list.reload);
  const [busy, setBusy] = useState<string>('');
  const [error, setError] = useState<ApiError | null>(null);
  const [shown, setShown] = useState<number | null>(null);

  const run = async () => {
    if (!ready || busy) return;
    setBusy('run');
    setError(null);
    try {
      const r = await post<RunResult>('/api/insurance/recon/run', { from, to });
      toast(
        r.items.length ? t('doneRun', { b: r.balanced, u: r.unbalanced, f: r.failed }) : t('nothingToRun'),
        r.unbalanced || r.failed ? 'error' : 'ok',
      );
      list.reload();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'error', String(e)));
    } finally {
      setBusy('');
    }
  };
  const detail = async (id: number) => {
    if (busy) return;
    setBusy(`detail:${id}`);
    setError(null);
    try {
      await post<ReconDetail>(`/api/insurance/recon/${id}/detail`, {});
      setShown(id);
      list.reload();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'error', String(e)));
      list.reload();
    } finally {
      setBusy('');
    }
  };
  useKeydown((e) => {
    if (e.key === 'F9' && !document.querySelector('dialog[open]')) {
      e.preventDefault();
      void run();
    }
  });

  const columns: Column<ReconGroup>[] = [
    { label: t('col.insutype'), render: (x) => html`${x.insutype} <span class="small">${x.insutypeName}</span>` },
    { label: t('col.clrType'), render: (x) => `${x.clrType} ${x.clrTypeName}` },
    { label: t('col.clrOptins'), render: (x) => x.clrOptins, class: 'mono' },
    { label: t('col.count'), render: (x) => `${x.local.count} (${x.local.settled}/${x.local.reversed})`, class: 'num' },
    { label: t('col.medfee'), render: (x) => money(x.local.medfeeSumamtFen), class: 'num' },
    { label: t('col.fund'), render: (x) => money(x.local.fundPaySumamtFen), class: 'num' },
    { label: t('col.acct'), render: (x) => money(x.local.acctPayFen), class: 'num' },
    { label: t('col.cash'), render: (x) => money(x.local.psnCashPayFen), class: 'num' },
    { label: t('col.result'), render: (x) => html`<${ResultCell} g=${x} />` },
    {
      label: t('col.when'),
      render: (x) =>
        x.last ? html`<span class="small">${dateTimeText(x.last.createdAt)} ${x.last.createdBy}</span>` : '',
    },
    { label: t('col.actions'), render: (x) => (x.last ? detailActions(x.last) : null) },
  ];
  function detailActions(r: ReconciliationView) {
    const running = busy === `detail:${r.id}`;
    return html`<span class="row-actions">
      ${
        r.state !== 'balanced' || r.detailState !== 'none'
          ? html`<button type="button" class="btn btn-small" name="detail" data-recon=${r.id}
            disabled=${!!busy} onClick=${() => detail(r.id)}>${running ? t('detailRunning') : t('detail')}</button>`
          : null
      }
      ${
        r.detailState === 'done'
          ? html`<button type="button" class="btn btn-small" name="show-detail" data-recon=${r.id}
            onClick=${() => setShown(r.id)}>${t('detailShow', { n: r.detailCount ?? 0 })}</button>`
          : null
      }
      ${
        r.detailState === 'failed'
          ? html`<div class="small text-danger">${t('detailFailed', { error: r.detailError ?? '' })}</div>`
          : null
      }
    </span>`;
  }
  const rowClass = (x: ReconGroup) =>
    x.last && x.last.state !== 'balanced' ? 'row-unbalanced' : x.last ? 'row-balanced' : undefined;

  return html`<div class="recon">
    <p class="small muted">${t('intro')}</p>
    <div class="toolbar">
      <${PeriodPicker} today=${props.today.today} from=${from} to=${to} onChange=${(f: string, x: string) => {
        setFrom(f);
        setTo(x);
      }} />
      <button type="button" class="btn btn-primary" name="run" disabled=${!ready || !!busy}
        onClick=${run}>${busy === 'run' ? t('running') : t('run')}</button>
    </div>
    ${error ? html`<div class="form-error" role="alert" data-field=${error.field}>${error.message}</div>` : null}
    <${DataTable}
      label=${t('tab.recon')}
      columns=${columns}
      rows=${list.data?.groups}
      rowKey=${(x: ReconGroup) => `${x.insutype}|${x.clrType}|${x.clrOptins}`}
      loading=${list.loading}
      error=${list.error}
      empty=${t('empty')}
      rowClass=${rowClass}
    />
    ${
      list.data?.history.length
        ? html`<h3 class="report-subtitle">${t('history')}</h3>
          <ul class="small">${list.data.history.map(
            (h) => html`<li key=${h.id}>${h.insutype} / ${h.clrType} / ${h.clrOptins}:
              ${t(`state.${h.state}`)} ${h.stmtRsltDscr ?? h.error ?? ''}</li>`,
          )}</ul>`
        : null
    }
    ${shown !== null ? html`<${DiffPanel} id=${shown} epoch=${props.epoch} onClose=${() => setShown(null)} />` : null}
  </div>`;
}

function amounts(a: DiffView['local']) {
  return a
    ? `${money(a.medfeeSumamtFen)} / ${money(a.fundPaySumamtFen)} / ${money(a.acctPayFen)}`
    : html`<span class="muted">—</span>`;
}

/** The differences of a reconciliation's last 3202, below the groups at the page's full width. */
function DiffPanel(props: { id: number; epoch: number; onClose: () => void }) {
  const r = useResource(() => get<ReconDetail>(`/api/insurance/recon/${props.id}`), [props.id, props.epoch]);
  useLive([EV.insuranceReconciled], r.reload);
  const [bill, setBill] = useState<number | null>(null);
  const mayOpenBills = can('billing.charge');
  const rec = r.data?.reconciliation;
  const columns: Column<DiffView>[] = [
    {
      label: t('diff.kind'),
      render: (d) => html`<span class="text-danger" data-kind=${d.kind}>${t(`kind.${d.kind}`)}</span>`,
    },
    { label: t('diff.setlId'), render: (d) => d.setlId, class: 'mono' },
    {
      label: t('diff.person'),
      render: (d) => html`${d.psnName ?? ''} <span class="small muted mono">${d.psnNo ?? ''}</span>`,
    },
    { label: t('diff.local'), render: (d) => amounts(d.local), class: 'num' },
    { label: t('diff.insurer'), render: (d) => amounts(d.insurer), class: 'num' },
    { label: t('diff.memo'), render: (d) => d.memo ?? '' },
    {
      label: t('diff.bill'),
      render: (d) =>
        d.billId === null
          ? html`<span class="muted">${t('diff.noBill')}</span>`
          : mayOpenBills
            ? html`<button type="button" class="btn btn-small" name="open-bill" data-bill=${d.billId}
                onClick=${() => setBill(d.billId)}>${t('diff.openBill', { id: d.billId })}</button>`
            : html`<span>${t('diff.billNo', { id: d.billId })} ${d.invoiceNo ?? ''}</span>`,
    },
  ];
  const title = rec
    ? t('diff.title', { insutype: rec.insutype, from: rec.from, to: rec.to, optins: rec.clrOptins })
    : t('detail');
  return html`<section class="recon-diffs" aria-label=${title}>
    <div class="recon-diffs-head">
      <h3 class="report-subtitle">${title}</h3>
      <button type="button" class="btn btn-small" name="hide-detail" onClick=${props.onClose}>${t('hide')}</button>
    </div>
    <p class="small muted">${t('diff.scope')}</p>
    ${
      r.data && !r.data.diffs.length
        ? html`<p class="diff-none" role="status">${t('diff.none')}</p>`
        : html`<${DataTable} label=${title} columns=${columns} rows=${r.data?.diffs}
          rowKey=${(d: DiffView) => d.id} loading=${r.loading} error=${r.error} />`
    }
    ${
      bill !== null
        ? html`<${BillDialog} billId=${bill} onClose=${() => setBill(null)} onRefund=${() => setBill(null)} />`
        : null
    }
  </section>`;
}
