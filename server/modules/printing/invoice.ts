// Invoices (发票): the facts of a bill (from its saved receipt payload) printed either on a
// pre-printed form through CUPS (`lp -d <queue>`, a PDF the size of the form with each field
// at its template position in mm) or as an A4 PDF. The template lives in the settings table
// under `printing.invoiceTemplate`. LP_COMMAND replaces `lp` (tests record what it gets).
import { dayOf } from '../../../core/calendar.js';
import { spawn } from 'node:child_process';
import type PDFKitDocument from 'pdfkit';
import { formatYuan } from '../../../core/money.js';
import type { FieldName, InvoiceTemplate } from './schema.js';

export const CJK_FONT = process.env.CJK_FONT ?? '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const CJK_FACE = 'NotoSansCJKsc-Regular';
const PT_PER_MM = 72 / 25.4;

export const FIELD_LABELS: Record<FieldName, string> = {
  institution: '收款单位',
  invoiceNo: '票据号',
  date: '日期',
  patientName: '姓名',
  mrn: '病历号',
  payer: '医保类型',
  items: '项目明细',
  total: '合计(小写)',
  totalUpper: '合计(大写)',
  cashier: '收款人',
};

/** A common 241 × 93 mm (9.5 × 3.67 in) continuous outpatient invoice form. */
export const DEFAULT_TEMPLATE: InvoiceTemplate = {
  pageWidthMm: 241,
  pageHeightMm: 93,
  offsetXmm: 0,
  offsetYmm: 0,
  fontSizePt: 10,
  itemLineMm: 5,
  maxItems: 8,
  fields: {
    institution: { x: 30, y: 14 },
    invoiceNo: { x: 180, y: 14 },
    date: { x: 180, y: 20 },
    patientName: { x: 30, y: 22 },
    mrn: { x: 100, y: 22 },
    payer: { x: 140, y: 22 },
    items: { x: 30, y: 32 },
    total: { x: 180, y: 74 },
    totalUpper: { x: 50, y: 74 },
    cashier: { x: 180, y: 84 },
  },
};

export interface InvoiceData {
  institution: string;
  invoiceNo: string;
  date: string;
  patientName: string;
  mrn: string;
  payer: string;
  items: Array<{ name: string; amount: string }>;
  lines: Array<{ name: string; quantity: string; amount: string }>;
  total: string;
  totalUpper: string;
  cashier: string;
  refund: boolean;
  /** An insured bill: who paid what (医保统筹 by fund, 个人账户, 个人现金…), net of refunds; empty otherwise. */
  split: Array<{ name: string; amount: string }>;
}

const FUND_NAMES: Record<string, string> = {
  '310100': '职工统筹基金',
  '320100': '公务员医疗补助',
  '330100': '职工大额补助',
  '390100': '居民医保统筹基金',
  '390200': '居民大病保险',
  '510100': '生育基金',
  '610100': '医疗救助',
  '999997': '其他基金',
};
const METHOD_NAMES: Record<string, string> = {
  insurance_fund: '医保统筹',
  insurance_account: '个人账户',
  cash: '个人现金',
  bank_card: '个人银行卡',
  wechat: '个人微信',
  alipay: '个人支付宝',
};

/** The split of an insured invoice from the facts' net payments (fund payments first). */
function splitOf(receipt: Obj): InvoiceData['split'] {
  if (receipt.payer !== 'insured' || !Array.isArray(receipt.payments)) return [];
  const pays = receipt.payments as Obj[];
  const order = (m: unknown) => (m === 'insurance_fund' ? 0 : m === 'insurance_account' ? 1 : 2);
  return [...pays]
    .sort((a, b) => order(a.method) - order(b.method))
    .map((p) => ({
      name:
        p.method === 'insurance_fund' && s(p.fundPayType)
          ? (FUND_NAMES[s(p.fundPayType)] ?? `基金${s(p.fundPayType)}`)
          : (METHOD_NAMES[s(p.method)] ?? s(p.method)),
      amount: formatYuan(fen(p.amountFen)),
    }));
}

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const UNITS = ['', '拾', '佰', '仟'];
const GROUPS = ['', '万', '亿'];

/** Money in Chinese capitals as on invoices: 4500 fen → 肆拾伍元整. */
export function yuanUpper(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError('fen must be an integer');
  const neg = fen < 0;
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const jiao = Math.floor(abs / 10) % 10;
  const fenD = abs % 10;
  let int = '';
  if (yuan === 0) int = '零';
  else {
    const groups: number[] = [];
    for (let n = yuan; n > 0; n = Math.floor(n / 10000)) groups.push(n % 10000);
    let zero = false;
    for (let g = groups.length - 1; g >= 0; g--) {
      const v = groups[g]!;
      if (v === 0) {
        zero = int !== '';
        continue;
      }
      let part = '';
      for (let i = 3; i >= 0; i--) {
        const d = Math.floor(v / 10 ** i) % 10;
        if (d === 0) {
          if (part !== '' || int !== '') zero = true;
          continue;
        }
        if (zero) part += '零';
        zero = false;
        part += DIGITS[d]! + UNITS[i]!;
      }
      int += part + GROUPS[g]!;
    }
  }
  let out = `${int}元`;
  if (jiao === 0 && fenD === 0) out += '整';
  else {
    out += jiao ? `${DIGITS[jiao]}角` : '零';
    if (fenD) out += `${DIGITS[fenD]}分`;
  }
  return (neg ? '负' : '') + out;
}

type Obj = Record<string, unknown>;
const s = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const fen = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) ? v : 0);

/** The invoice's facts from a bill's saved receipt payload (billing module). */
export function invoiceData(receipt: Obj, institution: string, timeZone: string): InvoiceData {
  const patient = (receipt.patient ?? {}) as Obj;
  const at = typeof receipt.at === 'number' ? receipt.at : 0;
  const date = dayOf(at, timeZone);
  const cats = Array.isArray(receipt.categories) ? (receipt.categories as Obj[]) : [];
  const lines = Array.isArray(receipt.lines) ? (receipt.lines as Obj[]) : [];
  return {
    institution,
    invoiceNo: s(receipt.invoiceNo),
    date,
    patientName: s(patient.name),
    mrn: s(patient.mrn),
    payer: receipt.payer === 'insured' ? '医保' : '自费',
    items: cats.map((c) => ({ name: s(c.name), amount: formatYuan(fen(c.amountFen)) })),
    lines: lines.map((l) => ({
      name: `${s(l.name)} ${s(l.spec)}`.trim(),
      quantity: `${s(l.quantity)}${s(l.unit)}`,
      amount: formatYuan(fen(l.amountFen)),
    })),
    total: formatYuan(fen(receipt.totalFen)),
    totalUpper: yuanUpper(fen(receipt.totalFen)),
    cashier: s(receipt.cashier),
    refund: receipt.kind === 'refund',
    split: splitOf(receipt),
  };
}

let pdfkit: Promise<typeof PDFKitDocument> | null = null;

/** pdfkit's document class, imported on first use (~215 ms to import: not at the server's start). */
function loadPdfKit(): Promise<typeof PDFKitDocument> {
  pdfkit ??= import('pdfkit').then(
    (m) => (m as { default?: typeof PDFKitDocument }).default ?? (m as unknown as typeof PDFKitDocument),
  );
  return pdfkit;
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/** A PDF the size of the pre-printed form: only the field values, at the template positions. */
export async function formPdf(t: InvoiceTemplate, d: InvoiceData, o: { labels?: boolean } = {}): Promise<Buffer> {
  const PDFDocument = await loadPdfKit();
  const doc = new PDFDocument({
    size: [t.pageWidthMm * PT_PER_MM, t.pageHeightMm * PT_PER_MM],
    margin: 0,
    info: { Title: `发票 ${d.invoiceNo}` },
  });
  const done = collect(doc);
  doc.registerFont('cjk', CJK_FONT, CJK_FACE);
  doc.font('cjk').fontSize(t.fontSizePt);
  const put = (f: FieldName, text: string, dy = 0) => {
    const p = t.fields[f];
    if (!p || !text) return;
    doc.text(
      o.labels ? `${FIELD_LABELS[f]}:${text}` : text,
      (p.x + t.offsetXmm) * PT_PER_MM,
      (p.y + t.offsetYmm + dy) * PT_PER_MM,
      { lineBreak: false },
    );
  };
  put('institution', d.institution);
  put('invoiceNo', d.invoiceNo);
  put('date', d.date);
  put('patientName', d.patientName);
  put('mrn', d.mrn);
  put('payer', d.split.length ? `${d.payer} ${d.split.map((x) => `${x.name}${x.amount}`).join(' ')}` : d.payer);
  d.items.slice(0, t.maxItems).forEach((it, i) => {
    put('items', `${it.name}  ${it.amount}`, i * t.itemLineMm);
  });
  put('total', d.total);
  put('totalUpper', d.totalUpper);
  put('cashier', d.cashier);
  if (o.labels) {
    // The test print: a 10 mm grid to measure the form's offset with a ruler.
    doc.lineWidth(0.3).strokeColor('#999');
    for (let x = 0; x <= t.pageWidthMm; x += 10)
      doc
        .moveTo(x * PT_PER_MM, 0)
        .lineTo(x * PT_PER_MM, 3 * PT_PER_MM)
        .stroke();
    for (let y = 0; y <= t.pageHeightMm; y += 10)
      doc
        .moveTo(0, y * PT_PER_MM)
        .lineTo(3 * PT_PER_MM, y * PT_PER_MM)
        .stroke();
  }
  doc.end();
  return done;
}

/** The invoice on A4 paper (a plain printer): header, items by category and line, totals. */
export async function a4Pdf(d: InvoiceData): Promise<Buffer> {
  const PDFDocument = await loadPdfKit();
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `门诊收费票据 ${d.invoiceNo}` } });
  const done = collect(doc);
  doc.registerFont('cjk', CJK_FONT, CJK_FACE);
  doc.font('cjk');
  doc.fontSize(18).text(d.institution, { align: 'center' });
  doc
    .fontSize(14)
    .text(d.refund ? '门诊退费票据' : '门诊收费票据', { align: 'center' })
    .moveDown();
  doc.fontSize(10);
  const row = (cells: string[], widths: number[], y: number) => {
    let x = 50;
    cells.forEach((c, i) => {
      doc.text(c, x, y, { width: widths[i]!, align: i === cells.length - 1 ? 'right' : 'left', lineBreak: false });
      x += widths[i]!;
    });
  };
  let y = doc.y;
  row([`${d.refund ? '冲销票据号' : '票据号'}:${d.invoiceNo}`, `日期:${d.date}`], [300, 195], y);
  y += 18;
  row([`姓名:${d.patientName}`, `病历号:${d.mrn}`, `类型:${d.payer}`], [200, 200, 95], y);
  y += 26;
  doc
    .moveTo(50, y - 6)
    .lineTo(545, y - 6)
    .stroke();
  row(['收费项目', '数量', '金额(元)'], [335, 80, 80], y);
  y += 18;
  for (const l of d.lines) {
    if (y > 740) {
      doc.addPage();
      y = 50;
    }
    row([l.name, l.quantity, l.amount], [335, 80, 80], y);
    y += 16;
  }
  doc
    .moveTo(50, y + 2)
    .lineTo(545, y + 2)
    .stroke();
  y += 10;
  for (const it of d.items) {
    row([`  ${it.name}`, it.amount], [415, 80], y);
    y += 16;
  }
  y += 6;
  row([`合计(大写):${d.totalUpper}`, `合计:${d.total}`], [335, 160], y);
  y += 24;
  for (const x of d.split) {
    row([`  ${x.name}`, x.amount], [415, 80], y);
    y += 16;
  }
  if (d.split.length) y += 8;
  row([`收款人:${d.cashier}`, ''], [335, 160], y);
  doc.end();
  return done;
}

export interface LpResult {
  ok: boolean;
  error: string | null;
}

/** Sends a PDF to a CUPS queue with `lp` (LP_COMMAND overrides the command). */
export function lpPrint(
  queue: string,
  pdf: Buffer,
  o: { title: string; widthMm?: number; heightMm?: number; timeoutMs?: number },
): Promise<LpResult> {
  const cmd = process.env.LP_COMMAND || 'lp';
  const args = ['-d', queue, '-t', o.title];
  if (o.widthMm && o.heightMm) args.push('-o', `media=Custom.${o.widthMm}x${o.heightMm}mm`);
  return new Promise((resolve) => {
    let err = '';
    let settled = false;
    const finish = (r: LpResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const child = spawn(cmd, args, { stdio: ['pipe', 'ignore', 'pipe'] });
    const timer = setTimeout(() => {
      child.kill();
      finish({ ok: false, error: `打印命令 ${cmd} 超时` });
    }, o.timeoutMs ?? 20_000);
    child.stderr.on('data', (d: Buffer) => {
      if (err.length < 2000) err += d.toString();
    });
    child.on('error', (e: NodeJS.ErrnoException) =>
      finish({ ok: false, error: e.code === 'ENOENT' ? `找不到打印命令 ${cmd}(请安装 cups-client)` : e.message }),
    );
    child.on('close', (code) =>
      finish(
        code === 0
          ? { ok: true, error: null }
          : { ok: false, error: `${cmd} 退出码 ${code}:${err.trim() || '无输出'}` },
      ),
    );
    child.stdin.on('error', () => undefined);
    child.stdin.end(pdf);
  });
}
