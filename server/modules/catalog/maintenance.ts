// Dictionary maintenance (基础维护): list and search, create and update drugs, services and
// materials. Codes are unique regardless of case; pinyin keys are generated from the name
// unless the user typed their own; items created here (or imported) start with their invoice
// category unconfirmed (发票归类), and changing an item's charge category unconfirms it again.
// Zero markup: with the institution policy on, an essential drug's purchase price equals its
// retail price. Every write is audited and publishes catalog:changed.
import type { Actor } from '../../http/actor.js';
import { DomainError, conflict, notFound, staleVersion } from '../../../core/errors.js';
import { pinyinKeys } from '../../../db/pinyin.js';
import { fillOnce } from '../../lib/search.js';
import { t } from '../../../core/i18n.js';
import type { Trx } from '../../lib/uow.js';
import type { ModuleContext } from '../context.js';
import { getInstitutionSettings } from '../settings/index.js';
import type { AdminItem, AdminQuery, CreateItem, UpdateItem } from './admin-schema.js';
import { catalogChanged } from './events.js';
import { historyProblems, itemProblems, priceProblem, suggestedCategory, type ItemValues } from './fields.js';
import * as repo from './repo.js';
import { ITEM, toItem } from './service.js';

export const MANAGE = 'dictionaries.manage';

/** Typed pinyin wins; blank, or unchanged while the name changed → generated. */
export function pinyinFor(
  v: { name: string; pinyinInitials: string | null; pinyinFull: string | null },
  before?: repo.ItemRow,
) {
  const py = pinyinKeys(v.name);
  const renamed = before !== undefined && before.name !== v.name;
  const keep = (typed: string | null, old: string | undefined) =>
    typed !== null && typed !== '' && !(renamed && typed === old);
  return {
    pinyin_initials: keep(v.pinyinInitials, before?.pinyin_initials) ? v.pinyinInitials! : py.initials,
    pinyin_full: keep(v.pinyinFull, before?.pinyin_full) ? v.pinyinFull! : py.full,
  };
}

/** The table columns of an item (without pinyin and invoice confirmation). */
export function columnsOf(v: ItemValues) {
  return {
    code: v.code,
    kind: v.kind,
    name: v.name,
    trade_name: v.tradeName,
    spec: v.spec,
    dosage_form: v.dosageForm,
    manufacturer: v.manufacturer,
    approval_no: v.approvalNo,
    unit: v.unit,
    pack_unit: v.packUnit,
    pack_size: v.packSize,
    price_fen: v.priceFen,
    purchase_price_fen: v.purchasePriceFen,
    charge_category: v.chargeCategory as repo.ItemRow['charge_category'],
    drug_class: v.drugClass,
    antibiotic_tier: v.antibioticTier,
    controlled_class: v.controlledClass,
    essential: (v.essential ? 1 : 0) as 0 | 1,
    dose_per_unit: v.dosePerUnit,
    default_dose: v.defaultDose,
    dose_unit: v.doseUnit,
    default_frequency: v.defaultFrequency,
    default_route: v.defaultRoute,
    insurance_code: v.insuranceCode,
    reorder_level: v.reorderLevel,
    active: (v.active ? 1 : 0) as 0 | 1,
  };
}

/** The saved values of an item, for comparing with an imported row. */
export function valuesOf(r: repo.ItemRow): ItemValues {
  return {
    code: r.code,
    kind: r.kind,
    name: r.name,
    tradeName: r.trade_name,
    spec: r.spec,
    dosageForm: r.dosage_form,
    manufacturer: r.manufacturer,
    approvalNo: r.approval_no,
    unit: r.unit,
    packUnit: r.pack_unit,
    packSize: r.pack_size,
    priceFen: r.price_fen,
    purchasePriceFen: r.purchase_price_fen,
    drugClass: r.drug_class,
    essential: r.essential === 1,
    antibioticTier: r.antibiotic_tier,
    controlledClass: r.controlled_class,
    insuranceCode: r.insurance_code,
    chargeCategory: r.charge_category,
    reorderLevel: r.reorder_level,
    dosePerUnit: r.dose_per_unit,
    defaultDose: r.default_dose,
    doseUnit: r.dose_unit,
    defaultFrequency: r.default_frequency,
    defaultRoute: r.default_route,
    active: r.active === 1,
  };
}

function valuesFromInput(input: CreateItem, before?: repo.ItemRow): ItemValues {
  const { pinyinInitials: _pi, pinyinFull: _pf, ...rest } = input;
  void _pi;
  void _pf;
  return {
    ...rest,
    packUnit: input.packUnit ?? input.unit,
    chargeCategory: input.chargeCategory ?? before?.charge_category ?? suggestedCategory(input.kind, input.drugClass),
  };
}

function assertAcceptable(v: ItemValues, policy: { zeroMarkupEssentialDrugs: boolean }): void {
  const [p] = itemProblems(v, policy);
  if (p) throw new DomainError(422, 'invalid', p.text, p.field);
}

async function assertCodeFree(db: Trx, code: string, exceptId: number | null): Promise<void> {
  const clash = await repo.findByCode(db, code);
  if (clash && clash.id !== exceptId) {
    throw conflict(
      'duplicate',
      t(`编码“${code}”已被“${clash.name}”使用`, `The code "${code}" is already used by "${clash.name}"`),
      'code',
    );
  }
}

async function adminItem(db: Parameters<typeof repo.itemsWithHistory>[0], r: repo.ItemRow): Promise<AdminItem> {
  return {
    ...toItem(r, null),
    hasHistory: (await repo.itemsWithHistory(db, [r.id])).has(r.id),
    hasStock: (await repo.itemsWithStock(db, [r.id])).has(r.id),
  };
}

export function createMaintenanceService(deps: Pick<ModuleContext, 'db' | 'uow'>) {
  const { db, uow } = deps;
  return {
    async list(q: AdminQuery): Promise<{ items: AdminItem[]; total: number }> {
      const active = q.active === 'true' ? true : q.active === 'false' ? false : undefined;
      if (q.q) await fillOnce(db, 'catalog_items', () => uow.write((tx) => repo.fillSearchWords(tx.db)));
      const { rows, total } = await repo.adminList(
        db,
        { q: q.q, kind: q.kind, active, drugClass: q.drugClass },
        { limit: q.limit ?? 50, offset: q.offset ?? 0 },
      );
      const history = await repo.itemsWithHistory(
        db,
        rows.map((r) => r.id),
      );
      const stocked = await repo.itemsWithStock(
        db,
        rows.map((r) => r.id),
      );
      return {
        items: rows.map((r) => ({ ...toItem(r, null), hasHistory: history.has(r.id), hasStock: stocked.has(r.id) })),
        total,
      };
    },

    async get(id: number): Promise<AdminItem> {
      const r = await repo.findRow(db, id);
      if (!r) throw notFound(ITEM, id);
      return adminItem(db, r);
    },

    create(actor: Actor, input: CreateItem): Promise<AdminItem> {
      return uow.write(async (tx) => {
        const v = valuesFromInput(input);
        assertAcceptable(v, await getInstitutionSettings(tx.db));
        await assertCodeFree(tx.db, v.code, null);
        const id = await repo.insertItem(tx.db, { ...columnsOf(v), ...pinyinFor(input), invoice_confirmed: 0 }, tx.now);
        const after = (await repo.findRow(tx.db, id))!;
        await tx.audit(actor, { action: 'catalog.create', entity: 'catalog_item', entityId: id, before: null, after });
        tx.emit(catalogChanged([id], 'created', await repo.stockRoomIds(tx.db)));
        return { ...toItem(after, null), hasHistory: false, hasStock: false };
      });
    },

    update(actor: Actor, id: number, input: UpdateItem): Promise<AdminItem> {
      return uow.write(async (tx) => {
        const before = await repo.findRow(tx.db, id);
        if (!before) throw notFound(ITEM, id);
        if (before.version !== input.version) throw staleVersion(ITEM);
        const { version: _v, ...fields } = input;
        void _v;
        const v = valuesFromInput(fields, before);
        // Reports and documents value and group an item's history with its current kind, unit, pack size and class.
        if ((await repo.itemsWithHistory(tx.db, [id])).has(id)) {
          const [h] = historyProblems(v, valuesOf(before));
          if (h) throw conflict('item_has_history', h.text, h.field);
        }
        if ((await repo.itemsWithStock(tx.db, [id])).has(id)) {
          const p = priceProblem(v, valuesOf(before));
          if (p) throw conflict('price_needs_adjustment', p.text, p.field);
        }
        assertAcceptable(v, await getInstitutionSettings(tx.db));
        await assertCodeFree(tx.db, v.code, id);
        const confirmed = v.chargeCategory === before.charge_category ? before.invoice_confirmed : 0;
        await repo.updateItem(
          tx.db,
          id,
          { ...columnsOf(v), ...pinyinFor(fields, before), invoice_confirmed: confirmed },
          tx.now,
        );
        const after = (await repo.findRow(tx.db, id))!;
        await tx.audit(actor, { action: 'catalog.update', entity: 'catalog_item', entityId: id, before, after });
        tx.emit(catalogChanged([id], 'updated', await repo.stockRoomIds(tx.db)));
        return adminItem(tx.db, after);
      });
    },
  };
}

export type MaintenanceService = ReturnType<typeof createMaintenanceService>;
