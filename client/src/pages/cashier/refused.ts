// 拒发 at the cashier (issue 9 item 6): when a pharmacy refuses a paid prescription the cashier
// hears of it live (order:refused to the cashier room) — the patient will come back for a
// whole refund from today's bills.
import { useEffect } from 'preact/hooks';
import { EV } from '../../../../core/contract.js';
import { toast } from '../../components/toast.js';
import { scoped } from '../../i18n/scoped.js';
import { onEvent } from '../../socket.js';
import { formatYuan } from './format.js';

const tr = scoped(
  { 'refused.toast': '药房拒发了处方 {id}(¥{v}):{reason}。患者来退费时,在“今日收费”中整张退费。' },
  {
    'refused.toast':
      'The pharmacy refused prescription {id} (¥{v}): {reason}. ' +
      "When the patient comes back, refund it in whole from today's bills.",
  },
);

export function useRefusedNotice(onRefused: () => void): void {
  useEffect(
    () =>
      onEvent(EV.orderRefused, (env) => {
        const p = env.payload;
        toast(tr('refused.toast', { id: p.orderId, v: formatYuan(p.totalFen), reason: p.reason }), 'info', 8000);
        onRefused();
      }),
    [],
  );
}
