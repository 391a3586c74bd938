// Catalog reads: search by code, name or pinyin, filter by kind, with the stock on hand at
// one pharmacy (non-expired lots only). Maintenance of the dictionary: maintenance.ts.
import { DomainError, notFound } from '../../../core/errors.js';
import { fillOnce } from '../../lib/search.js';
import { t } from '../../../core/i18n.js';
import type { ModuleContext } from '../context.js';
import { businessToday } from '../settings/index.js';
import * as repo from './repo.js';
import type { CatalogItem, CatalogQuery } from './schema.js';
import { stockOnHandMany } from './stock.js';

export const ITEM = t('收费项目', 'Catalog item');

export function toItem(r: repo.ItemRow, onHand: number | null): CatalogItem {
  return {
    id: r.id,
    code: r.code,
    kind: r.kind,
    name: r.name,
    tradeName: r.trade_name,
    spec: r.spec,
    dosageForm: r.dosage_form,
    manufacturer: r.manufacturer,
    unit: r.unit,
    packUnit: r.pack_unit,
    packSize: r.pack_size,
    priceFen: r.price_fen,
    chargeCategory: r.charge_category,
    drugClass: r.drug_class,
    antibioticTier: r.antibiotic_tier,
    controlledClass: r.controlled_class,
    essential: r.essential === 1,
    dosePerUnit: r.dose_per_unit,
    defaultDose: r.default_dose,
    doseUnit: r.dose_unit,
    defaultFrequency: r.default_frequency,
    defaultRoute: r.default_route,
    insuranceCode: r.insurance_code,
    pinyinInitials: r.pinyin_initials,
    pinyinFull: r.pinyin_full,
    active: r.active === 1,
    approvalNo: r.approval_no,
    purchasePriceFen: r.purchase_price_fen,
    reorderLevel: r.reorder_level,
    invoiceConfirmed: r.invoice_confirmed === 1,
    version: r.version,
    onHand,
  };
}

export function createCatalogService(deps: Pick<ModuleContext, 'db' | 'clock' | 'uow'>) {
  const { db, clock, uow } = deps;

  async function stockFor(rows: repo.ItemRow[], pharmacyId: number | undefined): Promise<Map<number, number> | null> {
    if (pharmacyId === undefined) return null;
    const loc = await repo.findLocation(db, pharmacyId);
    if (!loc || (loc.kind !== 'pharmacy' && loc.kind !== 'store')) {
      throw new DomainError(
        422,
        'invalid',
        t(`药房编号 ${pharmacyId} 不是药房或药库`, `Department ${pharmacyId} is not a pharmacy or store`),
        'pharmacyId',
      );
    }
    const today = await businessToday(db, clock.now());
    return stockOnHandMany(
      db,
      rows.map((r) => r.id),
      pharmacyId,
      today,
    );
  }

  return {
    async search(q: CatalogQuery): Promise<CatalogItem[]> {
      if (q.q) await fillOnce(db, 'catalog_items', () => uow.write((tx) => repo.fillSearchWords(tx.db)));
      const rows = await repo.search(db, { q: q.q, kind: q.kind, limit: q.limit ?? 20 });
      const stock = await stockFor(rows, q.pharmacyId);
      return rows.map((r) => toItem(r, stock ? (stock.get(r.id) ?? 0) : null));
    },

    async get(id: number, pharmacyId: number | undefined): Promise<CatalogItem> {
      const r = await repo.findById(db, id);
      if (!r) throw notFound(ITEM, id);
      const stock = await stockFor([r], pharmacyId);
      return toItem(r, stock ? (stock.get(r.id) ?? 0) : null);
    },
  };
}

export type CatalogService = ReturnType<typeof createCatalogService>;
