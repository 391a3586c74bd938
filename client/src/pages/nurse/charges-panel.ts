// The stay's fee panel (费用): the balance, the fee list by day and by category, 一日清单 for a chosen day,
// every row with 冲账 (reason), 补记账 (item search, quantity, reason, day), 立即计费 of the ward's bed
// fees for today, and 打印 (an A4 page through the browser's print). Shown on the nurse station (a
// STAY_PANELS entry) and, read-only without inpatient.nurse, on the cashier's stay page. Live: a
// `stay-charge:posted` or `stay:changed` of this stay reloads it (one stay, a handful of rows).
import { useEffect, useState } from 'preact/hooks';
import { categoryName } from '../../../../core/charge-categories.js';
import { EV } from '../../../../core/contract.js';
import { formatYuan } from '../../../../core/money.js';
import type {
  ChargesView,
  ChargeRowView,
  NightlyResult,
  PostResult,
} from '../../../../server/modules/inpatient-charges/schema.js';
import { get, newKey, post } from '../../api.js';
import { Dialog } from '../../components/dialog.js';
import { FormError, NumberField, TextField, useForm } from '../../components/form.js';
import { toast } from '../../components/toast.js';
import { useDebounced, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { lang } from '../../i18n/index.js';
import { can } from '../../session.js';
import { onEvent, onResync } from '../../socket.js';
import { dateTimeText } from '../../time.js';
import { t } from './charges-i18n.js';
import { printFeeList } from './charges-print.js';
import type { StayPanel, StayPanelProps } from './stay-panels.js';

type Tab = 'days' | 'categories' | 'day' | 'rows';
const cat = (code: string) => categoryName(code, lang.value === 'en' ? 'en' : 'zh');

interface PickItem {
  id: number;
  code: string;
  name: string;
  spec: string | null;
  unit: string;
  packUnit: string;
  packSize: number;
  priceFen: number;
}

export function StayChargesPanel(props: { stayId: number; wardId: number }) {
  const r = useResource(() => get<ChargesView>(`/api/stays/${props.stayId}/charges`), [props.stayId]);
  const [tab, setTab] = useState<Tab>('days');
  const [day, setDay] = useState<string>('');
  const [dialog, setDialog] = useState<'add' | ChargeRowView | null>(null);
  const [running, setRunning] = useState(false);
  const writer = can('inpatient.nurse');
  useEffect(() => {
    const mine = (id: number) => id === props.stayId;
    const offs = [
      onEvent(EV.stayChargePosted, (env) => mine(env.payload.stayId) && r.reload()),
      onEvent(EV.stayChanged, (env) => mine(env.payload.stay.id) && r.reload()),
      onResync(() => r.reload()),
    ];
    return () => {
      for (const off of offs) off();
    };
  }, [props.stayId]);
  const v = r.data;
  if (!v) return html`<div class="muted" role="status">${r.error ? r.error.message : t('loading')}</div>`;
  const open = ['pending', 'in_ward', 'transferring', 'pre_discharge'].includes(v.stay.state);
  const b = v.balance;
  const days = v.feeList.days;
  const chosen = day || v.today;
  const chosenDay = days.find((d) => d.day === chosen);
  const runNow = async () => {
    if (running) return;
    setRunning(true);
    try {
      const out = await post<NightlyResult>(`/api/wards/${props.wardId}/nightly-charges`, {});
      toast(t('run.done', { rows: out.rows, amount: formatYuan(out.amountFen) }));
      r.reload();
    } catch (e) {
      toast((e as Error).message, 'error');
    } finally {
      setRunning(false);
    }
  };
  const print = () => {
    if (!printFeeList(v, tab === 'day' ? chosen : null)) toast(t('print.blocked'), 'error');
  };
  return html`<section class="ch-panel" aria-label=${t('title')} data-testid="charges-panel">
    <div class=${'ch-money' + (b.warning ? ' ch-warn' : '')} data-testid="charges-money">
      <span>${v.stay.patientName} · ${v.stay.stayNo} · ${t('head.days', { n: v.stay.days })}</span>
      <span>${t('money.deposits')} <strong>${formatYuan(b.depositsFen)}</strong></span>
      <span>${t('money.charges')} <strong data-testid="charges-total">${formatYuan(b.chargesFen)}</strong></span>
      <span>${t('money.balance')} <strong data-testid="charges-balance">${formatYuan(b.balanceFen)}</strong></span>
      ${
        b.arrears
          ? html`<span class="form-error" role="status">
              ${t('money.arrears', { limit: formatYuan(b.arrearsLimitFen) })}</span>`
          : b.warning
            ? html`<span class="form-error" role="status">
                ${t('money.warning', { line: formatYuan(b.warningLineFen) })}</span>`
            : null
      }
    </div>
    <div class="actions">
      ${
        writer && open
          ? html`<button type="button" class="btn btn-primary" onClick=${() => setDialog('add')}>
                ${t('add.open')}</button>
              <button type="button" class="btn" title=${t('run.hint')} disabled=${running} onClick=${runNow}>
                ${running ? t('working') : t('run.open')}</button>`
          : null
      }
      <button type="button" class="btn" onClick=${print}>${t('print')}</button>
    </div>
    <div class="actions" role="tablist">
      ${(['days', 'categories', 'day', 'rows'] as Tab[]).map(
        (k) => html`<button type="button" role="tab" aria-selected=${tab === k} key=${k}
          class=${tab === k ? 'btn btn-primary btn-small' : 'btn btn-small'} onClick=${() => setTab(k)}>
          ${t(`tab.${k}` as 'tab.days')}</button>`,
      )}
    </div>
    ${
      !v.rows.length
        ? html`<p class="muted">${t('empty')}</p>`
        : tab === 'days'
          ? html`<${ByDay} view=${v} />`
          : tab === 'categories'
            ? html`<${ByCategory} view=${v} />`
            : tab === 'day'
              ? html`<div>
                  <label>${t('day.pick')}
                    <select name="feeDay" value=${chosen}
                      onChange=${(e: Event) => setDay((e.currentTarget as HTMLSelectElement).value)}>
                      ${[...new Set([v.today, ...days.map((d) => d.day)])]
                        .sort()
                        .reverse()
                        .map((d) => html`<option key=${d} value=${d}>${d}</option>`)}
                    </select></label>
                  <${DayItems} items=${chosenDay?.items ?? []} total=${chosenDay?.totalFen ?? 0} />
                </div>`
              : html`<${Rows} rows=${v.rows} canReverse=${writer && open}
                  onReverse=${(row: ChargeRowView) => setDialog(row)} />`
    }
    ${
      dialog === 'add'
        ? html`<${AddDialog} view=${v} onClose=${() => setDialog(null)} onDone=${(res: PostResult) => {
            setDialog(null);
            toast(t('add.done', { amount: formatYuan(res.rows[0]!.amountFen) }));
            r.reload();
          }} />`
        : dialog
          ? html`<${ReverseDialog} view=${v} row=${dialog} onClose=${() => setDialog(null)}
              onDone=${(res: PostResult) => {
                setDialog(null);
                toast(t('rev.done', { amount: formatYuan(-res.rows[0]!.amountFen) }));
                r.reload();
              }} />`
          : null
    }
  </section>`;
}

function ByDay(props: { view: ChargesView }) {
  const f = props.view.feeList;
  return html`<div class="table-scroll"><table class="data" aria-label=${t('tab.days')} data-testid="charges-by-day">
    <thead><tr><th>${t('col.day')}</th><th>${t('col.category')}</th><th class="num">${t('col.amount')}</th></tr></thead>
    <tbody>${f.days.map(
      (d) => html`<tr key=${d.day}><td>${d.day}</td>
        <td>${d.categories.map((c) => `${cat(c.category)} ${formatYuan(c.amountFen)}`).join(' · ')}</td>
        <td class="num">${formatYuan(d.totalFen)}</td></tr>`,
    )}</tbody>
    <tfoot><tr><th>${t('total')}</th><th></th><th class="num">${formatYuan(f.totalFen)}</th></tr></tfoot>
  </table></div>`;
}

function ByCategory(props: { view: ChargesView }) {
  const f = props.view.feeList;
  return html`<div class="table-scroll"><table class="data" aria-label=${t('tab.categories')}>
    <thead><tr><th>${t('col.category')}</th><th class="num">${t('col.amount')}</th></tr></thead>
    <tbody>${f.categories.map(
      (c) =>
        html`<tr key=${c.category}><td>${cat(c.category)}</td><td class="num">${formatYuan(c.amountFen)}</td></tr>`,
    )}</tbody>
    <tfoot><tr><th>${t('total')}</th><th class="num">${formatYuan(f.totalFen)}</th></tr></tfoot>
  </table></div>`;
}

function DayItems(props: { items: ChargesView['feeList']['days'][number]['items']; total: number }) {
  if (!props.items.length) return html`<p class="muted">${t('empty')}</p>`;
  return html`<div class="table-scroll"><table class="data" aria-label=${t('tab.day')} data-testid="charges-day">
    <thead><tr><th>${t('col.item')}</th><th>${t('col.spec')}</th><th class="num">${t('col.qty')}</th>
      <th>${t('col.unit')}</th><th class="num">${t('col.price')}</th><th class="num">${t('col.amount')}</th>
      <th>${t('col.category')}</th></tr></thead>
    <tbody>${props.items.map(
      (i) => html`<tr key=${`${i.catalogItemId}-${i.unitPriceFen}`}><td>${i.name}</td><td>${i.spec ?? ''}</td>
        <td class="num">${i.quantity}</td><td>${i.unit}</td><td class="num">${formatYuan(i.unitPriceFen)}</td>
        <td class="num">${formatYuan(i.amountFen)}</td><td>${cat(i.chargeCategory)}</td></tr>`,
    )}</tbody>
    <tfoot><tr><th colspan="5">${t('total')}</th><th class="num">${formatYuan(props.total)}</th><th></th></tr></tfoot>
  </table></div>`;
}

function Rows(props: { rows: ChargeRowView[]; canReverse: boolean; onReverse: (r: ChargeRowView) => void }) {
  return html`<div class="table-scroll"><table class="data" aria-label=${t('tab.rows')} data-testid="charges-rows">
    <thead><tr><th>${t('col.day')}</th><th>${t('col.item')}</th><th class="num">${t('col.qty')}</th>
      <th class="num">${t('col.amount')}</th><th>${t('col.source')}</th><th>${t('col.operator')}</th>
      <th>${t('col.note')}</th><th></th></tr></thead>
    <tbody>${props.rows.map((r) => {
      const note =
        r.reversesId !== null
          ? t('reversal', { reason: r.reason ?? '' })
          : [
              r.reason ?? '',
              r.reversedById !== null ? t('reversed') : '',
              r.settlementId !== null ? t('settled') : '',
              r.emergency ? t('emergency') : '',
            ]
              .filter(Boolean)
              .join(' · ');
      const reversible =
        props.canReverse && r.reversesId === null && r.reversedById === null && r.settlementId === null;
      return html`<tr key=${r.id} class=${r.amountFen < 0 ? 'ch-neg' : undefined} data-charge-id=${r.id}>
        <td>${r.chargeDay}</td><td>${r.itemName}</td><td class="num">${r.quantity} ${r.itemUnit}</td>
        <td class="num">${formatYuan(r.amountFen)}</td><td>${t(`source.${r.source}` as 'source.bed')}</td>
        <td>${r.operatorName ?? ''} <span class="muted">${dateTimeText(r.createdAt)}</span></td><td>${note}</td>
        <td>${
          reversible
            ? html`<button type="button" class="btn btn-small" aria-label=${`${t('rev.open')} ${r.itemName}`}
                onClick=${() => props.onReverse(r)}>${t('rev.open')}</button>`
            : null
        }</td></tr>`;
    })}</tbody>
  </table></div>`;
}

function AddDialog(props: { view: ChargesView; onClose: () => void; onDone: (r: PostResult) => void }) {
  const [key] = useState(newKey);
  const [q, setQ] = useState('');
  const [item, setItem] = useState<PickItem | null>(null);
  const dq = useDebounced(q, 200);
  const found = useResource(async () => {
    if (!dq.trim()) return [] as PickItem[];
    const [s, m] = await Promise.all(
      (['service', 'material'] as const).map((kind) =>
        get<{ items: PickItem[] }>('/api/catalog/items', { q: dq, kind, limit: 10 }),
      ),
    );
    return [...s!.items, ...m!.items];
  }, [dq]);
  const f = useForm({ quantity: 1, reason: '', day: props.view.today });
  const submit = f.submit(async (v) => {
    // No item chosen: the server names the field (itemId), nothing is guessed.
    const body = { itemId: item?.id, quantity: v.quantity, reason: v.reason, day: v.day };
    props.onDone(await post<PostResult>(`/api/stays/${props.view.stay.id}/charges`, body, { idempotencyKey: key }));
  });
  return html`<${Dialog} title=${t('add.title', { name: props.view.stay.patientName })} onClose=${props.onClose}>
    <form onSubmit=${submit} noValidate>
      ${
        item
          ? html`<p data-testid="charge-item">
              ${t('add.picked', { name: item.name, price: formatYuan(item.priceFen), unit: item.packUnit })}
              <button type="button" class="btn btn-small" onClick=${() => setItem(null)}>
                ${t('add.change')}</button></p>`
          : html`<${TextField} label=${t('add.item')} name="itemId" value=${q} error=${f.error}
                placeholder=${t('add.search')} onInput=${setQ} />
              <ul class="ch-pick" role="listbox" aria-label=${t('add.search')}>
                ${(found.data ?? []).map(
                  (i) => html`<li key=${i.id}><button type="button" class="btn btn-small" role="option"
                    onClick=${() => setItem(i)}>
                    ${i.code} ${i.name} ${i.spec ?? ''} · ${formatYuan(i.priceFen)}/${i.packUnit}
                    </button></li>`,
                )}
                ${dq.trim() && found.data && !found.data.length ? html`<li class="muted">${t('add.none')}</li>` : null}
              </ul>`
      }
      <${NumberField} label=${t('add.qty')} name="quantity" required min=${1} value=${f.values.quantity}
        error=${f.error}
        onInput=${(x: number) => f.set('quantity', x)} />
      <${TextField} label=${t('add.reason')} name="reason" required value=${f.values.reason} error=${f.error}
        maxLength=${200} onInput=${(x: string) => f.set('reason', x)} />
      <${TextField} label=${t('add.day')} name="day" type="date" value=${f.values.day} error=${f.error}
        onInput=${(x: string) => f.set('day', x)} />
      <${FormError} error=${f.error} fields=${['itemId', 'quantity', 'reason', 'day']} />
      <div class="actions">
        <button type="submit" class="btn btn-primary" disabled=${f.busy}>
          ${f.busy ? t('working') : t('add.submit')}</button>
        <button type="button" class="btn" onClick=${props.onClose}>${t('cancel')}</button>
      </div>
    </form>
  <//>`;
}

function ReverseDialog(props: {
  view: ChargesView;
  row: ChargeRowView;
  onClose: () => void;
  onDone: (r: PostResult) => void;
}) {
  const [key] = useState(newKey);
  const r = props.row;
  const f = useForm({ reason: '' });
  const submit = f.submit(async (v) => {
    const path = `/api/stays/${props.view.stay.id}/charges/${r.id}/reverse`;
    props.onDone(await post<PostResult>(path, v, { idempotencyKey: key }));
  });
  return html`<${Dialog} title=${t('rev.title', { name: props.view.stay.patientName })} onClose=${props.onClose}>
    <form onSubmit=${submit} noValidate>
      <p>${t('rev.text', {
        day: r.chargeDay,
        item: r.itemName,
        qty: r.quantity,
        unit: r.itemUnit,
        amount: formatYuan(r.amountFen),
      })}</p>
      <${TextField} label=${t('rev.reason')} name="reason" required value=${f.values.reason} error=${f.error}
        maxLength=${200} onInput=${(x: string) => f.set('reason', x)} />
      <${FormError} error=${f.error} fields=${['reason', 'chargeId']} />
      <div class="actions">
        <button type="submit" class="btn btn-danger" disabled=${f.busy}>
          ${f.busy ? t('working') : t('rev.submit')}</button>
        <button type="button" class="btn" onClick=${props.onClose}>${t('cancel')}</button>
      </div>
    </form>
  <//>`;
}

/** The nurse station's entry (client/src/pages/nurse/stay-panels.ts). */
export const chargesPanel: StayPanel = {
  id: 'charges',
  label: () => t('title'),
  view: (p: StayPanelProps) => html`<${StayChargesPanel} stayId=${p.stay.id} wardId=${p.wardId} />`,
};
