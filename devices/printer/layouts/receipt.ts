// 门诊收费收据 / outpatient receipt: items by charge category, totals, payments, change,
// invoice number, cashier. Payload: billing's receipt (kind, billId, invoiceNo, at, patient,
// payer, cashier, categories, lines, totalFen, insuranceFundFen, patientPayFen, payments,
// reason). A refund (kind 'refund') prints as 退费凭条 with negative amounts.
import { DocBuilder, type PrintDoc } from '../doc.js';
import { arr, dateTime, methodName, num, obj, str, yuan, type LayoutContext, type Obj } from './common.js';

const INSURANCE_PARTS: Array<[string, string]> = [
  ['医保范围内', 'inscpScpFen'],
  ['全自费', 'fulamtOwnpayFen'],
  ['超限价自付', 'overlmtSelfpayFen'],
  ['先行自付', 'preselfpayFen'],
  ['起付线', 'actPayDedcFen'],
];

export function receipt(p: Obj, ctx: LayoutContext): PrintDoc {
  const d = new DocBuilder(ctx.paper);
  const w = d.columns;
  const refund = p.kind === 'refund';
  if (ctx.notice) d.text(ctx.notice, { align: 'center' });
  d.text(str(p.institution) || ctx.institution, { align: 'center', bold: true });
  d.text(refund ? '门诊退费凭条' : '门诊收费凭条', { align: 'center', bold: true });
  d.rule();
  const patient = obj(p.patient);
  d.lr('姓名', str(patient.name));
  d.lr('病历号', str(patient.mrn));
  d.lr('类别', p.payer === 'insured' ? '医保' : '自费');
  d.lr('单号', str(p.billId));
  if (str(p.invoiceNo)) d.lr('发票号', str(p.invoiceNo));
  d.lr('时间', dateTime(p.at, ctx.timeZone));
  d.rule();
  // Items under their charge category; name | qty | amount.
  const qtyW = w === 32 ? 6 : 8;
  const amtW = w === 32 ? 9 : 12;
  const nameW = w - qtyW - amtW;
  const lines = arr(p.lines);
  for (const c of arr(p.categories)) {
    d.lr(`【${str(c.name)}】`, yuan(c.amountFen), { bold: true });
    for (const l of lines.filter((x) => x.category === c.code)) {
      d.row([
        { text: ` ${str(l.name)}`, width: nameW },
        { text: `${str(l.quantity)}${str(l.unit)}`, width: qtyW, align: 'right' },
        { text: yuan(l.amountFen), width: amtW, align: 'right' },
      ]);
    }
  }
  d.rule();
  d.lr('合计', `${yuan(p.totalFen)} 元`, { bold: true });
  if ((num(p.insuranceFundFen) ?? 0) !== 0) d.lr('医保统筹支付', yuan(p.insuranceFundFen));
  d.lr(refund ? '退患者' : '个人支付', yuan(p.patientPayFen));
  // The insurer's split of an insured settlement (医保结算): its parts, each fund, the account, cash.
  const ins = obj(p.insurance);
  if (str(ins.setlId)) {
    d.lr('医保结算号', str(ins.setlId));
    for (const [label, key] of INSURANCE_PARTS) if ((num(ins[key]) ?? 0) !== 0) d.lr(label, yuan(ins[key]));
    for (const f of arr(ins.funds)) d.lr(`  ${str(f.name)}`, yuan(f.amountFen));
    if ((num(ins.acctFen) ?? 0) !== 0) d.lr('个人账户支付', yuan(ins.acctFen));
    d.lr('个人现金支付', yuan(ins.psnCashFen), { bold: true });
    if ((num(ins.balcFen) ?? 0) !== 0) d.lr('账户余额', yuan(ins.balcFen));
  }
  for (const pay of arr(p.payments)) {
    if (pay.method === 'insurance_fund') continue;
    if (pay.method === 'insurance_account' && str(ins.setlId)) continue;
    d.lr(methodName(pay.method), yuan(pay.amountFen));
    if (num(pay.tenderedFen) !== null) d.lr('  实收', yuan(pay.tenderedFen));
    if (num(pay.changeFen) !== null) d.lr('  找零', yuan(pay.changeFen));
    if (str(pay.reference)) d.lr('  流水号', str(pay.reference));
  }
  if (str(p.reason)) d.text(`原因:${str(p.reason)}`);
  d.rule();
  d.lr('收费员', str(p.cashier));
  d.text('请妥善保管,凭此条取药/检查', { align: 'center' });
  d.feed(1).cut();
  return d.build();
}
