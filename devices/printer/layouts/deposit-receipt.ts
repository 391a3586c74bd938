// 住院预交金收据 / inpatient deposit receipt: receipt number, stay number, patient, ward, amount (also in
// capital Chinese figures), method and reference, the stay's deposits and balance after it, cashier, time.
// A refund (reversal) prints as 预交金退款凭证 naming the receipt it reverses and the reason. Payload: the
// stays module's DepositReceiptPayload (server/modules/stays/receipt.ts).
import { DocBuilder, type PrintDoc } from '../doc.js';
import { dateTime, num, obj, str, yuan, type LayoutContext, type Obj } from './common.js';

const METHODS: Record<string, string> = {
  cash: '现金',
  wechat: '微信',
  alipay: '支付宝',
  card: '银行卡',
  transfer: '转账',
  cheque: '支票',
};

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const UNITS = ['', '拾', '佰', '仟'];
const BIG = ['', '万', '亿'];

/** 1234.50 yuan → 壹仟贰佰叁拾肆元伍角整 (amounts in fen; the sign is left out). */
export function capitalYuan(fen: number): string {
  const f = Math.abs(Math.trunc(fen));
  const yuanPart = Math.floor(f / 100);
  const jiao = Math.floor((f % 100) / 10);
  const fenPart = f % 10;
  let out = '';
  if (yuanPart > 0) {
    const groups: number[] = [];
    for (let n = yuanPart; n > 0; n = Math.floor(n / 10000)) groups.push(n % 10000);
    let zero = false;
    for (let g = groups.length - 1; g >= 0; g--) {
      const v = groups[g]!;
      if (v === 0) {
        zero = out !== '';
        continue;
      }
      if (zero || (out !== '' && v < 1000)) out += '零';
      zero = false;
      let part = '';
      let inner = false;
      for (let i = 3; i >= 0; i--) {
        const dgt = Math.floor(v / 10 ** i) % 10;
        if (dgt === 0) {
          inner = part !== '';
          continue;
        }
        if (inner) part += '零';
        inner = false;
        part += DIGITS[dgt]! + UNITS[i]!;
      }
      out += part + BIG[g]!;
    }
    out += '元';
  }
  if (jiao === 0 && fenPart === 0) return (out || '零元') + '整';
  if (jiao > 0) out += DIGITS[jiao]! + '角';
  else if (out) out += '零';
  if (fenPart > 0) out += DIGITS[fenPart]! + '分';
  else out += '整';
  return out;
}

export function depositReceipt(p: Obj, ctx: LayoutContext): PrintDoc {
  const d = new DocBuilder(ctx.paper);
  const amount = num(p.amountFen) ?? 0;
  const refund = amount < 0 || !!str(p.reversesReceiptNo);
  if (ctx.notice) d.text(ctx.notice, { align: 'center' });
  d.text(str(p.institution) || ctx.institution, { align: 'center', bold: true });
  d.text(refund ? '住院预交金退款凭证' : '住院预交金收据', { align: 'center', bold: true });
  d.rule();
  d.lr('收据号', str(p.receiptNo));
  if (refund) d.lr('原收据号', str(p.reversesReceiptNo));
  d.lr('住院号', str(p.stayNo));
  const patient = obj(p.patient);
  d.lr('姓名', str(patient.name));
  d.lr('病历号', str(patient.mrn));
  d.lr('病区', str(p.ward));
  d.rule();
  d.lr(refund ? '退款金额' : '预交金额', `${yuan(amount)} 元`, { bold: true });
  d.text(`大写:${amount < 0 ? '负' : ''}${capitalYuan(amount)}`);
  d.lr('支付方式', METHODS[str(p.method)] ?? str(p.method));
  if (str(p.reference)) d.lr('票据/交易号', str(p.reference));
  if (refund && str(p.reason)) d.lr('退款原因', str(p.reason));
  d.rule();
  d.lr('累计预交金', `${yuan(p.depositsFen)} 元`);
  d.lr('当前余额', `${yuan(p.balanceFen)} 元`);
  d.lr('收款员', str(p.cashier));
  d.lr('时间', dateTime(p.at, ctx.timeZone));
  d.rule();
  d.text(refund ? '退款凭证请妥善保管' : '请妥善保管本收据,出院结算时交回', { align: 'center' });
  d.feed(1).cut();
  return d.build();
}
