// Invoice categorization (发票归类): every chargeable item belongs to one of the 14 national
// charge categories; an item whose category was never saved by an administrator is shown red
// and cannot be charged (billing refuses it). Saving sets the category and confirms it.
import type { Actor } from '../../http/actor.js';
import { invalid } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import { CHARGE_CATEGORIES } from '../../../core/charge-categories.js';
import type { ModuleContext } from '../context.js';
import { itemsRecategorized } from './events.js';
import { confirmChargeCategory } from '../catalog/index.js';
import * as repo from './repo.js';
import { CATEGORY_CODES, type MappingItem, type MappingQuery, type SaveMapping, type SaveResult } from './schema.js';

export function createInvoiceMappingService(deps: Pick<ModuleContext, 'db' | 'uow'>) {
  const { db, uow } = deps;
  return {
    async categories() {
      const counts = new Map((await repo.countsByCategory(db)).map((r) => [r.charge_category as string, r]));
      return CATEGORY_CODES.map((code) => ({
        code,
        name: CHARGE_CATEGORIES[code]!.zh,
        nameEn: CHARGE_CATEGORIES[code]!.en,
        items: Number(counts.get(code)?.n ?? 0),
        unconfirmed: Number(counts.get(code)?.unconfirmed ?? 0),
      }));
    },

    list(q: MappingQuery): Promise<{ items: MappingItem[]; total: number }> {
      return repo.list(db, q);
    },

    /** Puts the items in the category and confirms them, in one transaction (all or nothing). */
    save(actor: Actor, input: SaveMapping): Promise<SaveResult> {
      return uow.write(async (tx) => {
        const seen = new Set<number>();
        for (const id of input.itemIds) {
          if (seen.has(id)) throw invalid('itemIds', t(`项目 ${id} 重复出现`, `Item ${id} is listed twice`));
          seen.add(id);
        }
        const found = new Map((await repo.findByIds(tx.db, input.itemIds)).map((i) => [i.id, i]));
        const missing = input.itemIds.find((id) => !found.has(id));
        if (missing !== undefined)
          throw invalid('itemIds', t(`收费项目 ${missing} 不存在`, `Charge item ${missing} does not exist`));
        const changed: number[] = [];
        for (const id of input.itemIds) {
          const before = found.get(id)!;
          if (before.invoiceConfirmed && before.chargeCategory === input.category) continue;
          await confirmChargeCategory(tx.db, id, input.category, tx.now);
          const after = {
            ...before,
            chargeCategory: input.category,
            invoiceConfirmed: true,
            version: before.version + 1,
          };
          await tx.audit(actor, {
            action: 'catalog_item.invoice_category',
            entity: 'catalog_item',
            entityId: id,
            before: { chargeCategory: before.chargeCategory, invoiceConfirmed: before.invoiceConfirmed },
            after: { chargeCategory: after.chargeCategory, invoiceConfirmed: true },
          });
          changed.push(id);
        }
        if (changed.length) tx.emit(itemsRecategorized(changed, await repo.stockRoomIds(tx.db)));
        const items = await repo.findByIds(tx.db, input.itemIds);
        return { category: input.category, changed: changed.length, items };
      });
    },
  };
}

export type InvoiceMappingService = ReturnType<typeof createInvoiceMappingService>;
