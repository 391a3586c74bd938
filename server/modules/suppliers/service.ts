// Suppliers (供应商): the rules. Codes, names and credit codes are unique; pinyin initials are
// generated from the name unless the user typed their own; a supplier's drug trading licence
// that expires within N days (or has expired) is listed for the store keeper.
import type { Actor } from '../../http/actor.js';
import { conflict, notFound, staleVersion } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import { pinyinKeys } from '../../../db/pinyin.js';
import type { Trx } from '../../lib/uow.js';
import type { ModuleContext } from '../context.js';
import { businessToday } from '../settings/index.js';
import { exportSuppliers } from './columns.js';
import { supplierChanged } from './events.js';
import { createSupplierImport } from './import.js';
import * as repo from './repo.js';
import type {
  CreateSupplier,
  DeactivateSupplier,
  ExpiringItem,
  SupplierQuery,
  SupplierView,
  UpdateSupplier,
} from './schema.js';

export const SUPPLIER = t('供应商', 'Supplier');
const DAY_MS = 86_400_000;

async function assertUnique(
  db: Trx,
  v: { code: string; name: string; creditCode: string | null },
  exceptId: number | null,
): Promise<void> {
  const clash = await repo.findClash(db, v.code, v.name, v.creditCode, exceptId);
  if (clash.code)
    throw conflict(
      'duplicate',
      t(`供应商编码“${v.code}”已被使用`, `The supplier code "${v.code}" is already used`),
      'code',
    );
  if (clash.name)
    throw conflict(
      'duplicate',
      t(`供应商名称“${v.name}”已被使用`, `The supplier name "${v.name}" is already used`),
      'name',
    );
  if (clash.creditCode) {
    throw conflict(
      'duplicate',
      t(
        `统一社会信用代码“${v.creditCode}”已属于另一个供应商`,
        `The credit code "${v.creditCode}" belongs to another supplier`,
      ),
      'creditCode',
    );
  }
}

/** Initials typed by the user win; otherwise (or when the name changed and they were not edited) generated. */
function pinyinFor(name: string, typed: string | null, before?: SupplierView) {
  const py = pinyinKeys(name);
  const keepTyped = typed !== null && !(before && before.name !== name && typed === before.pinyinInitials);
  return { pinyinInitials: keepTyped ? typed : py.initials, pinyinFull: py.full };
}

const dayNumber = (d: string) => Math.round(Date.parse(d + 'T00:00:00Z') / DAY_MS);

export function createSuppliersService(deps: Pick<ModuleContext, 'db' | 'uow' | 'clock'>) {
  const { db, uow, clock } = deps;
  return {
    /** The Excel import (import.ts): check, all, good-rows. */
    importXlsx: createSupplierImport(deps).importXlsx,

    /** Every supplier as an Excel file, the import template. */
    exportXlsx(): Promise<Buffer> {
      return exportSuppliers(db);
    },

    list(q: SupplierQuery): Promise<SupplierView[]> {
      return repo.list(db, q);
    },

    async expiring(days = 30): Promise<{ today: string; days: number; items: ExpiringItem[] }> {
      const today = await businessToday(db, clock.now());
      const until = new Date((dayNumber(today) + days) * DAY_MS).toISOString().slice(0, 10);
      const rows = await repo.expiringBy(db, until);
      return {
        today,
        days,
        items: rows.map((s) => {
          const daysLeft = dayNumber(s.drugLicenceExpiresOn!) - dayNumber(today);
          return { ...s, daysLeft, expired: daysLeft < 0 };
        }),
      };
    },

    create(actor: Actor, input: CreateSupplier): Promise<SupplierView> {
      return uow.write(async (tx) => {
        await assertUnique(tx.db, input, null);
        const id = await repo.insert(tx.db, { ...input, ...pinyinFor(input.name, input.pinyinInitials) }, tx.now);
        const after = (await repo.findById(tx.db, id))!;
        await tx.audit(actor, { action: 'supplier.create', entity: 'supplier', entityId: id, before: null, after });
        tx.emit(supplierChanged(id, 'created'));
        return after;
      });
    },

    update(actor: Actor, id: number, input: UpdateSupplier): Promise<SupplierView> {
      return uow.write(async (tx) => {
        const before = await repo.findById(tx.db, id);
        if (!before) throw notFound(SUPPLIER, id);
        if (before.version !== input.version) throw staleVersion(SUPPLIER);
        await assertUnique(tx.db, input, id);
        await repo.update(tx.db, id, { ...input, ...pinyinFor(input.name, input.pinyinInitials, before) }, tx.now);
        const after = (await repo.findById(tx.db, id))!;
        await tx.audit(actor, { action: 'supplier.update', entity: 'supplier', entityId: id, before, after });
        tx.emit(supplierChanged(id, 'updated'));
        return after;
      });
    },

    deactivate(actor: Actor, id: number, input: DeactivateSupplier): Promise<SupplierView> {
      return uow.write(async (tx) => {
        const before = await repo.findById(tx.db, id);
        if (!before) throw notFound(SUPPLIER, id);
        if (before.version !== input.version) throw staleVersion(SUPPLIER);
        if (!before.active)
          throw conflict('already_inactive', t('该供应商已停用', 'This supplier is already inactive'), 'active');
        await repo.setInactive(tx.db, id, tx.now);
        const after = (await repo.findById(tx.db, id))!;
        await tx.audit(actor, { action: 'supplier.deactivate', entity: 'supplier', entityId: id, before, after });
        tx.emit(supplierChanged(id, 'updated'));
        return after;
      });
    },
  };
}

export type SuppliersService = ReturnType<typeof createSuppliersService>;
