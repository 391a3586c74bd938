// A bill's receipt payload read back from its rows (for writers outside billing's own charge and
// refund: the insured settlement prints its bill with the insurer's split added to this payload).
import type { Db } from '../../../db/connection.js';
import type { Trx } from '../../lib/uow.js';
import { presentReceipt } from './present.js';
import * as repo from './repo.js';

/** The receipt payload (layout `receipt`) of a bill, or null when there is no such bill. */
export async function billReceipt(db: Db | Trx, billId: number) {
  const bill = (await repo.billsByIds(db, [billId]))[0];
  if (!bill) return null;
  const lines = await repo.billLinesWithItems(db, billId);
  const payments = await repo.paymentsOfBills(db, [billId]);
  return presentReceipt(bill, lines, payments);
}
