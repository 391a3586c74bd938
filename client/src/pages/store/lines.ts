// The lines grid of a stock document being drafted: an item picker per row, then for a
// receipt the lot number, expiry, purchase price (yuan per pack) and quantity; for an
// outgoing document a lot picker (FEFO first, expired lots red and not selectable except
// for a loss or a return to the supplier) showing what is on hand. Quantities are typed in
// packs or smallest units and always sent in smallest units. A receipt line also carries the
// manufacturer and approval number (the catalog item's by default, editable) and warns when
// the lot expires within the center's short shelf-life limit (posting then asks to confirm).
import { useEffect } from 'preact/hooks';
import { get } from '../../api.js';
import { useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { formatYuan, hasFractionOfFen, lineAmountFen, parseCount, parseYuan, todayText } from './format.js';
import { t } from './i18n.js';
import { ItemPicker } from './pickers.js';
import {
  EXPIRED_ALLOWED,
  OUTGOING,
  type DocType,
  type ItemRef,
  type Items,
  type Lot,
  type StockDocLine,
} from './types.js';

export interface LineDraft {
  key: number;
  item: ItemRef | null;
  lotId: number | null;
  /** The chosen lot's price per pack (outgoing types), for the line amount. */
  lotPriceFen: number | null;
  lotNo: string;
  expiryDate: string;
  priceText: string;
  qtyText: string;
  unitMode: 'pack' | 'unit';
  reason: string;
  /** Receipt: 生产厂家 / 批准文号. */
  manufacturer: string;
  approvalNo: string;
  /** Added by the user just now: its item picker takes the focus. */
  fresh?: boolean;
}

/** An error shown at one cell (col) of one row, or on the row when col is ''. */
export interface CellError {
  key: number;
  col: string;
  message: string;
  /** The row as it was when the error was found: an edited row no longer shows it. */
  line?: LineDraft;
}

let nextKey = 1;

export function blankLine(fresh = false): LineDraft {
  return {
    fresh,
    key: nextKey++,
    item: null,
    lotId: null,
    lotPriceFen: null,
    lotNo: '',
    expiryDate: '',
    priceText: '',
    qtyText: '',
    unitMode: 'pack',
    reason: '',
    manufacturer: '',
    approvalNo: '',
  };
}

export function itemOfLine(l: StockDocLine): ItemRef {
  return {
    id: l.itemId,
    code: l.itemCode,
    kind: 'drug',
    name: l.itemName,
    spec: l.spec,
    unit: l.unit,
    packUnit: l.packUnit,
    packSize: l.packSize,
  };
}

export function draftOfLine(l: StockDocLine): LineDraft {
  const q = Math.abs(l.quantity ?? 0);
  const packs = l.packSize > 1 && q % l.packSize === 0;
  return {
    key: nextKey++,
    item: itemOfLine(l),
    lotId: l.lotId,
    lotPriceFen: l.purchasePriceFen,
    lotNo: l.lotNo ?? '',
    expiryDate: l.expiryDate ?? '',
    priceText: l.purchasePriceFen === null ? '' : formatYuan(l.purchasePriceFen),
    qtyText: String(packs ? q / l.packSize : q),
    unitMode: packs || l.packSize <= 1 ? 'pack' : 'unit',
    reason: l.reason ?? '',
    manufacturer: l.manufacturer ?? '',
    approvalNo: l.approvalNo ?? '',
  };
}

/** The quantity in smallest units, or null when the text is not a whole positive number. */
export function lineQty(l: LineDraft): number | null {
  const n = parseCount(l.qtyText);
  if (n === null || n <= 0 || !l.item) return null;
  return l.unitMode === 'pack' ? n * l.item.packSize : n;
}

export function linePriceFen(type: DocType, l: LineDraft): number | null {
  if (type === 'receipt') return hasFractionOfFen(l.priceText) ? null : parseYuan(l.priceText);
  return l.lotPriceFen;
}

export function lineAmount(type: DocType, l: LineDraft): number | null {
  const q = lineQty(l);
  const p = linePriceFen(type, l);
  if (q === null || p === null || p < 0 || !l.item) return null;
  return lineAmountFen(q, p, l.item.packSize);
}

/** Checks a row in the form before it is sent (what the server would refuse anyway, said at the cell). */
export function checkLine(type: DocType, l: LineDraft): CellError | null {
  const e = (col: string, message: string) => ({ key: l.key, col, message, line: l });
  if (!l.item) return e('itemId', t('err.item'));
  if (type === 'receipt') {
    if (!l.lotNo.trim()) return e('lotNo', t('err.lotNo'));
    if (!/^\d{4}-\d{2}-\d{2}$/.test(l.expiryDate)) return e('expiryDate', t('err.expiry'));
    if (l.expiryDate <= todayText()) return e('expiryDate', t('err.expiryPast'));
    if (hasFractionOfFen(l.priceText)) return e('purchasePriceFen', t('err.priceFen'));
    const p = parseYuan(l.priceText);
    if (p === null || p < 0) return e('purchasePriceFen', t('err.price'));
  }
  if (OUTGOING.includes(type) && l.lotId === null) return e('lotId', t('err.lot'));
  if (lineQty(l) === null) return e('quantity', t('err.qty'));
  return null;
}

export function lineInput(type: DocType, l: LineDraft): Record<string, unknown> {
  const out: Record<string, unknown> = { itemId: l.item!.id, quantity: lineQty(l) };
  if (type === 'receipt') {
    out.lotNo = l.lotNo.trim();
    out.expiryDate = l.expiryDate;
    out.purchasePriceFen = parseYuan(l.priceText);
    if (l.manufacturer.trim()) out.manufacturer = l.manufacturer.trim();
    if (l.approvalNo.trim()) out.approvalNo = l.approvalNo.trim();
  } else if (OUTGOING.includes(type)) {
    out.lotId = l.lotId;
  }
  if (l.reason.trim()) out.reason = l.reason.trim();
  return out;
}

/** The first day a received lot is not short-dated: today + months (same day, clamped to the month's end). */
export function shortLimit(today: string, months: number): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

function CellMsg(props: { err: CellError | undefined; col: string }) {
  if (!props.err || props.err.col !== props.col) return null;
  return html`<div class="field-msg" role="alert">${props.err.message}</div>`;
}

export function LinesGrid(props: {
  type: DocType;
  locationId: number;
  lines: LineDraft[];
  errors: CellError[];
  /** Functional updates: several rows may patch themselves in one tick (lots loading). */
  setLines: (fn: (prev: LineDraft[]) => LineDraft[]) => void;
}) {
  const { type, lines } = props;
  const update = (key: number, patch: Partial<LineDraft>) =>
    props.setLines((prev) => prev.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  const remove = (key: number) =>
    props.setLines((prev) => (prev.length > 1 ? prev.filter((l) => l.key !== key) : [blankLine()]));
  const receipt = type === 'receipt';
  const outgoing = OUTGOING.includes(type);
  const total = lines.reduce((s, l) => s + (lineAmount(type, l) ?? 0), 0);
  // The center's short shelf-life limit (settings), for the receipt's warning.
  const today = useResource(
    () =>
      receipt
        ? get<{ today: string; shortShelfLifeMonths: number }>('/api/stock/reports/today')
        : Promise.resolve(null),
    [receipt],
  );
  const months = today.data?.shortShelfLifeMonths ?? 0;
  const limit = today.data && months > 0 ? shortLimit(today.data.today, months) : null;
  return html`<div class="table-scroll lines-scroll">
    <table class="data lines" aria-label=${t('lines.label')}>
      <thead>
        <tr>
          <th scope="col" class="num">#</th>
          <th scope="col">${t('col.item')}</th>
          ${
            receipt
              ? html`<th scope="col">${t('col.lotNo')}</th><th scope="col">${t('col.expiry')}</th><th
            scope="col">${t('col.price')}</th>`
              : null
          }
          ${
            outgoing
              ? html`<th scope="col">${t('col.lot')}</th><th scope="col" class="num">${t('col.price')}
            </th>`
              : null
          }
          <th scope="col">${t('col.qty')}</th>
          ${type !== 'requisition' ? html`<th scope="col" class="num">${t('col.amount')}</th>` : null}
          <th scope="col"><span class="sr-only">${t('lines.remove')}</span></th>
        </tr>
      </thead>
      <tbody>
        ${lines.map((l, i) => {
          const err = props.errors.find((e) => e.key === l.key && (!e.line || e.line === l));
          return html`<${LineRow}
            key=${l.key}
            index=${i}
            type=${type}
            locationId=${props.locationId}
            line=${l}
            err=${err}
            shortLimit=${limit}
            shortMonths=${months}
            onPatch=${(p: Partial<LineDraft>) => update(l.key, p)}
            onRemove=${() => remove(l.key)}
            onEnter=${i === lines.length - 1 ? () => props.setLines((prev) => [...prev, blankLine(true)]) : undefined}
          />`;
        })}
      </tbody>
      ${
        type !== 'requisition'
          ? html`<tfoot><tr><td colspan=${receipt ? 6 : outgoing ? 5 : 3} class="num">${t('lines.total')}</td><td
            class="num mono doc-total" data-testid="doc-total">${formatYuan(total)}</td><td></td></tr></tfoot>`
          : null
      }
    </table>
    <button type="button" class="btn btn-small"
      onClick=${() => props.setLines((prev) => [...prev, blankLine(true)])}>${t('lines.add')}</button>
  </div>`;
}

function LineRow(props: {
  index: number;
  type: DocType;
  locationId: number;
  line: LineDraft;
  err: CellError | undefined;
  shortLimit: string | null;
  shortMonths: number;
  onPatch: (p: Partial<LineDraft>) => void;
  onRemove: () => void;
  /** Enter in the quantity of the last row adds a row. */
  onEnter?: () => void;
}) {
  const { index: i, type, line: l, err } = props;
  const receipt = type === 'receipt';
  const outgoing = OUTGOING.includes(type);
  const n = (col: string) => `lines.${i}.${col}`;
  const bad = (col: string) => (err?.col === col ? 'true' : undefined);
  const amount = lineAmount(type, l);
  const shownCols = [
    'itemId',
    'quantity',
    ...(receipt ? ['lotNo', 'expiryDate', 'purchasePriceFen', 'manufacturer', 'approvalNo'] : []),
    ...(outgoing ? ['lotId'] : []),
  ];
  const short =
    receipt &&
    props.shortLimit !== null &&
    /^\d{4}-\d{2}-\d{2}$/.test(l.expiryDate) &&
    l.expiryDate > todayText() &&
    l.expiryDate < props.shortLimit;
  return html`<tr class=${err ? 'line-invalid' : undefined} data-line=${String(i)}>
    <td class="num">${i + 1}</td>
    <td class="line-item">
      <${ItemPicker}
        name=${n('itemId')}
        label=${t('col.itemN', { n: i + 1 })}
        item=${l.item}
        invalid=${!!bad('itemId')}
        autoFocus=${l.fresh}
        onPick=${(item: ItemRef) =>
          props.onPatch({
            item,
            lotId: null,
            lotPriceFen: null,
            priceText:
              receipt && item.purchasePriceFen != null && !l.priceText
                ? formatYuan(item.purchasePriceFen)
                : l.priceText,
            manufacturer: receipt && !l.manufacturer ? (item.manufacturer ?? '') : l.manufacturer,
            approvalNo: receipt && !l.approvalNo ? (item.approvalNo ?? '') : l.approvalNo,
            unitMode: item.packSize > 1 ? l.unitMode : 'pack',
          })}
      />
      ${
        l.item
          ? html`<div class="small muted">${l.item.spec ?? ''} ·${' '}
        ${l.item.packSize}${l.item.unit}/${l.item.packUnit}</div>`
          : null
      }
      ${
        receipt && l.item
          ? html`<div class="line-extra">
            <input class="cell-input" name=${n('manufacturer')} aria-label=${t('col.manufacturerN', { n: i + 1 })}
              placeholder=${t('col.manufacturer')} value=${l.manufacturer} maxLength=${100}
                aria-invalid=${bad('manufacturer')}
                  onInput=${(e: Event) =>
                    props.onPatch({ manufacturer: (e.currentTarget as HTMLInputElement).value })} />
            <input class="cell-input" name=${n('approvalNo')} aria-label=${t('col.approvalNoN', { n: i + 1 })}
              placeholder=${t('col.approvalNo')} value=${l.approvalNo} maxLength=${50}
                aria-invalid=${bad('approvalNo')}
                  onInput=${(e: Event) => props.onPatch({ approvalNo: (e.currentTarget as HTMLInputElement).value })} />
            <${CellMsg} err=${err} col="manufacturer" />
            <${CellMsg} err=${err} col="approvalNo" />
          </div>`
          : null
      }
      <${CellMsg} err=${err} col="itemId" />
      ${err && !shownCols.includes(err.col) ? html`<div class="field-msg" role="alert">${err.message}</div>` : null}
    </td>
    ${
      receipt
        ? html`<td>
            <input class="cell-input" name=${n('lotNo')} aria-label=${t('col.lotNoN', { n: i + 1 })} value=${l.lotNo}
              maxLength=${40} aria-invalid=${bad('lotNo')}
                onInput=${(e: Event) => props.onPatch({ lotNo: (e.currentTarget as HTMLInputElement).value })} />
            <${CellMsg} err=${err} col="lotNo" />
          </td>
          <td>
            <input class="cell-input" type="date" name=${n('expiryDate')} aria-label=${t('col.expiryN', { n: i + 1 })}
              value=${l.expiryDate} aria-invalid=${bad('expiryDate')}
                onInput=${(e: Event) => props.onPatch({ expiryDate: (e.currentTarget as HTMLInputElement).value })} />
            ${
              short
                ? html`<div class="small warn-text" role="status"
              data-testid="short-expiry">${t('short.warn', { m: props.shortMonths })}</div>`
                : null
            }
            <${CellMsg} err=${err} col="expiryDate" />
          </td>
          <td>
            <input class="cell-input num-input" name=${n('purchasePriceFen')} inputmode="decimal"
              aria-label=${t('col.priceN', { n: i + 1 })} value=${l.priceText}
                aria-invalid=${bad('purchasePriceFen') ?? (hasFractionOfFen(l.priceText) ? 'true' : undefined)}
                  onInput=${(e: Event) => props.onPatch({ priceText: (e.currentTarget as HTMLInputElement).value })} />
            ${l.item ? html`<div class="small muted">${t('price.per', { unit: l.item.packUnit })}</div>` : null}
            ${
              hasFractionOfFen(l.priceText) && err?.col !== 'purchasePriceFen'
                ? html`<div class="field-msg"
              role="alert">${t('err.priceFen')}</div>`
                : null
            }
            <${CellMsg} err=${err} col="purchasePriceFen" />
          </td>`
        : null
    }
    ${
      outgoing
        ? html`<td>
            ${
              l.item
                ? html`<${LotSelect} name=${n('lotId')} index=${i} type=${type} locationId=${props.locationId}
              itemId=${l.item.id} value=${l.lotId} invalid=${!!bad('lotId')}
                onPick=${(lot: Lot | null) =>
                  props.onPatch({
                    lotId: lot?.id ?? null,
                    lotPriceFen: lot?.purchasePriceFen ?? null,
                    lotNo: lot?.lotNo ?? '',
                    expiryDate: lot?.expiryDate ?? '',
                  })} />`
                : null
            }
            <${CellMsg} err=${err} col="lotId" />
          </td>
          <td class="num mono">${l.lotPriceFen === null ? '' : formatYuan(l.lotPriceFen)}</td>`
        : null
    }
    <td class="nowrap">
      <span class="qty-cell">
        <input class="cell-input qty-input" name=${n('quantity')} inputmode="numeric"
          aria-label=${t('col.qtyN', { n: i + 1 })} value=${l.qtyText} aria-invalid=${bad('quantity')}
          onInput=${(e: Event) => props.onPatch({ qtyText: (e.currentTarget as HTMLInputElement).value })}
          onKeyDown=${(e: KeyboardEvent) => {
            if (e.key === 'Enter' && props.onEnter) {
              e.preventDefault();
              props.onEnter();
            }
          }}
        />
        ${
          l.item && l.item.packSize > 1
            ? html`<select name=${n('unitMode')} aria-label=${t('col.unitN', { n: i + 1 })} value=${l.unitMode}
              onChange=${(e: Event) =>
                props.onPatch({ unitMode: (e.currentTarget as HTMLSelectElement).value as 'pack' | 'unit' })}>
              <option value="pack">${l.item.packUnit}</option>
              <option value="unit">${l.item.unit}</option>
            </select>`
            : html`<span>${l.item?.packUnit ?? ''}</span>`
        }
      </span>
      ${
        l.item && l.unitMode === 'pack' && l.item.packSize > 1 && lineQty(l) !== null
          ? html`<div
        class="small muted">= ${lineQty(l)}${l.item.unit}</div>`
          : null
      }
      <${CellMsg} err=${err} col="quantity" />
    </td>
    ${
      type !== 'requisition'
        ? html`<td class="num mono"
      data-testid="line-amount">${amount === null ? '' : formatYuan(amount)}</td>`
        : null
    }
    <td><button type="button" class="icon-btn" aria-label=${t('lines.removeN', { n: i + 1 })}
      onClick=${props.onRemove}>×</button></td>
  </tr>`;
}

/** The lots of the item at the location, FEFO first; expired ones red and disabled unless the type allows them. */
function LotSelect(props: {
  name: string;
  index: number;
  type: DocType;
  locationId: number;
  itemId: number;
  value: number | null;
  invalid: boolean;
  onPick: (lot: Lot | null) => void;
}) {
  const lots = useResource(
    () =>
      get<Items<Lot>>('/api/stock/lots', {
        locationId: props.locationId,
        itemId: props.itemId,
        includeExpired: 'true',
      }),
    [props.locationId, props.itemId],
  );
  const expiredOk = EXPIRED_ALLOWED.includes(props.type);
  const list = lots.data?.items ?? [];
  const usable = (l: Lot) => (expiredOk || !l.expired) && l.qtyOnHand > 0;
  // Take the first usable lot (FEFO) when the row has none yet.
  useEffect(() => {
    if (props.value === null && lots.data) {
      const first = list.find(usable);
      if (first) props.onPick(first);
    } else if (props.value !== null && lots.data) {
      const cur = list.find((l) => l.id === props.value);
      if (cur) props.onPick(cur);
    }
  }, [lots.data]);
  if (lots.error) return html`<div class="field-msg" role="alert">${lots.error.message}</div>`;
  const cur = list.find((l) => l.id === props.value);
  return html`<div>
    <select
      class=${cur?.expired ? 'lot-select lot-expired-sel' : 'lot-select'}
      name=${props.name}
      aria-label=${t('col.lotN', { n: props.index + 1 })}
      aria-invalid=${props.invalid ? 'true' : undefined}
      value=${props.value === null ? '' : String(props.value)}
      onChange=${(e: Event) =>
        props.onPick(list.find((l) => l.id === Number((e.currentTarget as HTMLSelectElement).value)) ?? null)}
    >
      <option value="">${lots.loading && !lots.data ? t('loading') : list.length ? t('lot.choose') : t('lot.none')}
        </option>
      ${list.map(
        (l) => html`<option key=${l.id} value=${String(l.id)} disabled=${!usable(l)}
          class=${l.expired ? 'opt-expired' : l.nearExpiry ? 'opt-near' : undefined}>
          ${l.lotNo} · ${t('lot.expiry', { date: l.expiryDate })} ·${' '}
            ${t('lot.onHand', { n: l.qtyOnHand, unit: l.unit })}${
              l.expired ? ' · ' + t('lot.expired') : l.nearExpiry ? ' · ' + t('lot.near') : ''
            }
        </option>`,
      )}
    </select>
    ${
      cur
        ? html`<div class=${cur.expired ? 'small danger-text' : cur.nearExpiry ? 'small warn-text' : 'small muted'}>${t(
            'lot.onHand',
            { n: cur.qtyOnHand, unit: cur.unit },
          )}${cur.expired ? ' · ' + t('lot.expired') : ''}</div>`
        : null
    }
  </div>`;
}
