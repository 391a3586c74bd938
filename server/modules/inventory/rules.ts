// The rules a stock document must satisfy, checked when it is drafted or edited AND again
// inside the posting transaction (stock, expiry and settings may have changed since).
// Returns the lines as they are stored: outgoing lines carry their lot's number, expiry and
// purchase price; a supplier return gets the supplier of the lot's receipt when none is given.
import type { Db } from '../../../db/connection.js';
import type { StockDocType } from '../../../db/schema.js';
import { DomainError, conflict, invalid, notFound } from '../../../core/errors.js';
import { addMonths } from '../../../core/calendar.js';
import { t } from '../../../core/i18n.js';
import { formatYuan } from '../../../core/money.js';
import type { Trx } from '../../lib/uow.js';
import { getInstitutionSettings } from '../settings/index.js';
import { assertDocTypeEnabled } from '../stock-locations/index.js';
import { checkPriceLines } from './price-adjustment.js';
import * as repo from './repo.js';

type Q = Db | Trx;

export interface DocHeader {
  type: StockDocType;
  locationId: number;
  counterpartId: number | null;
  supplierId: number | null;
  supplierInvoiceNo: string | null;
  reason: string | null;
  requisitionId: number | null;
  /** The document being edited or posted (null while creating). */
  docId: number | null;
}

export interface LineIn {
  itemId: number;
  lotId?: number | null | undefined;
  lotNo?: string | null | undefined;
  expiryDate?: string | null | undefined;
  purchasePriceFen?: number | null | undefined;
  /** Every type but the price adjustment requires it (422 naming the line). */
  quantity?: number | null | undefined;
  reason?: string | null | undefined;
  newPriceFen?: number | null | undefined;
  manufacturer?: string | null | undefined;
  approvalNo?: string | null | undefined;
}

export interface CheckedDoc {
  counterpartId: number | null;
  supplierId: number | null;
  lines: repo.NewLine[];
  /** The lots the check read, for posting in the same transaction (no re-read): a receipt's
   *  existing lots at its location by `${itemId}\n${lotNo}`, the source lots of outgoing lines by id. */
  receiving?: Map<string, repo.LotRow>;
  sources?: Map<number, repo.LotRow>;
  /** The lines' items as the check read them (their reorder levels: the alerts after posting read none). */
  items?: Map<number, repo.ItemRow>;
}

const TYPE_ZH: Record<StockDocType, string> = {
  receipt: '入库',
  requisition: '请领',
  transfer: '调拨',
  supplier_return: '退货',
  loss: '报损',
  consumption: '消耗',
  stocktake: '盘点',
  price_adjustment: '调价',
};

export const ITEM = t('药品/物资', 'Item');

function stockedItem(items: Map<number, repo.ItemRow>, l: LineIn, i: number): repo.ItemRow {
  const item = items.get(l.itemId);
  if (!item) throw notFound(ITEM, l.itemId, `lines.${i}.itemId`);
  if (item.kind !== 'drug' && item.kind !== 'material') {
    throw invalid(
      `lines.${i}.itemId`,
      t(
        `第 ${i + 1} 行“${item.name}”是诊疗项目,没有库存`,
        `Line ${i + 1}: "${item.name}" is a service and has no stock`,
      ),
    );
  }
  return item;
}

async function activeDept(q: Q, id: number | null, field: string, what: { zh: string; en: string }) {
  if (id === null) throw invalid(field, t(`请选择${what.zh}`, `Choose the ${what.en}`));
  const d = await repo.findDept(q, id);
  if (!d) throw notFound(t('科室', 'Department'), id, field);
  if (!d.active) throw invalid(field, t(`“${d.name}”已停用`, `"${d.name}" is inactive`));
  return d;
}

/** Checks a document's header and lines; throws a 4xx naming the field, or returns the lines to store. */
export async function checkDoc(
  q: Q,
  h: DocHeader,
  lines: LineIn[],
  today: string,
  opts: { posting?: boolean; oldPrices?: Array<number | null> } = {},
): Promise<CheckedDoc> {
  if (h.type === 'stocktake')
    throw invalid('type', t('盘点单请用“新建盘点”生成', 'Start a stock-take with "New stock-take"'));
  if (h.type === 'price_adjustment') {
    // Center-wide (the retail price is one per item): made at a store, whatever its document settings.
    const loc = await repo.findDept(q, h.locationId);
    if (!loc) throw notFound(t('库房', 'Stock location'), h.locationId, 'locationId');
    if (loc.role !== 'store')
      throw invalid(
        'locationId',
        t(`调价单由药库制单,“${loc.name}”不是药库`, `A price adjustment is made at a store; "${loc.name}" is not one`),
      );
    const items = await repo.itemsByIds(
      q,
      lines.map((l) => l.itemId),
    );
    for (const [i, l] of lines.entries()) stockedItem(items, l, i);
    return {
      counterpartId: null,
      supplierId: null,
      lines: await checkPriceLines(q, h.docId, lines, items, {
        posting: opts.posting ?? false,
        ...(opts.oldPrices ? { oldPrices: opts.oldPrices } : {}),
      }),
    };
  }
  const loc = await assertDocTypeEnabled(q, h.locationId, h.type);
  const items = await repo.itemsByIds(
    q,
    lines.map((l) => l.itemId),
  );
  for (const [i, l] of lines.entries()) {
    stockedItem(items, l, i);
    if (l.quantity === null || l.quantity === undefined)
      throw invalid(`lines.${i}.quantity`, t(`第 ${i + 1} 行:请填写数量`, `Line ${i + 1}: give the quantity`));
  }

  let counterpartId = h.counterpartId;
  let supplierId = h.supplierId;

  switch (h.type) {
    case 'receipt': {
      if (supplierId === null) throw invalid('supplierId', t('请选择供应商', 'Choose the supplier'));
      const s = await repo.findSupplier(q, supplierId);
      if (!s) throw notFound(t('供应商', 'Supplier'), supplierId, 'supplierId');
      if (!s.active) throw invalid('supplierId', t(`供应商“${s.name}”已停用`, `The supplier "${s.name}" is inactive`));
      // No licence date on file: allowed (the supplier dictionary does not require one).
      if (s.drug_licence_expires_on !== null && s.drug_licence_expires_on < today) {
        const d = s.drug_licence_expires_on;
        throw invalid(
          'supplierId',
          t(
            `供应商“${s.name}”的药品经营许可证已于 ${d} 过期,不能入库`,
            `The drug trading licence of supplier "${s.name}" expired on ${d}; goods cannot be received from it`,
          ),
        );
      }
      if (!h.supplierInvoiceNo)
        throw invalid('supplierInvoiceNo', t('请填写供应商发票号', 'Give the supplier invoice number'));
      const r = await receiptLines(q, h.locationId, lines, items, today);
      return { counterpartId: null, supplierId, lines: r.lines, receiving: r.lots, items };
    }
    case 'requisition': {
      const store = await activeDept(q, counterpartId, 'counterpartId', { zh: '请领的药库', en: 'store to ask' });
      if (store.role !== 'store' || store.id === h.locationId) {
        throw invalid(
          'counterpartId',
          t(`“${store.name}”不是药库,请领只能向药库提出`, `"${store.name}" is not a store; a requisition asks a store`),
        );
      }
      return {
        counterpartId,
        supplierId: null,
        lines: lines.map((l) => ({
          itemId: l.itemId,
          lotId: null,
          lotNo: null,
          expiryDate: null,
          purchasePriceFen: null,
          quantity: l.quantity!,
          reason: l.reason ?? null,
        })),
      };
    }
    case 'transfer': {
      if (h.requisitionId !== null) counterpartId = await checkRequisition(q, h, counterpartId);
      const to = await activeDept(q, counterpartId, 'counterpartId', { zh: '调入库房', en: 'receiving location' });
      if (to.role === null || to.id === h.locationId) {
        throw invalid(
          'counterpartId',
          t(`“${to.name}”不是另一个库房或药房`, `"${to.name}" is not another store or pharmacy`),
        );
      }
      const { lines: out, lots: sources } = await outgoingLines(q, h, lines, items, today, false);
      // (At posting the engine finds or creates the receiving lot and refuses the same clash itself.)
      const thereLots = opts.posting
        ? new Map<string, repo.LotRow>()
        : await repo.lotsByKeys(
            q,
            to.id,
            out.map((l) => ({ itemId: l.itemId, lotNo: l.lotNo! })),
          );
      for (const [i, l] of opts.posting ? [] : out.entries()) {
        const there = thereLots.get(`${l.itemId}\n${l.lotNo}`);
        if (there && (there.expiry_date !== l.expiryDate || there.purchase_price_fen !== l.purchasePriceFen)) {
          throw conflict(
            'lot_clash',
            t(
              `第 ${i + 1} 行:${to.name}已有批号 ${l.lotNo},但效期或进价不同` +
                `(${there.expiry_date}, ${formatYuan(there.purchase_price_fen)} 元)`,
              `Line ${i + 1}: ${to.name} already has ` +
                (`lot ${l.lotNo} with another expiry or ` +
                  `price (${there.expiry_date}, ${formatYuan(there.purchase_price_fen)})`),
            ),
            `lines.${i}.lotId`,
          );
        }
      }
      return { counterpartId, supplierId: null, lines: out, sources, items };
    }
    case 'supplier_return': {
      if (loc.role !== 'store')
        throw invalid('locationId', t('退货只能由药库向供应商退回', 'Only a store returns goods to a supplier'));
      const { lines: out, lots: sources } = await outgoingLines(q, h, lines, items, today, true);
      if (supplierId === null) supplierId = await repo.receiptSupplierOfLot(q, out[0]!.lotId!);
      if (supplierId === null) throw invalid('supplierId', t('请选择退货的供应商', 'Choose the supplier to return to'));
      const s = await repo.findSupplier(q, supplierId);
      if (!s) throw notFound(t('供应商', 'Supplier'), supplierId, 'supplierId');
      return { counterpartId: null, supplierId, lines: out, sources, items };
    }
    case 'loss': {
      for (const [i, l] of lines.entries()) {
        if (!l.reason && !h.reason) {
          throw invalid(
            `lines.${i}.reason`,
            t(
              `第 ${i + 1} 行:请填写报损原因(破损 / 过期 / 霉变 / 丢失 / 其他)`,
              `Line ${i + 1}: give the reason for the loss (damaged / expired / mouldy / lost / other)`,
            ),
          );
        }
      }
      const o = await outgoingLines(q, h, lines, items, today, true);
      return { counterpartId: null, supplierId: null, lines: o.lines, sources: o.lots, items };
    }
    case 'consumption': {
      await activeDept(q, counterpartId, 'counterpartId', { zh: '消耗科室', en: 'consuming department' });
      const o = await outgoingLines(q, h, lines, items, today, false);
      return { counterpartId, supplierId: null, lines: o.lines, sources: o.lots, items };
    }
  }
}

async function checkRequisition(q: Q, h: DocHeader, counterpartId: number | null): Promise<number> {
  const req = await repo.findDoc(q, h.requisitionId!);
  if (!req || req.type !== 'requisition') throw notFound(t('请领单', 'Requisition'), h.requisitionId!, 'requisitionId');
  if (req.status !== 'posted')
    throw conflict(
      'requisition_not_submitted',
      t(`请领单 ${req.doc_no} 尚未提交`, `Requisition ${req.doc_no} is not submitted`),
      'requisitionId',
    );
  if (req.counterpart_id !== h.locationId) {
    throw invalid(
      'requisitionId',
      t(`请领单 ${req.doc_no} 不是向本库房提出的`, `Requisition ${req.doc_no} is not addressed to this store`),
    );
  }
  if (counterpartId !== null && counterpartId !== req.location_id) {
    throw invalid(
      'counterpartId',
      t(
        `调入库房应为请领单 ${req.doc_no} 的请领方“${req.location_name}”`,
        `The receiving side must be ${req.location_name}, who made requisition ${req.doc_no}`,
      ),
    );
  }
  const filled = await repo.transferFilling(q, req.id, h.docId);
  if (filled) {
    throw conflict(
      'requisition_filled',
      t(
        `请领单 ${req.doc_no} 已由调拨单 ${filled.doc_no} 发出`,
        `Requisition ${req.doc_no} was already filled by transfer ${filled.doc_no}`,
      ),
      'requisitionId',
    );
  }
  return req.location_id;
}

async function receiptLines(
  q: Q,
  locationId: number,
  lines: LineIn[],
  items: Map<number, repo.ItemRow>,
  today: string,
): Promise<{ lines: repo.NewLine[]; lots: Map<string, repo.LotRow> }> {
  const settings = await getInstitutionSettings(q);
  // 允许同品种不同进价批次: the center lets a zero-markup drug come in at another price (a lot at that price).
  const zeroMarkup = settings.zeroMarkupEssentialDrugs && !settings.inventory.allowMixedPriceLots;
  const seen = new Map<string, { expiry: string; price: number; line: number }>();
  // The lots already there, read once (not one query per line).
  const lots = await repo.lotsByKeys(
    q,
    locationId,
    lines.filter((l) => l.lotNo).map((l) => ({ itemId: l.itemId, lotNo: l.lotNo! })),
  );
  const out: repo.NewLine[] = [];
  for (const [i, l] of lines.entries()) {
    const item = items.get(l.itemId)!;
    if (!item.active)
      throw invalid(
        `lines.${i}.itemId`,
        t(`第 ${i + 1} 行“${item.name}”已停用`, `Line ${i + 1}: "${item.name}" is inactive`),
      );
    if (!l.lotNo)
      throw invalid(`lines.${i}.lotNo`, t(`第 ${i + 1} 行:请填写批号`, `Line ${i + 1}: give the lot number`));
    if (!l.expiryDate)
      throw invalid(`lines.${i}.expiryDate`, t(`第 ${i + 1} 行:请填写有效期`, `Line ${i + 1}: give the expiry date`));
    if (l.expiryDate <= today) {
      throw invalid(
        `lines.${i}.expiryDate`,
        t(
          `第 ${i + 1} 行:有效期 ${l.expiryDate} 不晚于今天,不能入库`,
          `Line ${i + 1}: expiry ${l.expiryDate} is not after today; it cannot be received`,
        ),
      );
    }
    if (l.purchasePriceFen === null || l.purchasePriceFen === undefined) {
      throw invalid(
        `lines.${i}.purchasePriceFen`,
        t(`第 ${i + 1} 行:请填写进价`, `Line ${i + 1}: give the purchase price`),
      );
    }
    const price = l.purchasePriceFen;
    if (zeroMarkup && item.kind === 'drug' && item.essential === 1 && price !== item.price_fen) {
      throw invalid(
        `lines.${i}.purchasePriceFen`,
        t(
          `第 ${i + 1} 行“${item.name}”是基本药物,零差率:进价须等于零售` +
            `价 ${formatYuan(item.price_fen)} 元;价格变了请先调价`,
          `Line ${i + 1}: "${item.name}" is an essential drug sold at zero markup: the purchase price must equal ` +
            `the retail price ${formatYuan(item.price_fen)}; change the price (调价) first`,
        ),
      );
    }
    const key = `${l.itemId}\n${l.lotNo}`;
    const prev = seen.get(key);
    const existing = prev ? { expiry_date: prev.expiry, purchase_price_fen: prev.price } : lots.get(key);
    if (existing && (existing.expiry_date !== l.expiryDate || existing.purchase_price_fen !== price)) {
      throw conflict(
        'lot_clash',
        t(
          `第 ${i + 1} 行:批号 ${l.lotNo} 已有效期 ${existing.expiry_date}、` +
            `进价 ${formatYuan(existing.purchase_price_fen)} 元,与本行不同`,
          `Line ${i + 1}: lot ${l.lotNo} already exists with ` +
            `expiry ${existing.expiry_date} and price ${formatYuan(existing.purchase_price_fen)}, which differ`,
        ),
        `lines.${i}.lotNo`,
      );
    }
    seen.set(key, { expiry: l.expiryDate, price, line: i });
    out.push({
      itemId: l.itemId,
      lotId: null,
      lotNo: l.lotNo,
      expiryDate: l.expiryDate,
      purchasePriceFen: price,
      quantity: l.quantity!,
      reason: l.reason ?? null,
      // 生产厂家 / 批准文号: as entered, else the catalog item's.
      manufacturer: l.manufacturer ?? item.manufacturer,
      approvalNo: l.approvalNo ?? item.approval_no,
    });
  }
  return { lines: out, lots };
}

/** Lines that take stock out of a lot at the document's location. */
async function outgoingLines(
  q: Q,
  h: DocHeader,
  lines: LineIn[],
  items: Map<number, repo.ItemRow>,
  today: string,
  expiredAllowed: boolean,
): Promise<{ lines: repo.NewLine[]; lots: Map<number, repo.LotRow> }> {
  const lots = await repo.lotsByIds(
    q,
    lines.map((l) => l.lotId).filter((x): x is number => typeof x === 'number'),
  );
  const taken = new Map<number, number>();
  const out: repo.NewLine[] = [];
  for (const [i, l] of lines.entries()) {
    const item = items.get(l.itemId)!;
    if (typeof l.lotId !== 'number')
      throw invalid(`lines.${i}.lotId`, t(`第 ${i + 1} 行:请选择批号`, `Line ${i + 1}: choose the lot`));
    const lot = lots.get(l.lotId);
    if (!lot || lot.location_id !== h.locationId || lot.item_id !== l.itemId) {
      throw invalid(
        `lines.${i}.lotId`,
        t(
          `第 ${i + 1} 行:所选批号不是本库房的“${item.name}”`,
          `Line ${i + 1}: the lot is not ${item.name} at this location`,
        ),
      );
    }
    if (!expiredAllowed && lot.expiry_date < today) {
      throw invalid(
        `lines.${i}.lotId`,
        t(
          `第 ${i + 1} 行:批号 ${lot.lot_no} 已于 ${lot.expiry_date} 过期,不能${TYPE_ZH[h.type]}(过期药品只能退货或` +
            `报损)`,
          `Line ${i + 1}: lot ${lot.lot_no} expired on ${lot.expiry_date}; expired stock can only be returned to ` +
            `the supplier or written off`,
        ),
      );
    }
    const need = (taken.get(lot.id) ?? 0) + l.quantity!;
    if (need > lot.qty_on_hand) {
      throw new DomainError(
        422,
        'insufficient_stock',
        t(
          `第 ${i + 1} 行“${item.name}”批号 ${lot.lot_no} 库存不足:现有 ${lot.qty_on_hand} ${item.unit}`,
          `Line ${i + 1}: not enough ${item.name} in lot ${lot.lot_no}: ${lot.qty_on_hand} ${item.unit} on hand`,
        ),
        `lines.${i}.quantity`,
        { lotId: lot.id, onHand: lot.qty_on_hand, needed: need },
      );
    }
    taken.set(lot.id, need);
    out.push({
      itemId: l.itemId,
      lotId: lot.id,
      lotNo: lot.lot_no,
      expiryDate: lot.expiry_date,
      purchasePriceFen: lot.purchase_price_fen,
      quantity: l.quantity!,
      reason: l.reason ?? null,
    });
  }
  return { lines: out, lots };
}

/** First day after which a received lot is not short-dated: today + `months` (the same day of the month, clamped). */
export function shortExpiryLimit(today: string, months: number): string {
  return addMonths(today, months);
}
