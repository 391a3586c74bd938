// The shift panel (交班/日结): live totals of the open shift by payment method and charge
// category, and the inpatient deposits (预交金) taken and paid back at this desk (their cash is in the
// cash to hand over); closing it (with a confirmation) saves the totals and locks its payments.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get, newKey, post } from '../../api.js';
import { Confirm } from '../../components/dialog.js';
import { toast } from '../../components/toast.js';
import { useLive, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { lang, pick } from '../../i18n/index.js';
import type { PrintOutcome } from '../printing/desk-print.js';
import { can } from '../../session.js';
import { onEvent } from '../../socket.js';
import { methodName } from './bills.js';
import { MyBooks } from './books.js';
import { dateTimeText, formatYuan, timeText } from './format.js';
import { t } from './i18n.js';
import { LIVE, type ShiftTotals, type ShiftView } from './types.js';

const DEPOSIT_ACTIONS = new Set<string>(['deposit', 'deposit-reversed', 'admitted']);

export function ShiftPanel(props: { epoch: number }) {
  const r = useResource(() => get<ShiftView>('/api/billing/shift'), [props.epoch]);
  useLive([LIVE.billPaid, LIVE.billRefunded, LIVE.shiftClosed, LIVE.invoiceChanged], r.reload);
  // A deposit taken or paid back (stay:changed, the cashier room; an admission may take one) changes the 预交金.
  const reload = useRef(r.reload);
  reload.current = r.reload;
  useEffect(
    () =>
      onEvent(LIVE.stayChanged, (env) => {
        if (DEPOSIT_ACTIONS.has(env.payload.action)) reload.current();
      }),
    [],
  );
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [closed, setClosed] = useState<{
    printJobId: number;
    totals: ShiftTotals;
    openedAt: number;
    closedAt: number;
  } | null>(null);
  const key = useRef<string | null>(null);

  const close = async () => {
    if (busy) return;
    key.current ??= newKey();
    setBusy(true);
    setError(null);
    try {
      const res = await post<{
        shift: { openedAt: number; closedAt: number };
        totals: ShiftTotals;
        printJobId: number;
        print?: PrintOutcome;
      }>('/api/billing/shift/close', {}, { idempotencyKey: key.current });
      key.current = null;
      setClosed({
        printJobId: res.printJobId,
        totals: res.totals,
        openedAt: res.shift.openedAt,
        closedAt: res.shift.closedAt,
      });
      toast(t('shift.closed', { id: res.printJobId }));
      // No receipt printer here: the report cannot print; say so (and where to set it).
      if (res.print && res.print.outcome !== 'queued' && res.print.message)
        toast(pick(res.print.message), 'error', 8000);
      setAsking(false);
      r.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'unexpected', String(err)));
      setAsking(false);
    } finally {
      setBusy(false);
    }
  };

  const v = r.data;
  const recent = useResource(
    () =>
      get<{ items: Array<{ id: number; openedAt: number; closedAt: number; totals: ShiftTotals | null }> }>(
        '/api/billing/shifts',
      ),
    [props.epoch],
  );
  useLive([LIVE.shiftClosed], recent.reload);
  return html`<div class="cs-shift">
    ${r.error ? html`<div class="form-error" role="alert">${r.error.message}</div>` : null}
    ${error ? html`<div class="form-error" role="alert">${error.message}</div>` : null}
    ${
      closed
        ? html`<section class="cs-done" role="status">
          <h2>${t('shift.closed', { id: closed.printJobId })}</h2>
          <${Totals} totals=${closed.totals} />
        </section>`
        : null
    }
    ${
      !v
        ? html`<p class="muted">${t('loading')}</p>`
        : !v.totals
          ? closed
            ? null
            : html`<p class="muted">${t('shift.none')}</p>`
          : html`<section>
            <div class="cs-shift-head">
              <h2>${t('shift.title')} <span class="muted small">${
                v.shift ? t('shift.opened', { time: timeText(v.shift.openedAt) }) : t('shift.depositsOnly')
              }</span></h2>
              ${
                can('billing.close-shift')
                  ? html`<button type="button" class="btn btn-primary"
                    onClick=${() => setAsking(true)}>${t('shift.close')}</button>`
                  : null
              }
            </div>
            <${Totals} totals=${v.totals} />
          </section>`
    }
    ${
      asking && v?.totals
        ? html`<${Confirm}
          title=${t('shift.closeTitle')}
          text=${t('shift.closeText', { v: formatYuan(v.totals.netFen), c: formatYuan(v.totals.cashFen) })}
          confirmLabel=${t('shift.close')}
          busy=${busy}
          onAnswer=${(yes: boolean) => (yes ? void close() : setAsking(false))}
        />`
        : null
    }
    ${
      recent.data?.items.length
        ? html`<section class="cs-history">
          <h3>${t('shift.recent')}</h3>
          <table class="data" aria-label=${t('shift.recent')}>
            <thead><tr><th>${t('shift.openedCol')}</th><th>${t('shift.closedCol')}</th><th
              class="num">${t('shift.count')}</th><th class="num">${t('shift.net')}</th><th
                class="num">${t('shift.cash')}</th></tr></thead>
            <tbody>
              ${recent.data.items.map(
                (x) => html`<tr key=${x.id}>
                  <td class="mono">${dateTimeText(x.openedAt)}</td>
                  <td class="mono">${dateTimeText(x.closedAt)}</td>
                  <td class="num">${x.totals ? `${x.totals.charges.count} / ${x.totals.refunds.count}` : ''}</td>
                  <td class="num">${x.totals ? formatYuan(x.totals.netFen) : ''}</td>
                  <td class="num">${x.totals ? formatYuan(x.totals.cashFen) : ''}</td>
                </tr>`,
              )}
            </tbody>
          </table>
        </section>`
        : null
    }
    ${can('billing.charge') ? html`<${MyBooks} epoch=${props.epoch} />` : null}
  </div>`;
}

function Totals(props: { totals: ShiftTotals }) {
  const x = props.totals;
  return html`<div class="cs-totals">
    <div class="cs-kpis">
      <div><div class="muted">${t('shift.net')}</div><div class="cs-big num"
        data-testid="shift-net">${formatYuan(x.netFen)}</div></div>
      <div><div class="muted">${t('shift.cash')}</div><div class="cs-big num">${formatYuan(x.cashFen)}</div></div>
      <div class="small">
        <div>${t('shift.charges', { n: x.charges.count, v: formatYuan(x.charges.totalFen) })}</div>
        <div>${t('shift.refunds', { n: x.refunds.count, v: formatYuan(x.refunds.totalFen) })}</div>
        ${x.insuranceFundFen ? html`<div>${t('shift.fund')}: ${formatYuan(x.insuranceFundFen)}</div>` : null}
        ${
          x.invoices
            ? html`<div data-testid="shift-invoices">
              ${t('shift.invoices', {
                issued: x.invoices.issued,
                voided: x.invoices.voided,
                reprinted: x.invoices.reprinted,
              })}
              ${
                x.invoices.first
                  ? html` · <span
                class="mono">${t('shift.invoiceRange', {
                  first: x.invoices.first,
                  last: x.invoices.last ?? '',
                })}</span>`
                  : null
              }
              · ${
                x.invoices.gaps
                  ? html`<span
                class="badge badge-warn">${t('shift.gaps', { n: x.invoices.gaps })}</span>`
                  : t('shift.noGaps')
              }
            </div>`
            : null
        }
      </div>
    </div>
    <div class="cs-two">
      <table class="data" aria-label=${t('shift.byMethod')}>
        <caption>${t('shift.byMethod')}</caption>
        <thead><tr><th>${t('method.label')}</th><th class="num">${t('shift.received')}</th><th
          class="num">${t('shift.paidBack')}</th><th class="num">${t('shift.netCol')}</th></tr></thead>
        <tbody>
          ${x.byMethod.map(
            (m) =>
              html`<tr key=${m.method}><td>${methodName(m.method)}</td><td
                class="num">${formatYuan(m.receivedFen)}</td><td class="num">${formatYuan(m.paidBackFen)}</td><td
                  class="num">${formatYuan(m.amountFen)}</td></tr>`,
          )}
        </tbody>
      </table>
      <table class="data" aria-label=${t('shift.byCategory')}>
        <caption>${t('shift.byCategory')}</caption>
        <thead><tr><th>${t('col.category')}</th><th class="num">${t('shift.netCol')}</th></tr></thead>
        <tbody>
          ${x.byCategory.map(
            (c) =>
              html`<tr key=${c.code}><td>${c.code} ${
                lang.value === 'en' ? c.nameEn : c.name
              }</td><td class="num">${formatYuan(c.amountFen)}</td></tr>`,
          )}
        </tbody>
      </table>
    </div>
    ${x.deposits ? html`<${Deposits} d=${x.deposits} />` : null}
  </div>`;
}

/** The deposits (预交金) of the shift by method: taken, paid back, net. */
function Deposits(props: { d: NonNullable<ShiftTotals['deposits']> }) {
  const d = props.d;
  return html`<table class="data cs-deposits" aria-label=${t('shift.deposits')} data-testid="shift-deposits">
    <caption>${t('shift.deposits')} · ${t('shift.depositsNet', { v: formatYuan(d.netFen) })}</caption>
    <thead><tr><th>${t('method.label')}</th><th class="num">${t('shift.depositCount')}</th><th
      class="num">${t('shift.received')}</th><th class="num">${t('shift.paidBack')}</th><th
        class="num">${t('shift.netCol')}</th></tr></thead>
    <tbody>
      ${d.byMethod.map(
        (m) =>
          html`<tr key=${m.method}><td>${methodName(m.method)}</td><td class="num">${m.count}</td><td
            class="num">${formatYuan(m.takenFen)}</td><td class="num">${formatYuan(-m.refundedFen)}</td><td
              class="num">${formatYuan(m.netFen)}</td></tr>`,
      )}
    </tbody>
  </table>`;
}
