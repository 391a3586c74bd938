// Stock locations and document settings (库房 / 单据使用设置): the rules. Every store or
// pharmacy department is a stock location with a role (中心药库 / 门诊药房 / 住院药房), the
// store that supplies it (a store is supplied by nobody; a pharmacy by an active store) and
// the document types it uses — a location can only make the documents it was given.
import type { Db } from '../../../db/connection.js';
import type { DepartmentKind, StockDocType, StockLocationRole } from '../../../db/schema.js';
import type { Actor } from '../../http/actor.js';
import { conflict, invalid, notFound, staleVersion } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import type { AuditWho, Trx, Tx } from '../../lib/uow.js';
import type { ModuleContext } from '../context.js';
import { stockLocationChanged } from './events.js';
import * as repo from './repo.js';
import type { StockLocationView, UpdateStockLocation } from './schema.js';

export const STOCK_LOCATION = t('库房', 'Stock location');

export const DEFAULT_DOC_TYPES: Record<'store' | 'pharmacy', readonly StockDocType[]> = {
  store: ['receipt', 'transfer', 'supplier_return', 'loss', 'consumption', 'stocktake'],
  pharmacy: ['requisition', 'transfer', 'loss', 'stocktake'],
};

export const DOC_TYPE_NAMES: Record<StockDocType, { zh: string; en: string }> = {
  receipt: t('采购入库', 'Purchase receipt'),
  requisition: t('请领', 'Requisition'),
  transfer: t('调拨', 'Transfer'),
  supplier_return: t('退货', 'Return to supplier'),
  loss: t('报损', 'Loss'),
  consumption: t('消耗', 'Consumption'),
  stocktake: t('盘点', 'Stock-take'),
  // Center-wide, made at a store whatever its document settings (not a per-location choice).
  price_adjustment: t('调价', 'Price adjustment'),
};

const isStockKind = (k: DepartmentKind): k is 'store' | 'pharmacy' => k === 'store' || k === 'pharmacy';
const roleFits = (kind: 'store' | 'pharmacy', role: StockLocationRole) => (kind === 'store') === (role === 'store');

/**
 * The location may make documents of `type`: an active store/pharmacy department with a stock
 * location row (else 422 `locationId`) that uses the type (else 422 `type`).
 */
export async function assertDocTypeEnabled(
  db: Db | Trx,
  locationId: number,
  type: StockDocType,
): Promise<{ role: StockLocationRole; suppliedById: number | null }> {
  const d = await repo.findDepartment(db, locationId);
  if (!d || !d.active || !isStockKind(d.kind) || d.role === null) {
    throw invalid(
      'locationId',
      t('所选科室不是启用的药库或药房', 'The chosen department is not an active store or pharmacy'),
    );
  }
  if (!(await repo.hasDocType(db, locationId, type))) {
    throw invalid(
      'type',
      t(
        '本库房未启用该单据,请在“单据使用设置”中加入',
        `This location does not use ${DOC_TYPE_NAMES[type].en} documents; add it under "Document settings"`,
      ),
    );
  }
  return { role: d.role, suppliedById: d.supplied_by_id };
}

/**
 * Gives a store/pharmacy department its stock location: a row with the default role (store, or
 * outpatient pharmacy supplied by the first active store) and the default document types. A
 * department whose kind changed between store and pharmacy gets the new kind's defaults.
 * Other kinds, and a row that already fits, are left alone. Returns what it did.
 */
export async function ensureStockLocation(
  db: Trx,
  dept: { id: number; kind: DepartmentKind },
  now: number = Date.now(),
): Promise<'created' | 'updated' | null> {
  if (!isStockKind(dept.kind)) return null;
  const existing = await repo.findDepartment(db, dept.id);
  const role: StockLocationRole = dept.kind === 'store' ? 'store' : 'outpatient_pharmacy';
  const suppliedById = dept.kind === 'store' ? null : await repo.firstActiveStore(db, dept.id);
  if (existing?.role == null) {
    await repo.insertLocation(db, dept.id, role, suppliedById, now);
    await repo.setDocTypes(db, dept.id, DEFAULT_DOC_TYPES[dept.kind], now);
    return 'created';
  }
  if (roleFits(dept.kind, existing.role)) return null;
  await repo.updateLocation(db, dept.id, role, suppliedById, now);
  await repo.setDocTypes(db, dept.id, DEFAULT_DOC_TYPES[dept.kind], now);
  return 'updated';
}

/**
 * A store that still supplies active pharmacies is neither deactivated nor turned into another
 * kind of department (409 naming `active` / `kind`): their requisitions would go nowhere.
 */
export async function assertStoreFreeToChange(
  db: Trx,
  before: { id: number; kind: DepartmentKind; active: boolean },
  after: { kind: DepartmentKind; active: boolean },
): Promise<void> {
  if (before.kind !== 'store') return;
  const rekind = after.kind !== 'store';
  if (!rekind && !(before.active && !after.active)) return;
  const names = await repo.namesSuppliedBy(db, before.id);
  if (!names.length) return;
  throw conflict(
    'store_supplies_pharmacies',
    t(
      `该药库为${names.join('、')}供货,请先在“单据使用设置”中为它们更换供货库房`,
      `This store ` +
        `supplies ${names.join(', ')}; choose another supplying store for them under "Document settings" first`,
    ),
    rekind ? 'kind' : 'active',
  );
}

/**
 * After ensureStockLocation did something inside a department write: the audit entry
 * (`stock_location.create` / `stock_location.reset`, with the new row) and the event.
 */
export async function recordEnsured(tx: Tx, actor: AuditWho, id: number, what: 'created' | 'updated'): Promise<void> {
  const after = await repo.findById(tx.db, id);
  await tx.audit(actor, {
    action: what === 'created' ? 'stock_location.create' : 'stock_location.reset',
    entity: 'stock_location',
    entityId: id,
    before: null,
    after,
  });
  tx.emit(stockLocationChanged(id, what));
}

async function checkUpdate(db: Trx, before: StockLocationView, input: UpdateStockLocation): Promise<void> {
  if (!roleFits(before.kind, input.role)) {
    throw invalid(
      'role',
      before.kind === 'store'
        ? t('药库科室的角色只能是“中心药库”', 'A store department can only have the role "central store"')
        : t(
            '药房科室的角色应为“门诊药房”或“住院药房”',
            'A pharmacy department must be an outpatient or inpatient pharmacy',
          ),
    );
  }
  if (new Set(input.docTypes).size !== input.docTypes.length) {
    throw invalid('docTypes', t('单据类型有重复', 'A document type is listed twice'));
  }
  if (input.role === 'store') {
    if (input.suppliedById !== null)
      throw invalid(
        'suppliedById',
        t('中心药库不由其他库房供货', 'A central store is not supplied by another location'),
      );
    if (input.docTypes.includes('requisition')) {
      throw invalid(
        'docTypes',
        t('中心药库没有供货库房,不能使用请领单', 'A central store has no supplying store and cannot use requisitions'),
      );
    }
    return;
  }
  if (input.suppliedById !== null) {
    const s = await repo.findDepartment(db, input.suppliedById);
    if (!s || s.kind !== 'store' || s.role !== 'store' || !s.active) {
      throw invalid(
        'suppliedById',
        t('供货库房必须是启用的中心药库', 'The supplying location must be an active central store'),
      );
    }
  } else if (input.docTypes.includes('requisition')) {
    throw invalid(
      'suppliedById',
      t('使用请领单需要先选择供货库房', 'Choose the supplying store before using requisitions'),
    );
  }
}

export function createStockLocationsService(deps: Pick<ModuleContext, 'db' | 'uow'>) {
  const { db, uow } = deps;
  return {
    list(): Promise<StockLocationView[]> {
      return repo.list(db);
    },

    update(actor: Actor, id: number, input: UpdateStockLocation): Promise<StockLocationView> {
      return uow.write(async (tx) => {
        const before = await repo.findById(tx.db, id);
        if (!before) throw notFound(STOCK_LOCATION, id);
        if (before.version !== input.version) throw staleVersion(STOCK_LOCATION);
        await checkUpdate(tx.db, before, input);
        await repo.updateLocation(tx.db, id, input.role, input.suppliedById, tx.now);
        await repo.setDocTypes(tx.db, id, input.docTypes, tx.now);
        const after = (await repo.findById(tx.db, id))!;
        await tx.audit(actor, {
          action: 'stock_location.update',
          entity: 'stock_location',
          entityId: id,
          before,
          after,
        });
        tx.emit(stockLocationChanged(id, 'updated'));
        return after;
      });
    },
  };
}

export type StockLocationsService = ReturnType<typeof createStockLocationsService>;
