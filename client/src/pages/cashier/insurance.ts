// The cashier's insurance settlement (医保结算, issue 11): the insured person (a card read at this
// desk, an ID number or a scanned e-voucher → 1101), what blocks the patient (an unknown outcome:
// 查询 5203 / 冲正 2601; a 单边账: 完成本地记账), 预结算 (2201/2203/2204/2206: each line with the
// insurer's answer — 甲/乙/丙, 全自费, 超限价, 先行自付, 政策范围内; unmatched lines red, charged as
// 自费; restricted drugs waiting for the doctor), then the cash part collected and 结算 (2207).
// Laid out for a 1366×768 desk: after 预结算 the split, the cash to collect and 医保结算 come first;
// the per-line table below fits the column (项目, 金额, 等级, 自付; the insurer's four amounts, code
// and memo on demand per line). ID and card numbers are shown masked (first 6 + last 4).
import { useEffect, useRef, useState } from 'preact/hooks';
import type { z } from 'zod';
import { CARD_EVENTS, EV } from '../../../../core/contract.js';
import { ApiError, get, newKey, post } from '../../api.js';
import { useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { pick } from '../../i18n/index.js';
import { onEvent } from '../../socket.js';
import { toast } from '../../components/toast.js';
import { maskCertNo } from '../insurance/mask.js';
import { PrintNotice } from '../printing/desk-print.js';
import { formatYuan, parseYuan, timeText } from './format.js';
import { t } from './insurance.i18n.js';
import type { PayMethod } from './types.js';
import type { PersonLookupView } from '../../../../server/modules/insurance/schema.js';
import type {
  PatientState,
  PrepareResult,
  ResolveResult,
  SettleResult,
} from '../../../../server/modules/insurance-settlement/schema.js';

type Lookup = z.infer<typeof PersonLookupView>;
type CertType = '01' | '02' | '03';
const METHODS: PayMethod[] = ['cash', 'bank_card', 'wechat', 'alipay'];
const METHOD_NAMES: Record<PayMethod, [string, string]> = {
  cash: ['现金', 'Cash'],
  bank_card: ['银行卡', 'Bank card'],
  wechat: ['微信', 'WeChat'],
  alipay: ['支付宝', 'Alipay'],
};

function errorText(e: unknown): string {
  return e instanceof ApiError ? e.message : String(e);
}

// The card that brings the patient up is read before this panel mounts: the last read at this desk
// (kept 2 minutes) fills the look-up when it opens.
// With the 卡识别码 the look-up goes by the card (03), as the insurer prefers; without it, by the
// ID number read from the chip (02).
interface CardLookup {
  certType: CertType;
  certNo: string;
  cardSn: string;
}
const fromCard = (p: { idNumber: string; cardNumber: string | null; cardSn?: string | null }): CardLookup =>
  p.cardNumber && p.cardSn
    ? { certType: '03', certNo: p.cardNumber, cardSn: p.cardSn }
    : { certType: '02', certNo: p.idNumber, cardSn: '' };
let lastCard: (CardLookup & { at: number }) | null = null;
onEvent(CARD_EVENTS.read, (env) => {
  lastCard = env.payload.person ? { ...fromCard(env.payload.person), at: Date.now() } : null;
});
const recentCard = (): CardLookup | null => (lastCard && Date.now() - lastCard.at < 120_000 ? lastCard : null);

/** 医保查询 at the cashier: 1101 by ID number, card or e-voucher; the insutype chosen for the settlement. */
function PersonLookup(props: { patientId: number; onDone: () => void }) {
  const [certType, setCertType] = useState<CertType>(() => recentCard()?.certType ?? '02');
  const [certNo, setCertNo] = useState(() => recentCard()?.certNo ?? '');
  // A number from the card, or one the insurer has answered for, is shown masked; typing replaces it.
  const [masked, setMasked] = useState(() => recentCard() !== null);
  const [cardSn, setCardSn] = useState(() => recentCard()?.cardSn ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [found, setFound] = useState<Lookup | null>(null);

  // A card read at this desk's reader fills the ID number from the chip.
  useEffect(
    () =>
      onEvent(CARD_EVENTS.read, (env) => {
        const person = env.payload.person;
        if (!person) return;
        const c = fromCard(person);
        setCertType(c.certType);
        setCertNo(c.certNo);
        setMasked(true);
        setCardSn(c.cardSn);
        toast(t('fromCard', { name: person.name }));
      }),
    [],
  );

  const lookup = async (e: Event) => {
    e.preventDefault();
    if (busy || !certNo.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const r = await post<Lookup>('/api/insurance/person', {
        certType,
        certNo: certNo.trim(),
        ...(certType === '03' && cardSn.trim() ? { cardSn: cardSn.trim() } : {}),
        patientId: props.patientId,
      });
      setFound(r);
      setMasked(true);
      if (r.insutype) props.onDone();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const choose = async (insutype: string) => {
    if (!found) return;
    setBusy(true);
    setError(null);
    try {
      await post('/api/insurance/person/choose', { lookupId: found.lookupId, insutype, patientId: props.patientId });
      props.onDone();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return html`<form class="cs-ins-lookup" onSubmit=${lookup}>
    <select name="certType" value=${certType}
      onChange=${(e: Event) => setCertType((e.currentTarget as HTMLSelectElement).value as CertType)}>
      ${(['02', '03', '01'] as CertType[]).map(
        (c) => html`<option key=${c} value=${c}>${t(('cert.' + c) as 'cert.02')}</option>`,
      )}
    </select>
    <input name="certNo" autocomplete="off" maxlength="64" placeholder=${t('certNo')}
      value=${masked ? maskCertNo(certNo) : certNo} data-masked=${masked ? '1' : undefined}
      onFocus=${(e: Event) => masked && (e.currentTarget as HTMLInputElement).select()}
      onInput=${(e: Event) => {
        setMasked(false);
        setCertNo((e.currentTarget as HTMLInputElement).value);
      }} />
    ${
      certType === '03'
        ? html`<input name="cardSn" autocomplete="off" maxlength="64" placeholder=${t('cardSn')} value=${cardSn}
          onInput=${(e: Event) => setCardSn((e.currentTarget as HTMLInputElement).value)} />`
        : null
    }
    <button type="submit" class="btn" disabled=${busy || !certNo.trim()}>${busy ? t('looking') : t('lookup')}</button>
    ${error ? html`<div class="form-error" role="alert">${error}</div>` : null}
    ${
      found && !found.insutype
        ? html`<ul class="cs-ins-choose">
          ${found.person.insurances.map(
            (i) => html`<li key=${i.insutype}>
              <strong>${i.insutypeName}</strong> · ${t('balance', { v: formatYuan(i.balcFen) })}
              ${
                i.suspended
                  ? html`<span class="badge badge-warn">${t('suspended')}</span>`
                  : html`<button type="button" class="btn btn-small" data-insutype=${i.insutype}
                    onClick=${() => void choose(i.insutype)}>${t('choose')}</button>`
              }
            </li>`,
          )}
        </ul>`
        : null
    }
  </form>`;
}

const INFNO_NAMES = ['2201', '2203', '2204', '2207', '2208'] as const;
const infnoName = (infno: string) =>
  (INFNO_NAMES as readonly string[]).includes(infno) ? t(`infno.${infno as (typeof INFNO_NAMES)[number]}`) : '';

function Blockers(props: { state: PatientState; onChange: () => void }) {
  const s = props.state;
  const [busy, setBusy] = useState(false);
  const run = async (url: string, body: unknown) => {
    if (busy) return;
    setBusy(true);
    try {
      const r = await post<ResolveResult>(url, body);
      toast(t('resolved', { msg: pick(r.message) }));
    } catch (err) {
      toast(errorText(err), 'error', 8000);
    } finally {
      setBusy(false);
      props.onChange();
    }
  };
  if (!s.unknownCalls.length && !s.unapplied.length && !s.needsReversal.length) return null;
  return html`<div class="cs-ins-blocked" role="alert">
    <strong>${t('blocked')}</strong>
    <ul>
      ${s.unknownCalls.map(
        (c) => html`<li key=${'c' + c.callId} data-call-id=${c.callId}>
          ${t('callLine', { infno: `${c.infno} ${infnoName(c.infno)}`, id: c.callId, time: timeText(c.createdAt) })}
          ${c.errMsg ? html` <span class="muted small">${c.errMsg}</span>` : null}
          ${
            c.infno === '2201' && c.actions.length === 1 && c.actions[0] === 'reverse'
              ? html`<div class="small" data-testid="ins-reverse-only">${t('reverseOnly')}</div>`
              : null
          }
          ${c.actions.map(
            (a) => html`<button key=${a} type="button" class="btn btn-small" disabled=${busy}
              onClick=${() => void run(`/api/insurance/settlement/calls/${c.callId}/resolve`, { action: a })}
              >${t(a)}</button>`,
          )}
        </li>`,
      )}
      ${s.unapplied.map(
        (u) => html`<li key=${'u' + u.id} data-settlement-id=${u.id}>
          ${t('unapplied', { id: u.setlId, v: formatYuan(u.split.psnCashFen) })}
          ${u.applyError ? html` <span class="muted small">${u.applyError}</span>` : null}
          <button type="button" class="btn btn-small btn-primary" disabled=${busy}
            onClick=${() => void run(`/api/insurance/settlement/settlements/${u.id}/complete`, {})}
            >${t('complete')}</button>
          <button type="button" class="btn btn-small" disabled=${busy}
            onClick=${() => void run(`/api/insurance/settlement/settlements/${u.id}/reverse`, {})}
            >${t('reverseSettlement')}</button>
        </li>`,
      )}
      ${s.needsReversal.map((n) => html`<li key=${'r' + n.msgid}>${t('needsReversal', { reason: n.reason })}</li>`)}
    </ul>
  </div>`;
}

type Line = PrepareResult['lines'][number];

/** What the patient pays of a line: the insurer's 全自费 + 超限价 + 先行自付, or all of an unmatched line. */
const ownOf = (l: Line): number | null =>
  l.status === 'unmatched'
    ? l.amountFen
    : l.status === 'uploaded'
      ? (l.fulamtOwnpayFen ?? 0) + (l.overlmtFen ?? 0) + (l.preselfpayFen ?? 0)
      : null;

/** The lines with the insurer's answer: four columns that fit the pay column; the rest per line on demand. */
function Lines(props: { prep: PrepareResult }) {
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const yuan = (v: number | null) => (v === null ? '—' : formatYuan(v));
  const toggle = (id: number) =>
    setOpen((o) => {
      const n = new Set(o);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const lines = props.prep.lines;
  return html`<table class="data cs-ins-lines" aria-label=${t('linesTitle', { n: lines.length })}>
    <colgroup><col /><col class="cs-ins-c-amt" /><col class="cs-ins-c-lv" /><col class="cs-ins-c-amt" /><col
      class="cs-ins-c-more" /></colgroup>
    <thead><tr><th>${t('col.item')}</th><th class="num">${t('col.amount')}</th><th>${t('col.level')}</th><th
      class="num">${t('col.selfpay')}</th><th><span class="sr-only">${t('col.more')}</span></th></tr></thead>
    <tbody>
      ${lines.map((l) => {
        const cls = l.status === 'unmatched' ? 'cs-ins-red' : l.status === 'awaiting_doctor' ? 'cs-ins-warn' : '';
        const own = ownOf(l);
        const shown = open.has(l.orderLineId);
        return [
          html`<tr key=${l.orderLineId} data-order-line-id=${l.orderLineId} class=${cls}>
            <td class="cs-ins-item">${l.name}${l.spec ? html` <span class="muted small">${l.spec}</span>` : null}${
              l.status === 'uploaded'
                ? null
                : html` <span class="cs-ins-status small">${t(('status.' + l.status) as 'status.uploaded')}</span>`
            }</td>
            <td class="num">${formatYuan(l.amountFen)}</td>
            <td>${l.chrgitmLvName ?? ''}</td>
            <td class=${'num' + (own ? ' cs-ins-own' : '')}>${own === null ? '' : formatYuan(own)}</td>
            <td>${
              l.status === 'uploaded' || l.memo
                ? html`<button type="button" class="cs-ins-more-btn" aria-expanded=${shown ? 'true' : 'false'}
                  aria-label=${t('more', { name: l.name })} title=${t('col.more')}
                  onClick=${() => toggle(l.orderLineId)}>${shown ? '▾' : '▸'}</button>`
                : null
            }</td>
          </tr>`,
          shown
            ? html`<tr key=${'more-' + l.orderLineId} class="cs-ins-more" data-more-of=${l.orderLineId}>
              <td colspan="5">
                ${
                  l.status === 'uploaded'
                    ? t('detail', {
                        a: yuan(l.fulamtOwnpayFen),
                        b: yuan(l.overlmtFen),
                        c: yuan(l.preselfpayFen),
                        d: yuan(l.inscpScpFen),
                      })
                    : null
                }
                ${l.medListCodg ? html`<span class="muted"> · ${t('listCode', { code: l.medListCodg })}</span>` : null}
                ${l.memo ? html`<div class="muted">${l.memo}</div>` : null}
              </td>
            </tr>`
            : null,
        ];
      })}
    </tbody>
  </table>`;
}

/** The insurer's split in two columns: what the funds pay beside what the patient pays. */
function SplitView(props: { prep: PrepareResult }) {
  const s = props.prep.split;
  if (!s) return null;
  const row = (label: string, v: number, cls = '') =>
    html`<div class=${'cs-ins-split-row ' + cls}><span>${label}</span><span class="num">${formatYuan(v)}</span></div>`;
  return html`<div class="cs-ins-split" data-testid="ins-split">
    <div class="cs-ins-split-col">
      ${row(t('split.total'), s.medfeeFen, 'cs-ins-total')}
      ${row(t('split.hifp'), s.hifpFen)}
      ${s.hifmiFen ? row(t('split.hifmi'), s.hifmiFen) : null}
      ${s.mafFen ? row(t('split.maf'), s.mafFen) : null}
      ${s.otherFundFen ? row(t('split.other'), s.otherFundFen) : null}
      ${row(t('split.fund'), s.fundFen, 'cs-ins-strong')}
    </div>
    <div class="cs-ins-split-col">
      ${s.actPayDedcFen ? row(t('split.dedc'), s.actPayDedcFen, 'muted') : null}
      ${s.acctFen ? row(t('split.acct'), s.acctFen) : null}
      ${row(t('split.cash'), s.psnCashFen)}
      ${props.prep.selfPayFen ? row(t('split.selfPay'), props.prep.selfPayFen) : null}
    </div>
  </div>`;
}

/** The person the insurer answered for, as a cashier reads it (the 19-digit person number as a tooltip). */
function PersonLine(props: { person: NonNullable<PatientState['person']> }) {
  const p = props.person;
  const parts = [
    p.gend === '1' || p.gend === '2' ? t(`sex.${p.gend}`) : null,
    p.age !== null ? t('age', { n: p.age }) : null,
    p.insutypeName,
    p.psnTypeName,
    p.balcFen !== null ? t('balanceShort', { v: formatYuan(p.balcFen) }) : null,
  ].filter((x): x is string => !!x);
  return html`<div class="cs-ins-person" data-testid="ins-person" title=${t('psnNoTip', { no: p.psnNo })}>
    <strong>${p.name}</strong> ${parts.join(' · ')}
    ${p.suspended ? html` <span class="badge badge-warn">${p.statusName ?? t('suspended')}</span>` : null}
  </div>`;
}

/** The insured charge: replaces the payment form while the payer is 医保. */
export function InsuranceSettle(props: {
  patientId: number;
  orderIds: number[];
  onPaid: (r: SettleResult) => void;
  onSelfPay: () => void;
}) {
  const id = props.patientId;
  const st = useResource(() => get<PatientState>(`/api/insurance/settlement/patients/${id}`), [id]);
  const [prep, setPrep] = useState<PrepareResult | null>(null);
  const [busy, setBusy] = useState<'prepare' | 'settle' | 'abandon' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [method, setMethod] = useState<PayMethod>('cash');
  const [tendered, setTendered] = useState('');
  const [reference, setReference] = useState('');
  const [done, setDone] = useState<SettleResult | null>(null);
  const key = useRef<string | null>(null);
  const orderKey = props.orderIds.join(',');

  useEffect(
    () =>
      onEvent(EV.insuranceSettlementChanged, (env) => {
        if (env.payload.patientId === id) st.reload();
      }),
    [id],
  );
  // The orders chosen changed: the pre-settlement no longer holds.
  useEffect(() => {
    setPrep(null);
    key.current = null;
  }, [orderKey]);

  const prepare = async () => {
    if (busy || !props.orderIds.length) return;
    setBusy('prepare');
    setError(null);
    setDone(null);
    try {
      const r = await post<PrepareResult>('/api/insurance/settlement/prepare', {
        patientId: id,
        orderIds: props.orderIds,
      });
      setPrep(r);
      key.current = newKey();
      if (r.status === 'ready') setTendered('');
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'unexpected', String(err)));
      setPrep(null);
    } finally {
      setBusy(null);
      st.reload();
    }
  };

  const due = prep?.cashToCollectFen ?? 0;
  const tenderedFen = tendered.trim() === '' ? null : parseYuan(tendered);
  const short = method === 'cash' && tenderedFen !== null && tenderedFen < due;

  const settle = async (e?: Event) => {
    e?.preventDefault();
    e?.stopPropagation();
    if (busy || !prep || prep.status !== 'ready' || !prep.chrgBchno || short) return;
    const payment: Record<string, unknown> = { method, amountFen: due };
    if (method === 'cash' && tenderedFen !== null) payment.tenderedFen = tenderedFen;
    if (method !== 'cash') payment.reference = reference.trim();
    setBusy('settle');
    setError(null);
    try {
      const r = await post<SettleResult>(
        '/api/insurance/settlement/settle',
        { patientId: id, orderIds: props.orderIds, chrgBchno: prep.chrgBchno, payments: due > 0 ? [payment] : [] },
        { idempotencyKey: key.current ?? (key.current = newKey()) },
      );
      key.current = null;
      setDone(r);
      setPrep(null);
      toast(t('done', { id: r.setlId }));
      props.onPaid(r);
    } catch (err) {
      const ae = err instanceof ApiError ? err : new ApiError(0, 'unexpected', String(err));
      setError(ae);
      // The insurer's answer changed the batch or the cash part: pre-settle again with a new key.
      if (['batch_changed', 'cash_part_changed', 'insurer_bad_answer'].includes(ae.code)) {
        setPrep(null);
        key.current = null;
      }
    } finally {
      setBusy(null);
      st.reload();
    }
  };

  const abandon = async () => {
    if (busy) return;
    setBusy('abandon');
    setError(null);
    try {
      const r = await post<{ cancelled: number }>('/api/insurance/settlement/abandon', { patientId: id });
      toast(t('abandoned', { n: r.cancelled }));
      setPrep(null);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'unexpected', String(err)));
    } finally {
      setBusy(null);
      st.reload();
    }
  };

  // 按自费收费: what was uploaded is cancelled first (2205, best effort: the insurer may be down), then
  // the ordinary cash charge takes over.
  const selfPay = async () => {
    if (busy) return;
    if (s?.insuranceVisit?.uploaded.length) {
      setBusy('abandon');
      await post('/api/insurance/settlement/abandon', { patientId: id }).catch(() => undefined);
      setBusy(null);
    }
    setPrep(null);
    props.onSelfPay();
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (document.querySelector('dialog[open]')) return;
      if (e.key === 'F4') {
        e.preventDefault();
        void prepare();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const s = st.data;
  const person = s?.person ?? null;
  const lock = s?.insuranceVisit?.lock ?? null;
  const lockText = lock ? t('locked', { name: lock.username ?? '', step: lock.step }) : '';
  const ready = prep && prep.status === 'ready';
  return html`<section class="cs-ins" aria-label=${t('title')} data-testid="insurance-settle">
    <div class="cs-ins-head">
      <h3>${t('title')}</h3>
      ${person ? html`<${PersonLine} person=${person} />` : null}
    </div>
    ${st.error ? html`<div class="form-error" role="alert">${st.error.message}</div>` : null}
    ${person ? null : html`<p class="muted small">${t('noPerson')}</p>`}
    ${
      !person || !person.insutype || person.suspended
        ? html`<${PersonLookup} patientId=${id} onDone=${() => st.reload()} />`
        : null
    }
    ${lock ? html`<p class="muted small" role="status">${lockText}</p>` : null}
    ${s ? html`<${Blockers} state=${s} onChange=${() => st.reload()} />` : null}
    ${!prep && person && !error ? html`<p class="muted small">${t('hintInsured')}</p>` : null}
    ${prep ? html`<${SplitView} prep=${prep} />` : null}
    ${error ? html`<div class="form-error" role="alert" data-code=${error.code}>${error.message}</div>` : null}
    ${
      error && ['insurer_unreachable', 'insurer_error', 'insurer_timeout', 'insurer_disabled'].includes(error.code)
        ? html`<p class="muted small">${t('hintSelfPay')}</p>`
        : null
    }
    ${
      ready
        ? html`<form class="cs-ins-pay" onSubmit=${settle}>
          <div class="cs-due"><span>${t('split.collect')}</span> <strong class="cs-big num"
            data-testid="ins-due">${formatYuan(due)}</strong></div>
          <fieldset class="cs-seg">
            ${METHODS.map(
              (m) => html`<label key=${m} class=${'cs-seg-item' + (method === m ? ' cs-on' : '')}><input
                type="radio" name="insMethod" value=${m} checked=${method === m}
                onChange=${() => setMethod(m)} /> ${pick({ zh: METHOD_NAMES[m][0], en: METHOD_NAMES[m][1] })}</label>`,
            )}
          </fieldset>
          <div class="cs-ins-payrow">
          ${
            method === 'cash'
              ? html`<input name="insTendered" class="cs-tendered num" inputmode="decimal" autocomplete="off"
                aria-label=${pick({ zh: '实收现金', en: 'Cash tendered' })} placeholder=${formatYuan(due)}
                value=${tendered} onInput=${(e: Event) => setTendered((e.currentTarget as HTMLInputElement).value)} />`
              : html`<input name="insReference" autocomplete="off" maxlength="64" value=${reference}
                aria-label=${pick({ zh: '交易参考号', en: 'Payment reference' })}
                onInput=${(e: Event) => setReference((e.currentTarget as HTMLInputElement).value)} />`
          }
            <button type="submit" class="btn btn-primary" data-testid="ins-settle"
              disabled=${!!busy || short}>${busy === 'settle' ? t('settling') : t('settle')}</button>
          </div>
        </form>`
        : null
    }
    ${prep?.message ? html`<p class="muted small" role="status">${pick(prep.message)}</p>` : null}
    ${prep ? html`<${Lines} prep=${prep} />` : null}
    <div class="actions">
      <button type="button" class="btn" data-testid="ins-prepare" disabled=${!!busy || !props.orderIds.length}
        onClick=${() => void prepare()}>${busy === 'prepare' ? t('preparing') : t('prepare')}</button>
      <button type="button" class="btn" disabled=${!!busy} onClick=${() => void abandon()}>${t('abandon')}</button>
      <button type="button" class="btn" disabled=${!!busy} onClick=${() => void selfPay()}>${t('selfPay')}</button>
    </div>
    ${done ? html`<${PrintNotice} print=${done.print} />` : null}
  </section>`;
}
