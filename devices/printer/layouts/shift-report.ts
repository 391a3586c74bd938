// 交班报表 / shift-closing report. Payload: billing's shift close (shiftId, cashier,
// openedAt, closedAt, totals {byMethod, byCategory, charges, refunds, netFen,
// insuranceFundFen, cashFen, invoices {issued, voided, reprinted, first, last, gaps},
// deposits {byMethod [{method, count, takenFen, refundedFen, netFen}], takenFen, refundedFen, netFen}}).
// cashFen already holds the net cash deposits (预交金): the drawer's money, bills and deposits.
import { DocBuilder, type PrintDoc } from '../doc.js';
import { arr, dateTime, methodName, num, obj, str, yuan, type LayoutContext, type Obj } from './common.js';

/** The deposit methods billing does not have (the stays module's names). */
const DEPOSIT_METHODS: Record<string, string> = { card: '银行卡', transfer: '转账', cheque: '支票' };
const depositMethod = (m: unknown) => DEPOSIT_METHODS[str(m)] ?? methodName(m);

export function shiftReport(p: Obj, ctx: LayoutContext): PrintDoc {
  const d = new DocBuilder(ctx.paper);
  const t = obj(p.totals);
  if (ctx.notice) d.text(ctx.notice, { align: 'center' });
  d.text(ctx.institution, { align: 'center', bold: true });
  d.text('收费员交班报表', { align: 'center', bold: true });
  d.rule();
  d.lr('收费员', str(p.cashier));
  d.lr('班次', str(p.shiftId));
  d.lr('开始', dateTime(p.openedAt, ctx.timeZone));
  d.lr('结束', dateTime(p.closedAt, ctx.timeZone));
  d.rule();
  const charges = obj(t.charges);
  const refunds = obj(t.refunds);
  d.lr(`收费 ${str(charges.count)} 笔`, yuan(charges.totalFen));
  d.lr(`退费 ${str(refunds.count)} 笔`, yuan(refunds.totalFen));
  d.lr('净额', yuan(t.netFen), { bold: true });
  if ((num(t.insuranceFundFen) ?? 0) !== 0) d.lr('其中医保统筹', yuan(t.insuranceFundFen));
  d.rule();
  d.text('按支付方式', { bold: true });
  for (const m of arr(t.byMethod)) d.lr(`  ${methodName(m.method)}`, yuan(m.amountFen));
  d.text('按收费类别', { bold: true });
  for (const c of arr(t.byCategory)) d.lr(`  ${str(c.name)}`, yuan(c.amountFen));
  // Invoice numbers used in the shift (billing's usage ledger): every number accounted for.
  const inv = obj(t.invoices);
  if (num(inv.issued) !== null) {
    d.rule();
    d.text('发票', { bold: true });
    d.lr('  开具', `${str(inv.issued)} 张`);
    d.lr('  作废', `${str(inv.voided)} 张`);
    d.lr('  补打', `${str(inv.reprinted)} 张`);
    if (str(inv.first)) d.lr('  号码', `${str(inv.first)}–${str(inv.last)}`);
    d.lr('  断号', `${str(inv.gaps)} 个`, { bold: (num(inv.gaps) ?? 0) > 0 });
  }
  // Inpatient deposits (预交金) taken and paid back at this desk in the shift.
  const dep = obj(t.deposits);
  if (num(dep.netFen) !== null) {
    d.rule();
    d.text('住院预交金', { bold: true });
    d.lr('  收取', yuan(dep.takenFen));
    d.lr('  退款', yuan(dep.refundedFen));
    for (const m of arr(dep.byMethod)) d.lr(`  ${depositMethod(m.method)} ${str(m.count)} 笔`, yuan(m.netFen));
    d.lr('预交金净额', yuan(dep.netFen), { bold: true });
  }
  d.rule();
  d.lr('应交现金', `${yuan(t.cashFen)} 元`, { bold: true });
  d.blank();
  d.text('交班人签字:', {});
  d.blank();
  d.text('接班人签字:', {});
  d.feed(2).cut();
  return d.build();
}
