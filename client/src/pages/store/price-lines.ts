// The lines of a price adjustment (调价单) being drafted: an item picker per row, its current
// retail price, the new retail price and (optionally) the new purchase price, all in yuan per
// pack. Essential drugs under zero markup take the new retail price as purchase price (the
// server's rule; the row says so). Prices are sent in integer fen.
import { html } from '../../html.js';
import { formatYuan, hasFractionOfFen, parseYuan } from './format.js';
import { t } from './i18n.js';
import { ItemPicker } from './pickers.js';
import type { CellError } from './lines.js';
import type { ItemRef, StockDocLine } from './types.js';

export interface PriceLineDraft {
  key: number;
  item: ItemRef | null;
  newPriceText: string;
  purchaseText: string;
  reason: string;
  fresh?: boolean;
}

let nextKey = 1_000_000;

export function blankPriceLine(fresh = false): PriceLineDraft {
  return { key: nextKey++, item: null, newPriceText: '', purchaseText: '', reason: '', fresh };
}

export function draftOfPriceLine(l: StockDocLine): PriceLineDraft {
  return {
    key: nextKey++,
    item: {
      id: l.itemId,
      code: l.itemCode,
      kind: 'drug',
      name: l.itemName,
      spec: l.spec,
      unit: l.unit,
      packUnit: l.packUnit,
      packSize: l.packSize,
      priceFen: l.oldPriceFen ?? undefined,
    },
    newPriceText: l.newPriceFen === null ? '' : formatYuan(l.newPriceFen),
    purchaseText:
      l.purchasePriceFen === null || l.purchasePriceFen === l.newPriceFen ? '' : formatYuan(l.purchasePriceFen),
    reason: l.reason ?? '',
  };
}

const money = (text: string): number | null => (hasFractionOfFen(text) ? null : parseYuan(text));

/** What the server would refuse anyway, said at the cell before sending. */
export function checkPriceLine(l: PriceLineDraft): CellError | null {
  const e = (col: string, message: string) => ({ key: l.key, col, message });
  if (!l.item) return e('itemId', t('err.item'));
  const p = money(l.newPriceText);
  if (p === null || p < 0) return e('newPriceFen', t('err.newPrice'));
  if (l.item.priceFen !== undefined && p === l.item.priceFen && !l.purchaseText.trim())
    return e('newPriceFen', t('err.samePrice'));
  if (l.purchaseText.trim()) {
    const q = money(l.purchaseText);
    if (q === null || q < 0) return e('purchasePriceFen', t('err.newPurchase'));
  }
  return null;
}

export function priceLineInput(l: PriceLineDraft): Record<string, unknown> {
  const out: Record<string, unknown> = { itemId: l.item!.id, newPriceFen: money(l.newPriceText) };
  if (l.purchaseText.trim()) out.purchasePriceFen = money(l.purchaseText);
  if (l.reason.trim()) out.reason = l.reason.trim();
  return out;
}

function Msg(props: { err: CellError | undefined; col: string }) {
  if (!props.err || props.err.col !== props.col) return null;
  return html`<div class="field-msg" role="alert">${props.err.message}</div>`;
}

export function PriceLinesGrid(props: {
  lines: PriceLineDraft[];
  errors: CellError[];
  setLines: (fn: (prev: PriceLineDraft[]) => PriceLineDraft[]) => void;
}) {
  const update = (key: number, patch: Partial<PriceLineDraft>) =>
    props.setLines((prev) => prev.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  const remove = (key: number) =>
    props.setLines((prev) => (prev.length > 1 ? prev.filter((l) => l.key !== key) : [blankPriceLine()]));
  const add = () => props.setLines((prev) => [...prev, blankPriceLine(true)]);
  return html`<div class="table-scroll lines-scroll">
    <table class="data lines price-lines" aria-label=${t('lines.label')}>
      <thead>
        <tr>
          <th scope="col" class="num">#</th>
          <th scope="col">${t('col.item')}</th>
          <th scope="col" class="num">${t('col.oldPrice')}</th>
          <th scope="col">${t('col.newPrice')}</th>
          <th scope="col">${t('col.newPurchase')}</th>
          <th scope="col"><span class="sr-only">${t('lines.remove')}</span></th>
        </tr>
      </thead>
      <tbody>
        ${props.lines.map((l, i) => {
          const err = props.errors.find((e) => e.key === l.key);
          const n = (col: string) => `lines.${i}.${col}`;
          const bad = (col: string) => (err?.col === col ? 'true' : undefined);
          return html`<tr key=${l.key} class=${err ? 'line-invalid' : undefined} data-line=${String(i)}>
            <td class="num">${i + 1}</td>
            <td class="line-item">
              <${ItemPicker}
                name=${n('itemId')}
                label=${t('col.itemN', { n: i + 1 })}
                item=${l.item}
                invalid=${!!bad('itemId')}
                autoFocus=${l.fresh}
                onPick=${(item: ItemRef) => update(l.key, { item })}
              />
              ${
                l.item
                  ? html`<div class="small muted">${l.item.spec ?? ''} ·${' '}
                ${l.item.packSize}${l.item.unit}/${l.item.packUnit}</div>`
                  : null
              }
              <${Msg} err=${err} col="itemId" />
              ${
                err && !['itemId', 'newPriceFen', 'purchasePriceFen'].includes(err.col)
                  ? html`<div class="field-msg"
                role="alert">${err.message}</div>`
                  : null
              }
            </td>
            <td class="num mono"
              data-testid="old-price">${l.item?.priceFen === undefined ? '' : formatYuan(l.item.priceFen)}</td>
            <td>
              <input class="cell-input num-input" name=${n('newPriceFen')} inputmode="decimal"
                aria-label=${t('col.newPriceN', { n: i + 1 })} value=${l.newPriceText}
                  aria-invalid=${bad('newPriceFen')}
                onInput=${(e: Event) => update(l.key, { newPriceText: (e.currentTarget as HTMLInputElement).value })} />
              ${l.item ? html`<div class="small muted">${t('price.perPack', { unit: l.item.packUnit })}</div>` : null}
              <${Msg} err=${err} col="newPriceFen" />
            </td>
            <td>
              <input class="cell-input num-input" name=${n('purchasePriceFen')} inputmode="decimal"
                aria-label=${t('col.newPurchaseN', { n: i + 1 })} value=${l.purchaseText}
                  aria-invalid=${bad('purchasePriceFen')}
                placeholder=${l.item?.essential ? '= ' + (l.newPriceText || t('col.newPrice')) : ''}
                onInput=${(e: Event) => update(l.key, { purchaseText: (e.currentTarget as HTMLInputElement).value })} />
              <div class="small muted">${l.item?.essential ? t('price.zeroMarkup') : t('price.purchaseHint')}</div>
              <${Msg} err=${err} col="purchasePriceFen" />
            </td>
            <td><button type="button" class="icon-btn" aria-label=${t('lines.removeN', { n: i + 1 })}
              onClick=${() => remove(l.key)}>×</button></td>
          </tr>`;
        })}
      </tbody>
    </table>
    <button type="button" class="btn btn-small" onClick=${add}>${t('lines.add')}</button>
  </div>`;
}
