// The reports as Excel sheets: Chinese headers, quantities in smallest units, money in yuan.
import type { Sheet } from '../../lib/xlsx.js';
import type { AlertsReport, Group, LedgerReport, LedgerRow, LotRow, MonthlyReport, MonthlyRow, OnHandReport, ReorderRow } from './schema.js';

const yuan = (fen: number) => fen / 100;
const money = { numFmt: '0.00', width: 14 };

export const GROUP_ZH: Record<Group, string> = { western: '西药', patent: '中成药', herbal: '中药饮片', material: '卫生材料' };

function stamp(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(at);
}

export function onHandSheet(r: OnHandReport): Sheet<LotRow> {
  return {
    // No title lines: the header is the first row, so the file reads back as a table.
    name: `库存 ${r.locationName ?? '全部库房'} ${r.today}`,
    columns: [
      { header: '库房', value: (l) => l.locationName, width: 14 },
      { header: '编码', value: (l) => l.itemCode, width: 12 },
      { header: '名称', value: (l) => l.itemName, width: 24 },
      { header: '规格', value: (l) => l.spec, width: 16 },
      { header: '单位', value: (l) => l.unit },
      { header: '批号', value: (l) => l.lotNo, width: 14 },
      { header: '效期', value: (l) => l.expiryDate, width: 12 },
      { header: '数量', value: (l) => l.qty, numFmt: '0' },
      { header: '进价(元/包装)', value: (l) => yuan(l.purchasePriceFen), ...money },
      { header: '金额(元)', value: (l) => yuan(l.valueFen), ...money },
      { header: '状态', value: (l) => (l.expired ? '已过期' : l.nearExpiry ? '近效期' : '') },
    ],
    rows: r.items,
    footer: ['合计', null, null, null, null, null, null, r.totals.qty, null, yuan(r.totals.valueFen), null],
  };
}

type Cells = Array<string | number | null>;

/** The ledger: an opening line, one line per move, the period totals and the closing line. */
export function ledgerSheet(r: LedgerReport, timeZone: string): Sheet<Cells> {
  const headers = ['时间', '库房', '摘要', '单据号', '批号', '收入', '发出', '结存', '收入金额(元)', '发出金额(元)', '结存金额(元)'];
  const about = `${r.item.code} ${r.item.name} ${r.item.spec ?? ''} · ${r.locationName ?? '全部库房'} · ${r.from} 至 ${r.to} · 数量单位:${r.item.unit}`;
  const move = (m: LedgerRow): Cells => [
    stamp(m.at, timeZone),
    m.locationName,
    m.reasonText,
    m.docNo ?? (m.orderId !== null ? `处方 ${m.orderId}` : null),
    m.lotNo,
    m.qtyIn || null,
    m.qtyOut || null,
    m.balance,
    null,
    null,
    null,
  ];
  const rows: Cells[] = [
    [null, null, '期初结存', null, null, null, null, r.opening.qty, null, null, yuan(r.opening.valueFen)],
    ...r.items.map(move),
    [null, null, '本期合计', null, null, r.totals.qtyIn, r.totals.qtyOut, null, yuan(r.totals.valueInFen), yuan(r.totals.valueOutFen), null],
    [null, null, '期末结存', null, null, null, null, r.closing.qty, null, null, yuan(r.closing.valueFen)],
    [about, null, null, null, null, null, null, null, null, null, null],
  ];
  return {
    name: `台账 ${r.item.code} ${r.from}至${r.to}`,
    columns: headers.map((header, i) => ({
      header,
      value: (row: Cells) => row[i],
      ...(i >= 8 ? money : i >= 5 ? { numFmt: '0' } : { width: i === 0 ? 18 : 14 }),
    })),
    rows,
  };
}

export function monthlySheet(r: MonthlyReport): Sheet<MonthlyRow> {
  return {
    name: `月度进销存 ${r.month}`,
    columns: [
      { header: '库房', value: (x) => x.locationName, width: 14 },
      { header: '类别', value: (x) => GROUP_ZH[x.group], width: 10 },
      { header: '期初数量', value: (x) => x.opening.qty, numFmt: '0' },
      { header: '期初金额(元)', value: (x) => yuan(x.opening.valueFen), ...money },
      { header: '入库数量', value: (x) => x.receipts.qty, numFmt: '0' },
      { header: '入库金额(元)', value: (x) => yuan(x.receipts.valueFen), ...money },
      { header: '出库数量', value: (x) => x.issues.qty, numFmt: '0' },
      { header: '出库金额(元)', value: (x) => yuan(x.issues.valueFen), ...money },
      { header: '期末数量', value: (x) => x.closing.qty, numFmt: '0' },
      { header: '期末金额(元)', value: (x) => yuan(x.closing.valueFen), ...money },
    ],
    rows: r.items,
    footer: [
      '合计',
      null,
      r.totals.opening.qty,
      yuan(r.totals.opening.valueFen),
      r.totals.receipts.qty,
      yuan(r.totals.receipts.valueFen),
      r.totals.issues.qty,
      yuan(r.totals.issues.valueFen),
      r.totals.closing.qty,
      yuan(r.totals.closing.valueFen),
    ],
  };
}

/** The alerts as three sheets: expired lots, near-expiry lots, items below their reorder level. */
export function alertSheets(r: AlertsReport): [Sheet<LotRow>, Sheet<LotRow>, Sheet<ReorderRow>] {
  const lotColumns: Sheet<LotRow>['columns'] = [
    { header: '库房', value: (l) => l.locationName, width: 14 },
    { header: '编码', value: (l) => l.itemCode, width: 12 },
    { header: '名称', value: (l) => l.itemName, width: 24 },
    { header: '规格', value: (l) => l.spec, width: 16 },
    { header: '批号', value: (l) => l.lotNo, width: 14 },
    { header: '效期', value: (l) => l.expiryDate, width: 12 },
    { header: '数量', value: (l) => l.qty, numFmt: '0' },
    { header: '单位', value: (l) => l.unit },
    { header: '金额(元)', value: (l) => yuan(l.valueFen), ...money },
  ];
  return [
    { name: `已过期 ${r.today}`, columns: lotColumns, rows: r.expired },
    { name: `近效期 ${r.nearExpiryDays}天内`, columns: lotColumns, rows: r.nearExpiry },
    {
      name: '低于库存下限',
      columns: [
        { header: '库房', value: (b) => b.locationName, width: 14 },
        { header: '编码', value: (b) => b.itemCode, width: 12 },
        { header: '名称', value: (b) => b.itemName, width: 24 },
        { header: '规格', value: (b) => b.spec, width: 16 },
        { header: '当前可用', value: (b) => b.onHand, numFmt: '0' },
        { header: '库存下限', value: (b) => b.reorderLevel, numFmt: '0' },
        { header: '单位', value: (b) => b.unit },
      ],
      rows: r.belowReorder,
    },
  ];
}
