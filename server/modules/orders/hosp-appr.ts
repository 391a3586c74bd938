// 限定适应症 (issue 11 step 4): for an insured visit, a prescription line whose matched insurer item
// is restricted (lmt_used_flag 1) carries the doctor's answer — '1' the indication is met
// (reimbursed), '0' it is not (own pay) — sent to the insurer as hosp_appr_flag. A field of the line,
// not a status: only an order not yet paid (draft or signed) may be answered or changed.
import { conflict, notFound } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import type { OrderTx } from './lifecycle.js';

export async function setHospApprFlag(
  tx: OrderTx,
  orderLineId: number,
  v: { flag: '0' | '1'; userId: number; at: number },
): Promise<void> {
  const row = await tx.db
    .selectFrom('order_lines as l')
    .innerJoin('orders as o', 'o.id', 'l.order_id')
    .select(['l.id', 'o.status'])
    .where('l.id', '=', orderLineId)
    .executeTakeFirst();
  if (!row) throw notFound(t('医嘱行', 'Order line'), orderLineId, 'orderLineId');
  if (row.status !== 'draft' && row.status !== 'signed')
    throw conflict(
      'order_not_open',
      t(
        '医嘱已收费或已作废,不能再修改限定适应症',
        'The order was paid or cancelled: the indication can no longer change',
      ),
      'orderLineId',
    );
  await tx.db
    .updateTable('order_lines')
    .set({ hosp_appr_flag: v.flag, hosp_appr_at: v.at, hosp_appr_by: v.userId })
    .where('id', '=', orderLineId)
    .execute();
}
