// The prescription editor: western / herbal / service orders. Items are found by pinyin
// initials, name or code with live stock on hand (pharmacy:<id> room, stock:changed); each
// line shows its computed quantity and the server's check messages as the doctor types;
// save a draft or sign (F9) — the same idempotency keys are reused on a retry.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get, newKey, post, put } from '../../api.js';
import { toast } from '../../components/toast.js';
import { useDebounced, useKeydown, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { fitPop } from '../../components/fit-pop.js';
import { lang } from '../../i18n/index.js';
import { scoped } from '../../i18n/scoped.js';
import { joinRooms, onEvent } from '../../socket.js';
import { t } from './i18n.js';
import type { UnsavedRecord } from './visit.js';
import {
  yuan,
  type CatalogItem,
  type Dept,
  type Order,
  type OrderKind,
  type Problem,
  type Visit,
  type Vocabulary,
} from './types.js';
import { EV } from '../../../../core/contract.js';

const PHARMACY_STORE = 'jiceng.doctor.pharmacy';

// An item whose invoice category the administrator never saved cannot be signed (nor charged).
const tu = scoped(
  {
    'unconfirmed.badge': '未归类',
    'unconfirmed.tip': '该项目尚未归类发票项目，处方无法签署；请管理员在“发票归类”中保存其发票类别',
  },
  {
    'unconfirmed.badge': 'Unmapped',
    'unconfirmed.tip':
      'This item has no saved invoice category and cannot be signed; the administrator must save it under ' +
      'Invoice categories',
  },
);
const unconfirmed = (it: CatalogItem) =>
  (it as CatalogItem & { invoiceConfirmed?: boolean }).invoiceConfirmed === false;

interface Line {
  key: string;
  item: Pick<
    CatalogItem,
    'id' | 'name' | 'spec' | 'unit' | 'packUnit' | 'packSize' | 'priceFen' | 'kind' | 'dosePerUnit'
  >;
  dose: string;
  doseUnit: string;
  frequency: string;
  route: string;
  days: string;
  quantity: string;
}

/** The text of the input an event came from. */
const inputValue = (e: Event) => (e.currentTarget as HTMLInputElement).value;
const num = (s: string): number | null => (s.trim() === '' ? null : Number(s.trim()));

function lineFromItem(it: CatalogItem, kind: OrderKind): Line {
  const drug = it.kind === 'drug';
  return {
    key: newKey(),
    item: it,
    dose: drug ? (it.defaultDose ?? '') : '',
    doseUnit: drug ? (it.doseUnit ?? it.unit) : '',
    frequency: drug && kind !== 'herbal' ? (it.defaultFrequency ?? 'tid') : '',
    route: drug ? (kind === 'herbal' ? 'decoct' : (it.defaultRoute ?? 'po')) : '',
    days: drug && kind !== 'herbal' ? '3' : '',
    quantity: drug ? '' : '1',
  };
}

function lineFromOrder(o: Order['lines'][number], kind: OrderKind): Line {
  return {
    key: newKey(),
    item: {
      id: o.itemId,
      name: o.name,
      spec: o.spec,
      unit: o.unit,
      packUnit: o.packUnit,
      packSize: o.packSize,
      priceFen: o.unitPriceFen,
      kind: kind === 'service' ? 'service' : 'drug',
      dosePerUnit: null,
    },
    dose: o.dose ?? '',
    doseUnit: o.doseUnit ?? '',
    frequency: o.frequency ?? '',
    route: o.route ?? '',
    days: o.days ? String(o.days) : '',
    quantity: o.dose ? '' : String(o.quantity),
  };
}

export function RxEditor(props: { visit: Visit; draft: Order | null; onDone: () => void; record: UnsavedRecord }) {
  const d0 = props.draft;
  const pharmacies = useResource(
    () => get<{ items: Dept[] }>('/api/departments', { kind: 'pharmacy', active: 'true' }),
    [],
  );
  const vocab = useResource(() => get<Vocabulary>('/api/orders/vocabulary'), []);
  const [kind, setKind] = useState<OrderKind>(d0?.kind ?? 'western');
  const [pharmacyId, setPharmacyId] = useState<number | null>(
    d0?.pharmacyId ?? (Number(sessionStorage.getItem(PHARMACY_STORE)) || null),
  );
  const [emergency, setEmergency] = useState(d0?.emergency ?? false);
  const [herbalDoses, setHerbalDoses] = useState(d0?.herbalDoses ? String(d0.herbalDoses) : '7');
  const [supplyReason, setSupplyReason] = useState(d0?.supplyReason ?? '');
  const [override, setOverride] = useState(d0?.allergyOverrideReason ?? '');
  const [lines, setLines] = useState<Line[]>(d0 ? d0.lines.map((l) => lineFromOrder(l, d0.kind)) : []);
  const [draft, setDraft] = useState<{ id: number; version: number } | null>(
    d0 ? { id: d0.id, version: d0.version } : null,
  );
  // The draft as known right now (a check sent before a save answered must still name it).
  const draftNow = useRef(draft);
  draftNow.current = draft;
  const [dirty, setDirty] = useState(false);
  const [keys, setKeys] = useState(() => ({ create: newKey(), sign: newKey() }));
  const [stock, setStock] = useState<Map<number, number>>(new Map());
  const [check, setCheck] = useState<{ problems: Problem[]; quantities: Array<number | null> }>({
    problems: [],
    quantities: [],
  });
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const search = useRef<HTMLInputElement>(null);

  const list = pharmacies.data?.items ?? [];
  const pid =
    kind === 'service'
      ? null
      : pharmacyId !== null && list.some((p) => p.id === pharmacyId)
        ? pharmacyId
        : (list[0]?.id ?? null);

  // Live stock at the chosen pharmacy.
  useEffect(() => (pid ? joinRooms([`pharmacy:${pid}`]) : undefined), [pid]);
  useEffect(
    () =>
      onEvent(EV.stockChanged, (env) => {
        const p = env.payload;
        if (p.locationId === pid) setStock((m) => new Map(m).set(p.itemId, p.onHand));
      }),
    [pid],
  );

  const body = () => ({
    kind,
    pharmacyId: pid,
    emergency,
    supplyReason: supplyReason.trim() || null,
    allergyOverrideReason: override.trim() || null,
    herbalDoses: kind === 'herbal' ? num(herbalDoses) : null,
    lines: lines.map((l) => ({
      itemId: l.item.id,
      dose: l.dose.trim() || null,
      doseUnit: l.doseUnit.trim() || null,
      frequency: l.frequency || null,
      route: l.route || null,
      days: num(l.days),
      quantity: num(l.quantity),
    })),
  });

  // The server's checks, as the doctor types.
  const snapshot = JSON.stringify(body());
  const debounced = useDebounced(snapshot, 300);
  useEffect(() => {
    if (!lines.length) {
      setCheck({ problems: [], quantities: [] });
      return;
    }
    let live = true;
    post<{ problems: Problem[]; lines: Array<{ itemId: number; quantity: number | null; onHand: number | null }> }>(
      '/api/orders/check',
      {
        visitId: props.visit.id,
        ...(JSON.parse(debounced) as object),
        ...(draftNow.current ? { orderId: draftNow.current.id } : {}),
      },
    ).then(
      (r) => {
        if (!live) return;
        setCheck({ problems: r.problems, quantities: r.lines.map((l) => l.quantity) });
        setStock((m) => {
          const n = new Map(m);
          for (const l of r.lines) if (l.onHand !== null) n.set(l.itemId, l.onHand);
          return n;
        });
      },
      (e: unknown) =>
        live &&
        e instanceof ApiError &&
        setCheck({ problems: [{ code: e.code, field: e.field ?? '', message: e.message }], quantities: [] }),
    );
    return () => {
      live = false;
    };
  }, [debounced]);

  const change = (fn: () => void) => {
    fn();
    setDirty(true);
    setError(null);
  };
  const setLine = (i: number, patch: Partial<Line>) =>
    change(() => setLines((ls) => ls.map((l, j) => (j === i ? { ...l, ...patch } : l))));
  const addItem = (it: CatalogItem) => {
    change(() => setLines((ls) => [...ls, lineFromItem(it, kind)]));
    if (it.onHand !== null) setStock((m) => new Map(m).set(it.id, it.onHand!));
    setTimeout(() => {
      const inputs = document.querySelectorAll<HTMLInputElement>('.rx-lines tbody tr:last-child input');
      (inputs[0] ?? search.current)?.focus();
    }, 0);
  };

  const save = async (): Promise<{ id: number; version: number }> => {
    if (!draft) {
      const o = await post<Order>(
        '/api/orders',
        { visitId: props.visit.id, ...body() },
        { idempotencyKey: keys.create },
      );
      const d = { id: o.id, version: o.version };
      setDraft(d);
      setDirty(false);
      return d;
    }
    if (!dirty) return draft;
    const o = await put<Order>(`/api/orders/${draft.id}`, { ...body(), version: draft.version });
    const d = { id: o.id, version: o.version };
    setDraft(d);
    setDirty(false);
    return d;
  };
  const run = async (sign: boolean) => {
    if (busy || !lines.length) return;
    // Checked before sending: a total above what the dose needs (the editor's live check found it) is not sent.
    const over = check.problems.find((x) => x.code === 'quantity_exceeds_need');
    if (over) {
      setError(new ApiError(422, over.code, over.message, over.field));
      document.querySelector<HTMLInputElement>(`.rx-lines [name="${over.field}"]`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (sign) {
        // 签名 saves what is on the screen — the record with a picked diagnosis, this
        // prescription (new, or the draft it edits) — and signs it in one transaction: a
        // refusal leaves no draft behind to be taken for a duplicate of these lines.
        const record = props.record();
        await post(
          `/api/visits/${props.visit.id}/sign-order`,
          {
            ...(record ? { record } : {}),
            ...(draft ? { orderId: draft.id, version: draft.version } : {}),
            order: body(),
          },
          { idempotencyKey: keys.sign },
        );
        toast(t('orders.signed'));
        setKeys({ create: newKey(), sign: newKey() });
        props.onDone();
      } else {
        await save();
        toast(t('rx.draftSaved'));
        props.onDone();
      }
    } catch (e) {
      if (e instanceof ApiError) setError(e);
      else toast(t('error.unexpected'), 'error');
    } finally {
      setBusy(false);
    }
  };
  useKeydown((e) => {
    if (e.key === 'F9' && !document.querySelector('dialog[open]')) {
      e.preventDefault();
      void run(true);
    }
  });

  const problems = error
    ? [
        {
          code: error.code,
          field: error.field ?? '',
          message: error.code === 'stale_version' ? t('stale') : error.message,
        },
        ...check.problems.filter((p) => p.field !== error.field),
      ]
    : check.problems;
  const lineProblems = (i: number) => problems.filter((p) => p.field.startsWith(`lines.${i}.`));
  const general = problems.filter((p) => !/^lines\.\d+\./.test(p.field));
  const freq = vocab.data?.frequencies ?? [];
  const routes = vocab.data?.routes ?? [];
  const label = (x: { zh: string; en: string; code: string }) => `${x.code} ${lang.value === 'en' ? x.en : x.zh}`;
  const hasAllergy = problems.some((p) => p.code === 'allergy') || override !== '';
  const needsReason = problems.some((p) => p.code === 'supply_reason_required') || supplyReason !== '';
  const total = lines.reduce((s, l, i) => {
    const q = num(l.quantity) ?? check.quantities[i] ?? 0;
    return Number.isInteger(q)
      ? s + Math.floor((2 * q * l.item.priceFen + l.item.packSize) / (2 * l.item.packSize))
      : s;
  }, 0);

  return html`<section class="panel rx" aria-labelledby="rx-title">
    <h2 id="rx-title">${draft ? t('rx.editing', { id: draft.id }) : t('rx.title')}</h2>
    <div class="rx-head">
      <div class="seg" role="radiogroup" aria-label=${t('rx.kind')}>
        ${(['western', 'herbal', 'service'] as OrderKind[]).map(
          (k) =>
            html`<button type="button" role="radio" aria-checked=${kind === k ? 'true' : 'false'}
              class=${kind === k ? 'seg-on' : ''} disabled=${lines.length > 0 && kind !== k}
                onClick=${() => change(() => setKind(k))}>${t(('orders.kind.' + k) as 'orders.kind.western')}</button>`,
        )}
      </div>
      ${
        kind !== 'service'
          ? html`<label class="inline">${t('rx.pharmacy')}
            <select name="pharmacyId" value=${String(pid ?? '')} onChange=${(e: Event) => {
              const v = Number((e.currentTarget as HTMLSelectElement).value);
              sessionStorage.setItem(PHARMACY_STORE, String(v));
              change(() => setPharmacyId(v));
            }}>
              ${list.map((p) => html`<option key=${p.id} value=${String(p.id)}>${p.name}</option>`)}
            </select></label>`
          : null
      }
      ${
        kind === 'herbal'
          ? html`<label class="inline">${t('rx.herbalDoses')} <input name="herbalDoses" class="w4" inputmode="numeric"
            value=${herbalDoses}
              onInput=${(e: Event) => change(() => setHerbalDoses(inputValue(e)))} /></label>`
          : null
      }
      ${
        kind === 'western'
          ? html`<label class="inline"><input type="checkbox" name="emergency" checked=${emergency}
        onChange=${(e: Event) => change(() => setEmergency((e.currentTarget as HTMLInputElement).checked))} />${' '}
          ${t('rx.emergency')}</label>`
          : null
      }
    </div>
    <${ItemSearch} inputRef=${search} kind=${kind} pharmacyId=${pid} onPick=${addItem} />
    ${general.map((p) => html`<div class="form-error" role="alert" data-code=${p.code}>${p.message}</div>`)}
    <table class="rx-lines">
      <thead>
        <tr>
          <th>${t('rx.col.item')}</th><th>${t('rx.col.dose')}</th><th>${t('rx.col.unit')}</th>
            <th>${t('rx.col.frequency')}</th><th>${t('rx.col.route')}</th>
          <th>${t('rx.col.days')}</th><th>${t('rx.col.quantity')}</th><th>${t('rx.col.stock')}</th><th></th>
        </tr>
      </thead>
      <tbody>
        ${lines.length === 0 ? html`<tr><td colspan="9" class="muted">${t('rx.empty')}</td></tr>` : null}
        ${lines.map((l, i) => {
          const computed = check.quantities[i];
          const q = num(l.quantity) ?? computed ?? null;
          const onHand = stock.get(l.item.id);
          const drug = l.item.kind === 'drug';
          const enter = (e: KeyboardEvent) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              search.current?.focus();
            }
          };
          const inp = (name: keyof Line, cls: string, on = true) =>
            on
              ? html`<input name=${`lines.${i}.${name}`} class=${cls} value=${l[name] as string} onKeyDown=${enter}
                onInput=${(e: Event) => setLine(i, { [name]: (e.currentTarget as HTMLInputElement).value })} />`
              : null;
          return html`<tr key=${l.key} class=${lineProblems(i).length ? 'rx-bad' : ''} data-line=${i}>
              <td><strong>${l.item.name}</strong> <span class="muted">${l.item.spec ?? ''}</span></td>
              <td>${inp('dose', 'w5', drug)}</td>
              <td>${inp('doseUnit', 'w4', drug)}</td>
              <td>
                ${
                  drug && kind !== 'herbal'
                    ? html`<select name=${`lines.${i}.frequency`} value=${l.frequency}
                      onChange=${(e: Event) => setLine(i, { frequency: (e.currentTarget as HTMLSelectElement).value })}>
                      ${freq.map((f) => html`<option key=${f.code} value=${f.code}>${label(f)}</option>`)}
                    </select>`
                    : null
                }
              </td>
              <td>
                ${
                  drug
                    ? html`<select name=${`lines.${i}.route`} value=${l.route}
                      onChange=${(e: Event) => setLine(i, { route: (e.currentTarget as HTMLSelectElement).value })}>
                      ${routes.map((r) => html`<option key=${r.code} value=${r.code}>${label(r)}</option>`)}
                    </select>`
                    : null
                }
              </td>
              <td>${inp('days', 'w3', drug && kind !== 'herbal')}</td>
              <td class="qty">
                <input name=${`lines.${i}.quantity`} class="w4" value=${l.quantity}
                  placeholder=${computed != null ? String(computed) : ''} aria-label=${t('rx.col.quantity')}
                    onKeyDown=${enter} onInput=${(e: Event) => setLine(i, { quantity: inputValue(e) })} />
                <span class="qty-out" data-testid=${`qty-${i}`}>${q !== null ? `${q}${l.item.unit}` : ''}</span>
                ${
                  l.quantity === '' && computed != null
                    ? html`<span class="muted small">${t('rx.computed')}
                  </span>`
                    : null
                }
              </td>
              <td class=${onHand !== undefined && q !== null && onHand < q ? 'num stock-low' : 'num'}
                title=${onHand !== undefined && q !== null && onHand < q ? t('rx.stockLow') : ''}
                  data-testid=${`stock-${i}`}>
                ${onHand !== undefined ? `${onHand}${l.item.unit}` : ''}
              </td>
              <td><button type="button" class="btn btn-small btn-quiet" aria-label=${t('rx.remove', { n: i + 1 })}
                onClick=${() => change(() => setLines((ls) => ls.filter((_, j) => j !== i)))}>×</button></td>
            </tr>
            ${lineProblems(i).map(
              (p) => html`<tr class="rx-problem"><td colspan="9" role="alert"
              data-code=${p.code}>⚠ ${p.message}</td></tr>`,
            )}`;
        })}
      </tbody>
    </table>
    ${
      needsReason
        ? html`<label class="field"><span class="field-label">${t('rx.supplyReason')}</span><input name="supplyReason"
          value=${supplyReason} placeholder=${t('rx.supplyReasonHint')}
            onInput=${(e: Event) => change(() => setSupplyReason(inputValue(e)))} /></label>`
        : null
    }
    ${
      hasAllergy
        ? html`<label class="field"><span class="field-label">${t('rx.allergyOverride')}</span><input
          name="allergyOverrideReason" value=${override}
            onInput=${(e: Event) => change(() => setOverride((e.currentTarget as HTMLInputElement).value))} /></label>`
        : null
    }
    <div class="form-actions">
      <span class="num rx-total">${t('orders.total', { yuan: yuan(total) })}</span>
      <button type="button" class="btn" disabled=${busy || !lines.length} onClick=${() => {
        setLines([]);
        setDraft(null);
        setDirty(false);
        setKeys({ create: newKey(), sign: newKey() });
        props.onDone();
      }}>${t('rx.clear')}</button>
      <button type="button" class="btn" disabled=${busy || !lines.length}
        onClick=${() => run(false)}>${t('rx.saveDraft')}</button>
      <button type="button" class="btn btn-primary" disabled=${busy || !lines.length}
        onClick=${() => run(true)}>${busy ? t('working') : t('rx.sign')}</button>
    </div>
  </section>`;
}

function ItemSearch(props: {
  inputRef: { current: HTMLInputElement | null };
  kind: OrderKind;
  pharmacyId: number | null;
  onPick: (it: CatalogItem) => void;
}) {
  const [q, setQ] = useState('');
  const dq = useDebounced(q, 200);
  const [active, setActive] = useState(0);
  const r = useResource(
    () =>
      dq.trim()
        ? get<{ items: CatalogItem[] }>('/api/catalog/items', {
            q: dq.trim(),
            pharmacyId: props.pharmacyId,
            kind: props.kind === 'service' ? undefined : 'drug',
            limit: 20,
          })
        : Promise.resolve({ items: [] }),
    [dq, props.pharmacyId, props.kind],
  );
  const items = (r.data?.items ?? []).filter((it) =>
    props.kind === 'service'
      ? it.kind !== 'drug'
      : props.kind === 'herbal'
        ? it.drugClass === 'herbal'
        : it.drugClass !== 'herbal',
  );
  useEffect(() => setActive(0), [r.data]);
  // On hand as found, then as pushed live (stock:changed at this pharmacy; the editor joined its room).
  const [live, setLive] = useState<Map<number, number>>(new Map());
  useEffect(() => {
    setLive(new Map());
    return onEvent(EV.stockChanged, (env) => {
      const p = env.payload;
      if (p.locationId === props.pharmacyId) setLive((m) => new Map(m).set(p.itemId, p.onHand));
    });
  }, [props.pharmacyId]);
  const onHandOf = (it: CatalogItem) => (it.onHand === null ? null : (live.get(it.id) ?? it.onHand));
  const pick = (it: CatalogItem | undefined) => {
    if (!it) return;
    props.onPick(it);
    setQ('');
  };
  return html`<div class="search-pop rx-search">
    <input
      ref=${props.inputRef}
      type="search"
      name="itemSearch"
      autocomplete="off"
      aria-label=${props.kind === 'service' ? t('rx.searchService') : t('rx.search')}
      placeholder=${props.kind === 'service' ? t('rx.searchService') : t('rx.search')}
      value=${q}
      onInput=${(e: Event) => setQ((e.currentTarget as HTMLInputElement).value)}
      onKeyDown=${(e: KeyboardEvent) => {
        if (e.key === 'ArrowDown') setActive(Math.min(active + 1, items.length - 1));
        else if (e.key === 'ArrowUp') setActive(Math.max(active - 1, 0));
        else if (e.key === 'Enter') pick(items[active]);
        else return;
        e.preventDefault();
      }}
    />
    ${
      q.trim() && r.data && dq === q
        ? html`<ul class="pop" ref=${fitPop} role="listbox" aria-label=${t('rx.col.item')}>
          ${items.length === 0 ? html`<li class="muted">${t('rx.noResults')}</li>` : null}
          ${items.map(
            (it, i) => html`<li key=${it.id} role="option" aria-selected=${i === active ? 'true' : 'false'}
              class=${i === active ? 'pop-on' : ''} onMouseDown=${(e: Event) => {
                e.preventDefault();
                pick(it);
              }}>
              <strong>${it.name}</strong> <span class="muted">${it.spec ?? ''}</span>
              ${
                unconfirmed(it)
                  ? html` <span class="badge rx-unconfirmed"
                style="color:var(--danger);background:var(--danger-soft)"
                  title=${tu('unconfirmed.tip')}>${tu('unconfirmed.badge')}</span>`
                  : null
              }
              <span class="num">¥${yuan(it.priceFen)}/${it.packUnit}</span>
              ${
                onHandOf(it) !== null
                  ? html`<span class=${onHandOf(it)! > 0 ? 'num' : 'num stock-low'}
                data-testid=${`search-stock-${it.id}`}>${onHandOf(it)}${it.unit}</span>`
                  : null
              }
            </li>`,
          )}
        </ul>`
        : null
    }
  </div>`;
}
