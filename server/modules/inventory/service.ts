// Stock documents (库存单据): drafted (制单, inventory.draft) then posted (审核记账,
// inventory.post). Drafts may be edited by their maker (or anyone who may post) and
// cancelled; posting checks every rule again inside ONE write transaction and writes the
// stock moves (posting.ts); posted documents never change — a correction is a reversing
// document. Stock-takes freeze a snapshot, collect counts line by line, and post variances.
import type { Db } from '../../../db/connection.js';
import type { StockDocType } from '../../../db/schema.js';
import type { Actor } from '../../http/actor.js';
import {
  DomainError,
  conflict,
  forbidden,
  invalid,
  missingPermission,
  notFound,
  staleVersion,
} from '../../../core/errors.js';
import { addDays, dayOf, dayStart } from '../../../core/calendar.js';
import { t } from '../../../core/i18n.js';
import { lineAmountFen } from '../../../core/money.js';
import { nextSequence } from '../../lib/sequences.js';
import type { Idempotency, Trx, Tx } from '../../lib/uow.js';
import type { ModuleContext } from '../context.js';
import { permissionLabel } from '../auth/index.js';
import { stockOnHandMany } from '../catalog/index.js';
import { stockChanged } from '../pharmacy/events.js';
import { reorderAlerts } from '../inventory-reports/index.js';
import { businessToday, getInstitutionSettings } from '../settings/index.js';
import { assertDocTypeEnabled } from '../stock-locations/index.js';
import { stockDocChanged } from './events.js';
import { postLines, postReversal, postStocktake, type Posted, type Touched } from './posting.js';
import { applyDueInTx, applyPriceAdjustment, checkEffectiveAt } from './price-adjustment.js';
import * as repo from './repo.js';
import { ITEM, checkDoc, shortExpiryLimit, type DocHeader, type LineIn } from './rules.js';
import type {
  CountsBody,
  CreateDoc,
  CreateStocktake,
  DocQuery,
  LotQuery,
  PostBody,
  ReverseBody,
  StockDoc,
  StockDocLine,
  StockDocSummary,
  StockLotView,
  UpdateDoc,
  VersionBody,
} from './schema.js';

export const DOC = t('库存单据', 'Stock document');

const PREFIX: Record<StockDocType, string> = {
  receipt: 'RK',
  requisition: 'QL',
  transfer: 'DB',
  supplier_return: 'TH',
  loss: 'BS',
  consumption: 'XH',
  stocktake: 'PD',
  price_adjustment: 'TJ',
};

function signedAmount(qty: number, priceFen: number | null, packSize: number): number {
  if (!qty || priceFen === null) return 0;
  const a = lineAmountFen(Math.abs(qty), priceFen, packSize);
  return qty < 0 ? -a : a;
}

/** How a document is shown: the blind count hides the book; receipts flag short-dated lots. */
export interface ViewOpts {
  /** Hide the book quantities of a blind stock-take still being counted. */
  hideBook: boolean;
  /** Lots expiring before this day are short-dated (receipt warning). */
  shortLimit: string | null;
}

function lineView(
  l: repo.LineRow,
  type: StockDocType,
  o: ViewOpts = { hideBook: false, shortLimit: null },
): StockDocLine {
  const qty =
    l.quantity ?? (type === 'stocktake' && l.counted_qty !== null ? l.counted_qty - (l.snapshot_qty ?? 0) : 0);
  if (o.hideBook && type === 'stocktake') {
    return { ...lineView(l, type), snapshotQty: null, onHand: null, amountFen: 0 };
  }
  return {
    id: l.id,
    lineNo: l.line_no,
    itemId: l.item_id,
    itemCode: l.item_code,
    itemName: l.item_name,
    spec: l.spec,
    unit: l.unit,
    packUnit: l.pack_unit,
    packSize: l.pack_size,
    lotId: l.lot_id,
    lotNo: l.lot_no,
    expiryDate: l.expiry_date,
    purchasePriceFen: l.purchase_price_fen,
    quantity: l.quantity,
    amountFen: signedAmount(qty, l.purchase_price_fen, l.pack_size),
    snapshotQty: l.snapshot_qty,
    countedQty: l.counted_qty,
    reason: l.reason,
    onHand: l.on_hand,
    oldPriceFen: l.old_price_fen,
    newPriceFen: l.new_price_fen,
    manufacturer: l.manufacturer,
    approvalNo: l.approval_no,
    shortExpiry: type === 'receipt' && o.shortLimit !== null && l.expiry_date !== null && l.expiry_date < o.shortLimit,
  };
}

function headerView(d: repo.DocRow, lines: StockDocLine[], hideBook = false): Omit<StockDoc, 'lines'> {
  return {
    id: d.id,
    docNo: d.doc_no,
    type: d.type,
    status: d.status,
    locationId: d.location_id,
    locationName: d.location_name,
    counterpartId: d.counterpart_id,
    counterpartName: d.counterpart_name,
    supplierId: d.supplier_id,
    supplierName: d.supplier_name,
    supplierInvoiceNo: d.supplier_invoice_no,
    reason: d.reason,
    note: d.note,
    requisitionId: d.requisition_id,
    reversesId: d.reverses_id,
    reversedById: d.reversed_by_id,
    snapshotAt: d.snapshot_at,
    createdBy: { id: d.created_by, name: d.created_by_name },
    createdAt: d.created_at,
    postedBy: d.posted_by === null ? null : { id: d.posted_by, name: d.posted_by_name ?? '' },
    postedAt: d.posted_at,
    version: d.version,
    totalFen: lines.reduce((s, l) => s + l.amountFen, 0),
    filledById: d.type === 'requisition' ? d.filled_by_id : null,
    filledByNo: d.type === 'requisition' ? d.filled_by_no : null,
    effectiveAt: d.effective_at,
    appliedAt: d.applied_at,
    revaluationFen: Number(d.revaluation_fen ?? 0),
    blind: d.blind === 1,
    bookHidden: hideBook,
  };
}

/** A blind stock-take still being counted hides the book from those who cannot post. */
const hidesBook = (d: repo.DocRow, actor: Actor | null) =>
  d.type === 'stocktake' &&
  d.blind === 1 &&
  d.status === 'draft' &&
  actor !== null &&
  !actor.permissions.has('inventory.post');

async function viewOpts(q: Db | Trx, d: repo.DocRow, actor: Actor | null, at: number): Promise<ViewOpts> {
  if (d.type !== 'receipt') return { hideBook: hidesBook(d, actor), shortLimit: null };
  const s = await getInstitutionSettings(q);
  return {
    hideBook: false,
    shortLimit: shortExpiryLimit(dayOf(at, s.timeZone), s.inventory.shortShelfLifeMonths),
  };
}

/** A document as `actor` sees it (null: everything, e.g. audit and events). */
export async function loadDoc(
  q: Db | Trx,
  id: number,
  actor: Actor | null = null,
  at: number = Date.now(),
): Promise<StockDoc> {
  const d = await repo.findDoc(q, id);
  if (!d) throw notFound(DOC, id);
  return docView(q, d, actor, at);
}

async function viewOf(
  q: Db | Trx,
  d: repo.DocRow,
  rows: repo.LineRow[],
  actor: Actor | null,
  at: number,
): Promise<StockDoc> {
  const o = await viewOpts(q, d, actor, at);
  const lines = rows.map((l) => lineView(l, d.type, o));
  return { ...headerView(d, lines, o.hideBook), lines };
}

/** A document row already read in this transaction, as `actor` sees it (its lines are read). */
export async function docView(
  q: Db | Trx,
  d: repo.DocRow,
  actor: Actor | null = null,
  at: number = Date.now(),
): Promise<StockDoc> {
  return viewOf(q, d, await repo.linesOf(q, [d.id]), actor, at);
}

/** A draft's row as posting it by `actor` at `at` left it (repo.setStatus 'posted'), without reading it again. */
const postedRow = (d: repo.DocRow, actor: Actor, at: number): repo.DocRow => ({
  ...d,
  status: 'posted',
  posted_by: actor.userId,
  posted_by_name: actor.staffName,
  posted_at: at,
  version: d.version + 1,
});

/** The lines as read before posting, each lot's balance moved by what the posting moved in it. */
function linesAfter(rows: repo.LineRow[], moved: Posted['moved']): repo.LineRow[] {
  const delta = new Map<number, number>();
  for (const m of moved) if ('id' in m.lot) delta.set(m.lot.id, (delta.get(m.lot.id) ?? 0) + m.delta);
  return rows.map((l) =>
    l.lot_id !== null && l.on_hand !== null && delta.has(l.lot_id)
      ? { ...l, on_hand: l.on_hand + delta.get(l.lot_id)! }
      : l,
  );
}

/** The document from one read, twice: everything (audit, events) and as `actor` sees it. */
async function loadDocBoth(q: Db | Trx, id: number, actor: Actor, at: number): Promise<[StockDoc, StockDoc]> {
  const d = await repo.findDoc(q, id);
  if (!d) throw notFound(DOC, id);
  const rows = await repo.linesOf(q, [id]);
  return [await viewOf(q, d, rows, null, Date.now()), await viewOf(q, d, rows, actor, at)];
}

/** What the audit log keeps of a document. */
function auditView(d: StockDoc) {
  return {
    docNo: d.docNo,
    type: d.type,
    status: d.status,
    locationId: d.locationId,
    counterpartId: d.counterpartId,
    supplierId: d.supplierId,
    supplierInvoiceNo: d.supplierInvoiceNo,
    reason: d.reason,
    note: d.note,
    requisitionId: d.requisitionId,
    reversesId: d.reversesId,
    totalFen: d.totalFen,
    lines: d.lines.map((l) => [
      l.itemId,
      l.lotId,
      l.lotNo,
      l.expiryDate,
      l.purchasePriceFen,
      l.quantity,
      l.snapshotQty,
      l.countedQty,
      l.reason,
      l.oldPriceFen,
      l.newPriceFen,
      l.manufacturer,
      l.approvalNo,
    ]),
    effectiveAt: d.effectiveAt,
    blind: d.blind,
  };
}

const notDraft = (d: { doc_no: string; status: string }) =>
  d.status === 'posted'
    ? conflict(
        'already_posted',
        t(
          `单据 ${d.doc_no} 已审核记账,不能再修改或审核;如需更正请冲销`,
          `Document ${d.doc_no} is already posted; it cannot change; reverse it to correct it`,
        ),
      )
    : conflict('cancelled', t(`单据 ${d.doc_no} 已作废`, `Document ${d.doc_no} was cancelled`));

const mayTouchDraft = (actor: Actor, d: repo.DocRow) =>
  actor.permissions.has('inventory.post') ||
  (actor.permissions.has('inventory.draft') && d.created_by === actor.userId);

/**
 * Without inventory.post a user works only at their own department: the document's location
 * (for a requisition: the requesting pharmacy). Store heads (inventory.post) work anywhere.
 */
async function assertMayWorkAt(q: Db | Trx, actor: Actor, locationId: number): Promise<void> {
  if (actor.permissions.has('inventory.post') || actor.departmentId === locationId) return;
  const [loc, mine] = await Promise.all([repo.findDept(q, locationId), repo.findDept(q, actor.departmentId)]);
  const where = loc?.name ?? String(locationId);
  const home = mine?.name ?? String(actor.departmentId);
  throw new DomainError(
    403,
    'not_your_location',
    t(
      `你属于“${home}”,只能为本部门制单、盘点;在“${where}”办理需要“审核记账”权限`,
      `You belong ` +
        (`to "${home}" and may draft and count only there; working ` +
          `at "${where}" needs the posting permission (inventory.post)`),
    ),
    'locationId',
  );
}

/** Posting needs inventory.post, except that the maker submits their own requisition with inventory.draft. */
async function assertMayPost(q: Db | Trx, actor: Actor, d: repo.DocRow): Promise<void> {
  if (actor.permissions.has('inventory.post')) return;
  if (d.type === 'requisition' && actor.permissions.has('inventory.draft') && d.created_by === actor.userId) {
    await assertMayWorkAt(q, actor, d.location_id);
    return;
  }
  throw missingPermission('inventory.post', permissionLabel('inventory.post'));
}

function assertMayTouch(actor: Actor, d: repo.DocRow): void {
  if (!mayTouchDraft(actor, d)) {
    throw forbidden(
      'not_your_draft',
      t(
        `单据 ${d.doc_no} 是 ${d.created_by_name} 制的单,只有制单人或有审核权限的人能修改`,
        `Document ${d.doc_no} was drafted by ${d.created_by_name}; only they or someone who may post can change it`,
      ),
    );
  }
}

/**
 * 近效期入库: a receipt whose lots expire before today + shortShelfLifeMonths is posted only
 * once the user confirmed them (409 `short_expiry` naming the first such line, with every
 * short line in details; the client asks and posts again with confirmShortExpiry).
 */
async function assertShortExpiryConfirmed(q: Trx, lines: repo.NewLine[], day: string): Promise<void> {
  const s = await getInstitutionSettings(q);
  if (s.inventory.shortShelfLifeMonths <= 0) return;
  const limit = shortExpiryLimit(day, s.inventory.shortShelfLifeMonths);
  const short = lines
    .map((l, i) => ({ i, lotNo: l.lotNo, expiryDate: l.expiryDate }))
    .filter((l) => l.expiryDate !== null && l.expiryDate < limit);
  if (!short.length) return;
  const f = short[0]!;
  const months = s.inventory.shortShelfLifeMonths;
  throw new DomainError(
    409,
    'short_expiry',
    t(
      `第 ${short.map((l) => l.i + 1).join('、')} 行的批号有效期不足 ${months} 个月` +
        `(第 ${f.i + 1} 行 ${f.lotNo ?? ''} 至 ${f.expiryDate ?? ''}),请确认后再审核`,
      `Line(s) ${short.map((l) => l.i + 1).join(', ')}: the lot expires ` +
        `within ${months} months (line ${f.i + 1}, ${f.lotNo ?? ''}, ${f.expiryDate ?? ''}); confirm to post`,
    ),
    `lines.${f.i}.expiryDate`,
    { lines: short.map((l) => l.i), limit, months },
  );
}

export function createInventoryService(deps: Pick<ModuleContext, 'db' | 'uow' | 'clock'>) {
  const { db, uow, clock } = deps;

  function today(q: Db | Trx, at: number): Promise<string> {
    return businessToday(q, at);
  }

  async function docNo(tx: Tx, type: StockDocType): Promise<string> {
    const day = (await today(tx.db, tx.now)).replaceAll('-', '');
    const n = await nextSequence(tx.db, `stock_doc:${PREFIX[type]}:${day}`);
    return `${PREFIX[type]}${day}-${String(n).padStart(4, '0')}`;
  }

  async function draftFor(tx: Tx, id: number, actor: Actor, opts: { editing: boolean }): Promise<repo.DocRow> {
    const d = await repo.findDoc(tx.db, id);
    if (!d) throw notFound(DOC, id);
    if (d.status !== 'draft') throw notDraft(d);
    assertMayTouch(actor, d);
    if (opts.editing) await assertMayWorkAt(tx.db, actor, d.location_id);
    return d;
  }

  function emitDoc(
    tx: Tx,
    d: StockDoc,
    action: 'created' | 'updated' | 'posted' | 'cancelled' | 'reversed' | 'counted',
  ) {
    tx.emit(
      stockDocChanged({
        id: d.id,
        docNo: d.docNo,
        type: d.type,
        status: d.status,
        locationId: d.locationId,
        counterpartId: d.counterpartId,
        action,
      }),
    );
  }

  /** Non-expired on hand of each (item, location), grouped per location. */
  async function onHand(q: Trx, pairs: Touched[], day: string): Promise<Map<string, number>> {
    const byLoc = new Map<number, Set<number>>();
    for (const p of pairs) byLoc.set(p.locationId, (byLoc.get(p.locationId) ?? new Set()).add(p.itemId));
    const out = new Map<string, number>();
    for (const [loc, items] of byLoc) {
      for (const [item, n] of await stockOnHandMany(q, [...items], loc, day)) out.set(`${item}:${loc}`, n);
    }
    return out;
  }

  /**
   * Runs a posting between before/after on-hand figures; emits stock:changed and below-reorder
   * alerts. When the posting says what it moved, after = before + the moves of usable lots
   * (expiry on or after today; no re-read); otherwise the figures are read again.
   */
  async function withStockEvents(
    tx: Tx,
    day: string,
    candidates: Touched[],
    run: () => Promise<Touched[] | Posted>,
    /** The items as the posting's check read them (reorder levels), when it did. */
    items?: ReadonlyMap<number, repo.ItemRow>,
  ): Promise<Touched[] | Posted> {
    const before = await onHand(tx.db, candidates, day);
    const done = await run();
    const touched = Array.isArray(done) ? done : done.touched;
    const uniq = [...new Map(touched.map((p) => [`${p.itemId}:${p.locationId}`, p])).values()];
    let after: Map<string, number>;
    if (Array.isArray(done)) after = await onHand(tx.db, uniq, day);
    else {
      after = new Map(uniq.map((p) => [`${p.itemId}:${p.locationId}`, before.get(`${p.itemId}:${p.locationId}`) ?? 0]));
      for (const m of done.moved) {
        const k = `${m.itemId}:${m.locationId}`;
        if (m.expiryDate >= day && after.has(k)) after.set(k, after.get(k)! + m.delta);
      }
    }
    for (const p of uniq)
      tx.emit(
        stockChanged({
          itemId: p.itemId,
          locationId: p.locationId,
          onHand: after.get(`${p.itemId}:${p.locationId}`) ?? 0,
        }),
      );
    const changes = uniq.map((p) => {
      const k = `${p.itemId}:${p.locationId}`;
      return { itemId: p.itemId, locationId: p.locationId, before: before.get(k) ?? 0, after: after.get(k) ?? 0 };
    });
    for (const e of await reorderAlerts(tx.db, changes, items)) tx.emit(e);
    return done;
  }

  const headerOf = (d: repo.DocRow): DocHeader => ({
    type: d.type,
    locationId: d.location_id,
    counterpartId: d.counterpart_id,
    supplierId: d.supplier_id,
    supplierInvoiceNo: d.supplier_invoice_no,
    reason: d.reason,
    requisitionId: d.requisition_id,
    docId: d.id,
  });

  const linesIn = (rows: ReadonlyArray<Omit<repo.RawLine, 'counted_by' | 'counted_at'>>): LineIn[] =>
    rows.map((l) => ({
      itemId: l.item_id,
      lotId: l.lot_id,
      lotNo: l.lot_no,
      expiryDate: l.expiry_date,
      purchasePriceFen: l.purchase_price_fen,
      quantity: l.quantity,
      reason: l.reason,
      newPriceFen: l.new_price_fen,
      manufacturer: l.manufacturer,
      approvalNo: l.approval_no,
    }));

  return {
    get(id: number, actor: Actor | null = null): Promise<StockDoc> {
      return loadDoc(db, id, actor, clock.now());
    },

    async list(q: DocQuery, actor: Actor | null = null): Promise<{ items: StockDocSummary[]; total: number }> {
      const tz = (await getInstitutionSettings(db)).timeZone;
      const ms = (v: string | number | undefined, end: boolean) =>
        v === undefined ? undefined : typeof v === 'number' ? v : dayStart(end ? addDays(v, 1) : v, tz);
      const { rows, total } = await repo.listDocs(db, {
        locationId: q.locationId,
        type: q.type,
        status: q.status,
        q: q.q || undefined,
        fromMs: ms(q.from, false),
        toMs: ms(q.to, true),
        pending: q.pending ?? false,
        limit: q.limit,
        offset: q.offset,
      });
      const lines = await repo.linesOf(
        db,
        rows.map((r) => r.id),
      );
      const items = rows.map((r) => {
        const o: ViewOpts = { hideBook: hidesBook(r, actor), shortLimit: null };
        const mine = lines.filter((l) => l.doc_id === r.id).map((l) => lineView(l, r.type, o));
        return { ...headerView(r, mine, o.hideBook), lineCount: mine.length };
      });
      return { items, total };
    },

    async lots(q: LotQuery): Promise<StockLotView[]> {
      const s = await getInstitutionSettings(db);
      const day = dayOf(clock.now(), s.timeZone);
      const until = addDays(day, s.inventory.nearExpiryDays);
      const rows = await repo.lots(db, {
        locationId: q.locationId,
        itemId: q.itemId,
        q: q.q || undefined,
        includeEmpty: q.includeEmpty ?? false,
        includeExpired: q.includeExpired ?? false,
        today: day,
      });
      return rows.map((r) => ({
        id: r.id,
        itemId: r.item_id,
        itemCode: r.item_code,
        itemName: r.item_name,
        spec: r.spec,
        unit: r.unit,
        packUnit: r.pack_unit,
        packSize: r.pack_size,
        lotNo: r.lot_no,
        expiryDate: r.expiry_date,
        purchasePriceFen: r.purchase_price_fen,
        qtyOnHand: r.qty_on_hand,
        manufacturer: r.manufacturer,
        approvalNo: r.approval_no,
        expired: r.expiry_date < day,
        nearExpiry: r.expiry_date >= day && r.expiry_date < until,
      }));
    },

    create(actor: Actor, input: CreateDoc, idem?: Idempotency): Promise<StockDoc> {
      return uow.write(async (tx) => {
        await applyDueInTx(tx);
        await assertMayWorkAt(tx.db, actor, input.locationId);
        const effectiveAt = input.type === 'price_adjustment' ? checkEffectiveAt(input.effectiveAt, tx.now) : null;
        if (input.type !== 'price_adjustment' && input.effectiveAt !== undefined && input.effectiveAt !== null) {
          throw invalid('effectiveAt', t('只有调价单有生效时间', 'Only a price adjustment has an effective time'));
        }
        const h: DocHeader = {
          type: input.type,
          locationId: input.locationId,
          counterpartId: input.counterpartId ?? null,
          supplierId: input.supplierId ?? null,
          supplierInvoiceNo: input.supplierInvoiceNo,
          reason: input.reason,
          requisitionId: input.type === 'transfer' ? (input.requisitionId ?? null) : null,
          docId: null,
        };
        if (input.requisitionId && input.type !== 'transfer')
          throw invalid('requisitionId', t('只有调拨单可以按请领单发出', 'Only a transfer fills a requisition'));
        const checked = await checkDoc(tx.db, h, input.lines, await today(tx.db, tx.now));
        const id = await repo.insertDoc(tx.db, {
          docNo: await docNo(tx, input.type),
          type: input.type,
          status: 'draft',
          locationId: input.locationId,
          counterpartId: checked.counterpartId,
          supplierId: checked.supplierId,
          supplierInvoiceNo: input.type === 'receipt' ? input.supplierInvoiceNo : null,
          reason: input.reason,
          note: input.note,
          requisitionId: h.requisitionId,
          reversesId: null,
          snapshotMoveId: null,
          snapshotAt: null,
          effectiveAt,
          userId: actor.userId,
          at: tx.now,
        });
        await repo.insertLines(tx.db, id, checked.lines);
        const after = await loadDoc(tx.db, id, actor, tx.now);
        await tx.audit(actor, {
          action: 'stock_doc.create',
          entity: 'stock_doc',
          entityId: id,
          before: null,
          after: auditView(after),
        });
        emitDoc(tx, after, 'created');
        return after;
      }, idem);
    },

    update(actor: Actor, id: number, input: UpdateDoc): Promise<StockDoc> {
      return uow.write(async (tx) => {
        await applyDueInTx(tx);
        const d = await draftFor(tx, id, actor, { editing: true });
        if (d.version !== input.version) throw staleVersion(DOC);
        if (d.type === 'stocktake')
          throw invalid('type', t('盘点单请录入实盘数', 'Enter counts on a stock-take instead'));
        const effectiveAt = d.type === 'price_adjustment' ? checkEffectiveAt(input.effectiveAt, tx.now) : null;
        const before = await docView(tx.db, d);
        const h: DocHeader = {
          ...headerOf(d),
          counterpartId: input.counterpartId === undefined ? d.counterpart_id : input.counterpartId,
          supplierId: input.supplierId === undefined ? d.supplier_id : input.supplierId,
          supplierInvoiceNo: input.supplierInvoiceNo,
          reason: input.reason,
        };
        const checked = await checkDoc(tx.db, h, input.lines, await today(tx.db, tx.now));
        await repo.updateDocHeader(tx.db, id, {
          counterpartId: checked.counterpartId,
          supplierId: checked.supplierId,
          supplierInvoiceNo: d.type === 'receipt' ? input.supplierInvoiceNo : null,
          reason: input.reason,
          note: input.note,
          effectiveAt,
          at: tx.now,
        });
        await repo.deleteLines(tx.db, id);
        await repo.insertLines(tx.db, id, checked.lines);
        const after = await loadDoc(tx.db, id, actor, tx.now);
        await tx.audit(actor, {
          action: 'stock_doc.update',
          entity: 'stock_doc',
          entityId: id,
          before: auditView(before),
          after: auditView(after),
        });
        emitDoc(tx, after, 'updated');
        return after;
      });
    },

    cancel(actor: Actor, id: number, input: VersionBody): Promise<StockDoc> {
      return uow.write(async (tx) => {
        const d = await draftFor(tx, id, actor, { editing: false });
        if (d.version !== input.version) throw staleVersion(DOC);
        const before = await docView(tx.db, d);
        await repo.setStatus(tx.db, id, 'cancelled', actor.userId, tx.now);
        const [after, mine] = await loadDocBoth(tx.db, id, actor, tx.now);
        await tx.audit(actor, {
          action: 'stock_doc.cancel',
          entity: 'stock_doc',
          entityId: id,
          before: auditView(before),
          after: auditView(after),
        });
        emitDoc(tx, after, 'cancelled');
        return mine;
      });
    },

    post(actor: Actor, id: number, input: PostBody, idem?: Idempotency): Promise<StockDoc> {
      return uow.write(async (tx) => {
        await applyDueInTx(tx);
        const d = await repo.findDoc(tx.db, id);
        if (!d) throw notFound(DOC, id);
        await assertMayPost(tx.db, actor, d);
        if (d.status !== 'draft') throw notDraft(d);
        if (d.version !== input.version) throw staleVersion(DOC);
        // The lines once: the view before posting and the posting itself read the same rows.
        const rows = await repo.linesOf(tx.db, [id]);
        const before = await viewOf(tx.db, d, rows, null, Date.now());
        const c = { db: tx.db, docId: id, userId: actor.userId, at: tx.now };
        const day = await today(tx.db, tx.now);
        // A posting that moves only the lots its lines name: its answer is built from what it read and wrote.
        let moved: Posted['moved'] | null = null;
        if (d.type === 'stocktake') {
          await assertDocTypeEnabled(tx.db, d.location_id, 'stocktake');
          await withStockEvents(
            tx,
            day,
            rows.map((l) => ({ itemId: l.item_id, locationId: d.location_id })),
            () => postStocktake(c, { locationId: d.location_id, snapshotMoveId: d.snapshot_move_id ?? 0 }, rows),
          );
        } else if (d.type === 'price_adjustment') {
          if (!rows.length) throw invalid('lines', t('单据没有明细行', 'The document has no lines'));
          await checkDoc(tx.db, headerOf(d), linesIn(rows), day, {
            posting: true,
            oldPrices: rows.map((r) => r.old_price_fen),
          });
        } else {
          if (!rows.length) throw invalid('lines', t('单据没有明细行', 'The document has no lines'));
          const checked = await checkDoc(tx.db, headerOf(d), linesIn(rows), day, { posting: true });
          if (d.type === 'receipt' && !input.confirmShortExpiry)
            await assertShortExpiryConfirmed(tx.db, checked.lines, day);
          const candidates = checked.lines.flatMap((l) => [
            { itemId: l.itemId, locationId: d.location_id },
            ...(d.type === 'transfer' ? [{ itemId: l.itemId, locationId: checked.counterpartId! }] : []),
          ]);
          const done = await withStockEvents(
            tx,
            day,
            candidates,
            () =>
              postLines(
                c,
                { type: d.type, locationId: d.location_id, counterpartId: checked.counterpartId },
                rows,
                checked.lines,
                checked,
              ),
            checked.items,
          );
          if (
            d.type !== 'receipt' &&
            !Array.isArray(done) &&
            checked.lines.length === rows.length &&
            checked.lines.every((l, i) => l.lotId === rows[i]!.lot_id)
          )
            moved = done.moved;
        }
        await repo.setStatus(tx.db, id, 'posted', actor.userId, tx.now);
        if (d.type === 'price_adjustment' && (d.effective_at === null || d.effective_at <= tx.now)) {
          await applyPriceAdjustment(tx, { id, doc_no: d.doc_no, posted_by: actor.userId }, actor);
        }
        const after = moved
          ? await viewOf(tx.db, postedRow(d, actor, tx.now), linesAfter(rows, moved), actor, tx.now)
          : await loadDoc(tx.db, id, actor, tx.now);
        await tx.audit(actor, {
          action: 'stock_doc.post',
          entity: 'stock_doc',
          entityId: id,
          before: auditView(before),
          after: {
            ...auditView(after),
            ...(input.confirmShortExpiry
              ? { confirmedShortExpiry: after.lines.filter((l) => l.shortExpiry).map((l) => l.lineNo) }
              : {}),
          },
        });
        emitDoc(tx, after, 'posted');
        return after;
      }, idem);
    },

    reverse(actor: Actor, id: number, input: ReverseBody, idem?: Idempotency): Promise<StockDoc> {
      return uow.write(async (tx) => {
        const d = await repo.findDoc(tx.db, id);
        if (!d) throw notFound(DOC, id);
        if (d.status !== 'posted')
          throw conflict(
            'not_posted',
            t(
              `单据 ${d.doc_no} 尚未审核记账,草稿可直接作废`,
              `Document ${d.doc_no} is not posted; cancel the draft instead`,
            ),
          );
        if (d.type === 'stocktake' || d.type === 'requisition') {
          throw conflict(
            'not_reversible',
            t(
              `${d.type === 'stocktake' ? '盘点单' : '请领单'} ${d.doc_no} 不能冲销`,
              `${d.type === 'stocktake' ? 'A stock-take' : 'A requisition'} (${d.doc_no}) cannot be reversed`,
            ),
          );
        }
        if (d.reverses_id !== null)
          throw conflict(
            'not_reversible',
            t(`${d.doc_no} 本身是冲销单,不能再冲销`, `${d.doc_no} is itself a reversal; it cannot be reversed`),
          );
        if (d.reversed_by_id !== null) {
          const r = await repo.findDoc(tx.db, d.reversed_by_id);
          throw conflict(
            'already_reversed',
            t(
              `单据 ${d.doc_no} 已被 ${r?.doc_no ?? ''} 冲销`,
              `Document ${d.doc_no} was already reversed by ${r?.doc_no ?? ''}`,
            ),
          );
        }
        if (d.type === 'price_adjustment' && d.applied_at !== null) {
          throw conflict(
            'already_applied',
            t(
              `调价单 ${d.doc_no} 已生效,不能冲销;请另做一张调价单调回原价`,
              `Price adjustment ${d.doc_no} has taken effect; it cannot be reversed; make another adjustment back ` +
                `to the old price`,
            ),
          );
        }
        const orig = await repo.rawLines(tx.db, id);
        const newId = await repo.insertDoc(tx.db, {
          docNo: await docNo(tx, d.type),
          type: d.type,
          status: 'draft',
          locationId: d.location_id,
          counterpartId: d.counterpart_id,
          supplierId: d.supplier_id,
          supplierInvoiceNo: d.supplier_invoice_no,
          reason: input.reason,
          note: `冲销 ${d.doc_no}`,
          requisitionId: null,
          reversesId: id,
          snapshotMoveId: null,
          snapshotAt: null,
          userId: actor.userId,
          at: tx.now,
        });
        await repo.insertLines(
          tx.db,
          newId,
          orig.map((l) => ({
            itemId: l.item_id,
            lotId: l.lot_id,
            lotNo: l.lot_no,
            expiryDate: l.expiry_date,
            purchasePriceFen: l.purchase_price_fen,
            quantity: l.quantity === null ? null : -l.quantity,
            reason: l.reason,
            oldPriceFen: l.old_price_fen,
            newPriceFen: l.new_price_fen,
            manufacturer: l.manufacturer,
            approvalNo: l.approval_no,
          })),
        );
        // A price adjustment still waiting for its time: the reversal withdraws it (it never applies).
        const moves = await repo.movesOfDoc(tx.db, id);
        await withStockEvents(
          tx,
          await today(tx.db, tx.now),
          moves.map((m) => ({ itemId: m.item_id, locationId: m.location_id })),
          () => postReversal({ db: tx.db, docId: newId, userId: actor.userId, at: tx.now }, id, orig),
        );
        await repo.setStatus(tx.db, newId, 'posted', actor.userId, tx.now);
        if (d.type === 'price_adjustment') await repo.markApplied(tx.db, newId, tx.now, actor.userId);
        const after = await loadDoc(tx.db, newId);
        await tx.audit(actor, {
          action: 'stock_doc.reverse',
          entity: 'stock_doc',
          entityId: newId,
          before: null,
          after: { ...auditView(after), reverses: d.doc_no },
        });
        emitDoc(tx, after, 'posted');
        emitDoc(tx, await loadDoc(tx.db, id), 'reversed');
        return after;
      }, idem);
    },

    createStocktake(actor: Actor, input: CreateStocktake, idem?: Idempotency): Promise<StockDoc> {
      return uow.write(async (tx) => {
        await assertMayWorkAt(tx.db, actor, input.locationId);
        await assertDocTypeEnabled(tx.db, input.locationId, 'stocktake');
        const open = await repo.openStocktake(tx.db, input.locationId);
        if (open) {
          throw conflict(
            'open_stocktake',
            t(
              `本库房还有未完成的盘点单 ${open.doc_no},请先审核或作废`,
              `Stock-take ${open.doc_no} is still open at this location; post or cancel it first`,
            ),
            'locationId',
          );
        }
        const snapshotMoveId = await repo.maxMoveId(tx.db);
        const lots = await repo.snapshotLots(tx.db, input.locationId, input.kind ?? null);
        const blind = input.blind ?? false;
        const id = await repo.insertDoc(tx.db, {
          docNo: await docNo(tx, 'stocktake'),
          type: 'stocktake',
          status: 'draft',
          locationId: input.locationId,
          counterpartId: null,
          supplierId: null,
          supplierInvoiceNo: null,
          reason: null,
          note: input.note,
          requisitionId: null,
          reversesId: null,
          snapshotMoveId,
          snapshotAt: tx.now,
          blind,
          userId: actor.userId,
          at: tx.now,
        });
        await repo.insertLines(
          tx.db,
          id,
          lots.map((l) => ({
            itemId: l.item_id,
            lotId: l.id,
            lotNo: l.lot_no,
            expiryDate: l.expiry_date,
            purchasePriceFen: l.purchase_price_fen,
            quantity: null,
            snapshotQty: l.qty_on_hand,
            reason: null,
          })),
        );
        const [after, mine] = await loadDocBoth(tx.db, id, actor, tx.now);
        await tx.audit(actor, {
          action: 'stock_doc.stocktake',
          entity: 'stock_doc',
          entityId: id,
          before: null,
          after: { ...auditView(after), lines: after.lines.length, snapshotMoveId },
        });
        emitDoc(tx, after, 'created');
        return mine;
      }, idem);
    },

    saveCounts(actor: Actor, id: number, input: CountsBody): Promise<StockDoc> {
      return uow.write(async (tx) => {
        const d = await repo.findDoc(tx.db, id);
        if (!d) throw notFound(DOC, id);
        if (d.type !== 'stocktake')
          throw invalid('id', t(`单据 ${d.doc_no} 不是盘点单`, `Document ${d.doc_no} is not a stock-take`));
        if (d.status !== 'draft') throw notDraft(d);
        await assertMayWorkAt(tx.db, actor, d.location_id);
        const rows = await repo.rawLines(tx.db, id);
        const byId = new Map(rows.map((l) => [l.id, l]));
        const changed: unknown[] = [];
        for (const [i, c] of input.counts.entries()) {
          const line = byId.get(c.lineId);
          if (!line)
            throw invalid(
              `counts.${i}.lineId`,
              t(`第 ${i + 1} 条不是本盘点单的行`, `Entry ${i + 1} is not a line of this stock-take`),
            );
          await repo.setCount(tx.db, c.lineId, c.countedQty, actor.userId, tx.now);
          changed.push({ lineNo: line.line_no, before: line.counted_qty, after: c.countedQty });
        }
        const added = input.added ?? [];
        if (added.length) {
          const items = await repo.itemsByIds(
            tx.db,
            added.map((a) => a.itemId),
          );
          const newLines: repo.NewLine[] = [];
          for (const [i, a] of added.entries()) {
            const item = items.get(a.itemId);
            if (!item) throw notFound(ITEM, a.itemId, `added.${i}.itemId`);
            if (item.kind !== 'drug' && item.kind !== 'material')
              throw invalid(
                `added.${i}.itemId`,
                t(`“${item.name}”是诊疗项目,没有库存`, `"${item.name}" is a service and has no stock`),
              );
            const onSheet =
              rows.find((l) => l.item_id === a.itemId && l.lot_no === a.lotNo) ??
              newLines.find((l) => l.itemId === a.itemId && l.lotNo === a.lotNo);
            if (onSheet) {
              throw conflict(
                'already_on_sheet',
                t(`“${item.name}”批号 ${a.lotNo} 已在盘点单上`, `${item.name} lot ${a.lotNo} is already on the sheet`),
                `added.${i}.lotNo`,
              );
            }
            const lot = await repo.findLot(tx.db, a.itemId, d.location_id, a.lotNo);
            if (lot && (lot.expiry_date !== a.expiryDate || lot.purchase_price_fen !== a.purchasePriceFen)) {
              throw conflict(
                'lot_clash',
                t(
                  `批号 ${a.lotNo} 已有效期 ${lot.expiry_date}、进价不同`,
                  `Lot ${a.lotNo} exists with expiry ${lot.expiry_date} or another price`,
                ),
                `added.${i}.expiryDate`,
              );
            }
            newLines.push({
              itemId: a.itemId,
              lotId: lot?.id ?? null,
              lotNo: a.lotNo,
              expiryDate: a.expiryDate,
              purchasePriceFen: a.purchasePriceFen,
              quantity: null,
              snapshotQty: 0,
              countedQty: a.countedQty,
              countedBy: actor.userId,
              countedAt: tx.now,
              reason: t('盘点发现', 'found at count').zh,
            });
          }
          await repo.insertLines(tx.db, id, newLines, rows.length + 1);
          changed.push(...newLines.map((l) => ({ added: [l.itemId, l.lotNo, l.countedQty] })));
        }
        await repo.bumpVersion(tx.db, id, tx.now);
        const [after, mine] = await loadDocBoth(tx.db, id, actor, tx.now);
        await tx.audit(actor, {
          action: 'stock_doc.count',
          entity: 'stock_doc',
          entityId: id,
          summary: { docNo: d.doc_no, counts: changed.slice(0, 200) },
        });
        emitDoc(tx, after, 'counted');
        return mine;
      });
    },
  };
}

export type InventoryService = ReturnType<typeof createInventoryService>;
