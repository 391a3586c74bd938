// The order state machine (处方状态). These commands are the ONLY writers of `orders.status`
// (and of the fields that go with a transition: signed_at, paid_at, dispensed_at, refused_*).
// Other modules call them through the orders module's public entry (index.ts), inside their
// own unit of work (`tx.db`). The callers check first and throw their own, user-facing
// messages; a transition this table does not allow is a programming error and throws a 409.
//
//   draft ──sign──▶ signed ──markPaid──▶ paid ──markDispensed──▶ dispensed ──markReturned──▶ returned
//     │               │                   │  ▲ markRefused (拒发: a flag,      │ (partly returned:
//     └──cancel───────┴──▶ cancelled ◀────┘     status stays paid)             │  stays dispensed)
//                              ▲──────cancelRefunded (nothing left paid)───────┘
import type { OrderStatus } from '../../../db/schema.js';
import { conflict } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import { prepared } from '../../../db/prepared.js';
import { listOf, listParams, preparedBySize } from '../../lib/prepared-lists.js';
import type { Tx } from '../../lib/uow.js';

/** What a command needs of the unit of work: its transaction handle (never the bare `db`). */
export type OrderTx = Pick<Tx, 'db'>;

export type OrderCommand =
  | 'sign'
  | 'cancel'
  | 'markPaid'
  | 'markRefused'
  | 'markDispensed'
  | 'markReturned'
  | 'cancelRefunded';

/** The allowed transitions: from which statuses each command may run, and the status it leaves. */
export const TRANSITIONS: Readonly<
  Record<OrderCommand, { from: readonly OrderStatus[]; to: OrderStatus | 'same' | 'dispensed|returned' }>
> = {
  /** The doctor signs a draft (签名). */
  sign: { from: ['draft'], to: 'signed' },
  /** The doctor cancels a draft or a signed, unpaid order (作废). */
  cancel: { from: ['draft', 'signed'], to: 'cancelled' },
  /** The cashier charges signed orders (收费). */
  markPaid: { from: ['signed'], to: 'paid' },
  /** The pharmacy refuses a paid prescription (拒发): flags it, the status stays `paid`. */
  markRefused: { from: ['paid'], to: 'same' },
  /** The pharmacy dispenses a paid prescription (发药). */
  markDispensed: { from: ['paid'], to: 'dispensed' },
  /** The pharmacy takes drugs back (退药): `returned` when nothing is left out, else still `dispensed`. */
  markReturned: { from: ['dispensed'], to: 'dispensed|returned' },
  /** A refund left nothing of the order paid (退费): paid (undispensed, refused), or all returned. */
  cancelRefunded: { from: ['paid', 'dispensed', 'returned'], to: 'cancelled' },
};

export function canTransition(command: OrderCommand, from: OrderStatus): boolean {
  return TRANSITIONS[command].from.includes(from);
}

function notAllowed(command: OrderCommand, orderId: number, from: OrderStatus | undefined) {
  return conflict(
    'order_status',
    t(
      `处方 ${orderId} 当前状态(${from ?? '不存在'})不允许此操作`,
      `Order ${orderId} cannot do "${command}" from status ${from ?? '(missing)'}`,
    ),
  );
}

const statusesQ = preparedBySize((db, p: Record<string, unknown>, n) =>
  db
    .selectFrom('orders')
    .select(['id', 'status'])
    .where('id', 'in', listOf<number>(p, 'id', n)),
);

/** Reads the orders' statuses inside the transaction and refuses a transition the table does not allow. */
async function guard(tx: OrderTx, command: OrderCommand, orderIds: readonly number[]): Promise<void> {
  if (!orderIds.length) return;
  const rows = await statusesQ(orderIds.length).all(tx.db, listParams('id', orderIds));
  const statusOf = new Map(rows.map((r) => [r.id, r.status]));
  for (const id of orderIds) {
    const from = statusOf.get(id);
    if (from === undefined || !canTransition(command, from)) throw notAllowed(command, id, from);
  }
}

/** 签名: draft → signed, with the total the signing priced. */
export async function sign(tx: OrderTx, orderId: number, totalFen: number, at: number): Promise<void> {
  await guard(tx, 'sign', [orderId]);
  await signQ.run(tx.db, { orderId, totalFen, at });
}

const signQ = prepared((db, p: { orderId: number; totalFen: number; at: number }) =>
  db
    .updateTable('orders')
    .set((eb) => ({
      status: 'signed' as const,
      total_fen: p.totalFen,
      signed_at: p.at,
      updated_at: p.at,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', p.orderId),
);

/** 作废 by the doctor: a draft or a signed, unpaid order → cancelled. */
export async function cancel(tx: OrderTx, orderId: number, at: number): Promise<void> {
  await guard(tx, 'cancel', [orderId]);
  await setCancelled(tx, orderId, at);
}

/** 收费: signed → paid, every order of the charge. */
export async function markPaid(tx: OrderTx, orderIds: readonly number[], at: number): Promise<void> {
  if (!orderIds.length) return;
  await guard(tx, 'markPaid', orderIds);
  await markPaidQ(orderIds.length).run(tx.db, { at, ...listParams('id', orderIds) });
}

const markPaidQ = preparedBySize((db, p: Record<string, unknown>, n) =>
  db
    .updateTable('orders')
    .set((eb) => ({
      status: 'paid' as const,
      paid_at: p.at as number,
      updated_at: p.at as number,
      version: eb('version', '+', 1),
    }))
    .where('id', 'in', listOf<number>(p, 'id', n)),
);

/**
 * 拒发: the pharmacy refused this paid prescription. The status stays `paid` (the cashier refunds
 * it whole, and the refund cancels it); only a prescription not refused yet is flagged.
 */
export async function markRefused(
  tx: OrderTx,
  orderId: number,
  v: { userId: number; reason: string },
  at: number,
): Promise<void> {
  await guard(tx, 'markRefused', [orderId]);
  await tx.db
    .updateTable('orders')
    .set((eb) => ({
      refused_at: at,
      refused_by: v.userId,
      refused_reason: v.reason,
      updated_at: at,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', orderId)
    .where('status', '=', 'paid')
    .where('refused_at', 'is', null)
    .execute();
}

/** 发药: paid → dispensed. */
export async function markDispensed(tx: OrderTx, orderId: number, at: number): Promise<void> {
  await guard(tx, 'markDispensed', [orderId]);
  await markDispensedQ.run(tx.db, { orderId, at });
}

const markDispensedQ = prepared((db, p: { orderId: number; at: number }) =>
  db
    .updateTable('orders')
    .set((eb) => ({
      status: 'dispensed' as const,
      dispensed_at: p.at,
      updated_at: p.at,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', p.orderId),
);

/** 退药: dispensed → returned when nothing dispensed is left out, else it stays dispensed (version bumped). */
export async function markReturned(
  tx: OrderTx,
  orderId: number,
  status: 'dispensed' | 'returned',
  at: number,
): Promise<void> {
  await guard(tx, 'markReturned', [orderId]);
  await tx.db
    .updateTable('orders')
    .set((eb) => ({ status, updated_at: at, version: eb('version', '+', 1) }))
    .where('id', '=', orderId)
    .execute();
}

/** 退费: a refund left nothing of these orders paid → cancelled. */
export async function cancelRefunded(tx: OrderTx, orderIds: readonly number[], at: number): Promise<void> {
  if (!orderIds.length) return;
  await guard(tx, 'cancelRefunded', orderIds);
  for (const id of orderIds) await setCancelled(tx, id, at);
}

async function setCancelled(tx: OrderTx, orderId: number, at: number): Promise<void> {
  await tx.db
    .updateTable('orders')
    .set((eb) => ({ status: 'cancelled' as const, updated_at: at, version: eb('version', '+', 1) }))
    .where('id', '=', orderId)
    .execute();
}
