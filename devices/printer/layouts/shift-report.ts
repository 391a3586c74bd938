// 交班报表 / shift-closing report. Payload: billing's shift close (shiftId, cashier,
// openedAt, closedAt, totals {byMethod, byCategory, charges, refunds, netFen,
// insuranceFundFen, cashFen}).
import { DocBuilder, type PrintDoc } from '../doc.js';
import { arr, dateTime, methodName, num, obj, str, yuan, type LayoutContext, type Obj } from './common.js';

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
  d.rule();
  d.lr('应交现金', `${yuan(t.cashFen)} 元`, { bold: true });
  d.blank();
  d.text('交班人签字:', {});
  d.blank();
  d.text('接班人签字:', {});
  d.feed(2).cut();
  return d.build();
}
