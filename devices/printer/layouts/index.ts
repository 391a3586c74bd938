// Every layout by name, a test page, and sample payloads (the same shapes the modules
// save) for the previews on the printing page.
import type { PrintLayout } from '../../../db/schema.js';
import { DocBuilder, type PrintDoc } from '../doc.js';
import { obj, type LayoutContext, type Obj } from './common.js';
import { depositReceipt } from './deposit-receipt.js';
import { drugLabel } from './drug-label.js';
import { queueTicket } from './queue-ticket.js';
import { receipt } from './receipt.js';
import { rxSlip } from './rx-slip.js';
import { shiftReport } from './shift-report.js';
import { wristband } from './wristband.js';
import { bedCard } from './bed-card.js';

export type { LayoutContext } from './common.js';
export type ThermalLayout = Exclude<PrintLayout, 'invoice'>;
export const THERMAL_LAYOUTS: ThermalLayout[] = [
  'queue-ticket',
  'receipt',
  'rx-slip',
  'drug-label',
  'shift-report',
  'deposit-receipt',
  'wristband',
  'bed-card',
];

const LAYOUTS: Record<ThermalLayout, (p: Obj, ctx: LayoutContext) => PrintDoc> = {
  'queue-ticket': queueTicket,
  receipt,
  'rx-slip': rxSlip,
  'drug-label': drugLabel,
  'shift-report': shiftReport,
  'deposit-receipt': depositReceipt,
  wristband,
  'bed-card': bedCard,
};

export const isThermalLayout = (l: string): l is ThermalLayout => l in LAYOUTS;

export function renderLayout(layout: ThermalLayout, payload: unknown, ctx: LayoutContext): PrintDoc {
  return LAYOUTS[layout](obj(payload), ctx);
}

/** A test page: the paper's width ruler, CJK alignment, rare characters, a QR code. */
export function testPage(ctx: LayoutContext & { printer: string; at: string }): PrintDoc {
  const d = new DocBuilder(ctx.paper);
  d.text(ctx.institution, { align: 'center', bold: true });
  d.text('打印机测试页', { align: 'center', bold: true, size: 2 });
  d.rule('=');
  d.text('0123456789'.repeat(5).slice(0, d.columns));
  d.row([
    { text: '项目', width: d.columns - 16 },
    { text: '数量', width: 6, align: 'right' },
    { text: '金额', width: 10, align: 'right' },
  ]);
  d.row([
    { text: '阿莫西林胶囊', width: d.columns - 16 },
    { text: '2盒', width: 6, align: 'right' },
    { text: '25.00', width: 10, align: 'right' },
  ]);
  d.lr('生僻字 GB18030', '䶮 𠀾 㵘 龘');
  d.lr('打印机', ctx.printer);
  d.lr('纸宽', `${ctx.paper}mm / ${d.columns}列`);
  d.lr('时间', ctx.at);
  d.qr('JICENG-PRINTER-TEST');
  d.text('中文、对齐、二维码均正常即可使用', { align: 'center' });
  d.feed(1).cut();
  return d.build();
}

const AT = Date.UTC(2026, 10, 26, 1, 30);

/** Sample payloads for the previews (shapes as saved by registration, billing, pharmacy). */
export const SAMPLES: Record<ThermalLayout, Obj> = {
  'queue-ticket': {
    number: 'A012',
    clinic: '内科',
    room: '2',
    doctor: '李明华',
    time: AT,
    ahead: 3,
    patient: '王*明',
    feeFen: 500,
    changeFen: 500,
    institution: '示例镇卫生院',
    registrationId: 1234,
    day: '2026-11-26',
  },
  receipt: {
    kind: 'charge',
    billId: 5678,
    reversesId: null,
    invoiceNo: 'FP00001234',
    at: AT,
    patient: { name: '赵䶮', mrn: 'MZ000123' },
    payer: 'cash',
    cashier: '刘收费',
    categories: [
      { code: '04', name: '化验费', nameEn: 'Laboratory', amountFen: 2000 },
      { code: '09', name: '西药费', nameEn: 'Western medicine', amountFen: 2500 },
    ],
    lines: [
      { name: '血常规', spec: null, unit: '次', quantity: 1, unitPriceFen: 2000, amountFen: 2000, category: '04' },
      {
        name: '阿莫西林胶囊',
        spec: '0.25g×24粒',
        unit: '盒',
        quantity: 2,
        unitPriceFen: 1250,
        amountFen: 2500,
        category: '09',
      },
    ],
    totalFen: 4500,
    insuranceFundFen: 0,
    patientPayFen: 4500,
    payments: [{ method: 'cash', amountFen: 4500, tenderedFen: 5000, changeFen: 500, reference: null }],
    reason: null,
  },
  'rx-slip': {
    orderId: 42,
    kind: 'western',
    day: '2026-11-26',
    patient: { name: '赵䶮', sex: 'M', birthDate: '1980-03-04', mrn: 'MZ000123' },
    diagnoses: [{ code: 'J06.900', name: '急性上呼吸道感染' }],
    herbalDoses: null,
    lines: [
      {
        name: '阿莫西林胶囊',
        spec: '0.25g×24粒',
        dose: '0.5',
        doseUnit: 'g',
        frequency: 'tid',
        route: 'po',
        days: 3,
        quantity: 18,
        unit: '粒',
        amountFen: 938,
      },
    ],
    totalFen: 938,
    doctor: '李明华',
  },
  'drug-label': {
    orderId: 42,
    pharmacy: '西药房',
    patient: { name: '赵䶮', mrn: 'MZ000123', sex: 'M', age: 46 },
    drug: { name: '阿莫西林胶囊', spec: '0.25g×24粒' },
    quantity: 18,
    unit: '粒',
    packs: 0,
    units: 18,
    packUnit: '盒',
    dose: '0.5',
    doseUnit: 'g',
    frequency: 'tid',
    route: 'po',
    days: 3,
    note: '饭后服用',
    lots: [{ lotNo: 'L20260101', expiryDate: '2027-12-31' }],
    at: AT,
  },
  'bed-card': {
    institution: '示例镇卫生院',
    stayNo: '202600012',
    patient: { name: '赵䶮', sex: 'M', age: 67, mrn: 'MZ000123' },
    ward: '住院一病区',
    bed: '12',
    admittedAt: AT,
    diagnosis: '社区获得性肺炎',
    attendingDoctor: '王主治',
    residentDoctor: '李经治',
    nurse: '林护士',
    nursingLevel: '二级护理',
    diet: '普食',
    allergies: '青霉素',
  },
  wristband: {
    institution: '示例镇卫生院',
    stayNo: '202600012',
    patient: { name: '赵䶮', sex: 'M', age: 67, mrn: 'MZ000123' },
    ward: '住院一病区',
    bed: '12',
    admittedAt: AT,
    doctor: '王主治',
    allergies: '青霉素',
  },
  'deposit-receipt': {
    institution: '示例镇卫生院',
    receiptNo: 'YJ00000123',
    reversesReceiptNo: null,
    stayNo: '202600012',
    patient: { name: '赵䶮', mrn: 'MZ000123' },
    ward: '住院一病区',
    amountFen: 200000,
    method: 'wechat',
    reference: '4200001234202611260001',
    reason: null,
    depositsFen: 300000,
    balanceFen: 254350,
    cashier: '刘收费',
    at: AT,
  },
  'shift-report': {
    shiftId: 7,
    cashier: '刘收费',
    openedAt: AT - 8 * 3600_000,
    closedAt: AT,
    totals: {
      byMethod: [
        { method: 'cash', amountFen: 123400, receivedFen: 130000, paidBackFen: 6600 },
        { method: 'wechat', amountFen: 56700, receivedFen: 56700, paidBackFen: 0 },
      ],
      byCategory: [
        { code: '09', name: '西药费', nameEn: 'Western medicine', amountFen: 150000 },
        { code: '13', name: '挂号费', nameEn: 'Registration', amountFen: 30100 },
      ],
      charges: { count: 86, totalFen: 182100 },
      refunds: { count: 1, totalFen: -2000 },
      netFen: 180100,
      insuranceFundFen: 0,
      cashFen: 143400,
      deposits: {
        byMethod: [
          { method: 'card', count: 1, takenFen: 50000, refundedFen: 0, netFen: 50000 },
          { method: 'cash', count: 3, takenFen: 30000, refundedFen: -10000, netFen: 20000 },
        ],
        takenFen: 80000,
        refundedFen: -10000,
        netFen: 70000,
      },
    },
  },
};
