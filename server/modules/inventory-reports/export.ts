// The reports as Excel sheets in the request's language (Chinese by default): headers, sheet
// names and the words in cells (classes, 合计 / Total, 已过期 / Expired, …); quantities in
// smallest units, money in yuan. Data (location and item names, lot numbers) stay as entered.
import { wallParts } from '../../../core/calendar.js';
import type { Lang } from '../../../core/i18n.js';
import type { Sheet } from '../../lib/xlsx.js';
import type {
  AlertsReport,
  Group,
  LedgerReport,
  LedgerRow,
  LotRow,
  MonthlyItemRow,
  MonthlyReport,
  MonthlyRow,
  OnHandReport,
  ReorderRow,
} from './schema.js';

const yuan = (fen: number) => fen / 100;
const money = { numFmt: '0.00', width: 14 };

export const GROUP_NAMES: Record<Group, [string, string]> = {
  western: ['西药', 'Western medicine'],
  patent: ['中成药', 'Patent medicine'],
  herbal: ['中药饮片', 'Herbal pieces'],
  material: ['卫生材料', 'Medical supplies'],
};

/** Picks the Chinese or the English text. */
type Pick = (zh: string, en: string) => string;
const words =
  (lang: Lang): Pick =>
  (zh, en) =>
    lang === 'en' ? en : zh;

function stamp(at: number, timeZone: string): string {
  const p = wallParts(at, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

export function onHandSheet(r: OnHandReport, lang: Lang): Sheet<LotRow> {
  const w = words(lang);
  return {
    // No title lines: the header is the first row, so the file reads back as a table.
    // Sheet names hold at most 31 characters.
    name: `${w('库存', 'On hand')} ${r.locationName ?? w('全部库房', 'all')} ${r.today}`,
    columns: [
      { header: w('库房', 'Location'), value: (l) => l.locationName, width: 14 },
      { header: w('编码', 'Code'), value: (l) => l.itemCode, width: 12 },
      { header: w('名称', 'Name'), value: (l) => l.itemName, width: 24 },
      { header: w('规格', 'Spec'), value: (l) => l.spec, width: 16 },
      { header: w('单位', 'Unit'), value: (l) => l.unit },
      { header: w('批号', 'Lot'), value: (l) => l.lotNo, width: 14 },
      { header: w('效期', 'Expiry'), value: (l) => l.expiryDate, width: 12 },
      { header: w('数量', 'Quantity'), value: (l) => l.qty, numFmt: '0' },
      { header: w('进价(元/包装)', 'Purchase price (yuan/pack)'), value: (l) => yuan(l.purchasePriceFen), ...money },
      { header: w('金额(元)', 'Value (yuan)'), value: (l) => yuan(l.valueFen), ...money },
      {
        header: w('状态', 'Status'),
        value: (l) => (l.expired ? w('已过期', 'Expired') : l.nearExpiry ? w('近效期', 'Near expiry') : ''),
      },
    ],
    rows: r.items,
    footer: [
      w('合计', 'Total'),
      null,
      null,
      null,
      null,
      null,
      null,
      r.totals.qty,
      null,
      yuan(r.totals.valueFen),
      r.truncated
        ? w(
            `仅列出前 ${r.items.length} 个批次(共 ${r.lotCount} 个)`,
            `First ${r.items.length} of ${r.lotCount} lots listed`,
          )
        : null,
    ],
  };
}

type Cells = Array<string | number | null>;

/** The ledger: an opening line, one line per move, the period totals and the closing line. */
export function ledgerSheet(r: LedgerReport, timeZone: string, lang: Lang): Sheet<Cells> {
  const w = words(lang);
  const headers = [
    w('时间', 'Time'),
    w('库房', 'Location'),
    w('摘要', 'Movement'),
    w('单据号', 'Document'),
    w('批号', 'Lot'),
    w('收入', 'In'),
    w('发出', 'Out'),
    w('结存', 'Balance'),
    w('收入金额(元)', 'In value (yuan)'),
    w('发出金额(元)', 'Out value (yuan)'),
    w('调价金额(元)', 'Revaluation (yuan)'),
    w('结存金额(元)', 'Balance value (yuan)'),
  ];
  const where = r.locationName ?? w('全部库房', 'all locations');
  const about =
    `${r.item.code} ${r.item.name} ${r.item.spec ?? ''} · ${where} · ` +
    `${r.from} ${w('至', 'to')} ${r.to} · ${w('数量单位:', 'quantity unit: ')}${r.item.unit}`;
  const move = (m: LedgerRow): Cells => [
    stamp(m.at, timeZone),
    m.locationName,
    m.reasonText,
    m.docNo ?? (m.orderId !== null ? `${w('处方', 'Rx')} ${m.orderId}` : null),
    m.lotNo,
    m.qtyIn || null,
    m.qtyOut || null,
    m.balance,
    null,
    null,
    m.revaluationFen === null ? null : yuan(m.revaluationFen),
    null,
  ];
  const rows: Cells[] = [
    [
      null,
      null,
      w('期初结存', 'Opening balance'),
      null,
      null,
      null,
      null,
      r.opening.qty,
      null,
      null,
      null,
      yuan(r.opening.valueFen),
    ],
    ...r.items.map(move),
    [
      null,
      null,
      w('本期合计', 'Period total'),
      null,
      null,
      r.totals.qtyIn,
      r.totals.qtyOut,
      null,
      yuan(r.totals.valueInFen),
      yuan(r.totals.valueOutFen),
      yuan(r.totals.revaluationFen),
      null,
    ],
    [
      null,
      null,
      w('期末结存', 'Closing balance'),
      null,
      null,
      null,
      null,
      r.closing.qty,
      null,
      null,
      null,
      yuan(r.closing.valueFen),
    ],
    [about, null, null, null, null, null, null, null, null, null, null, null],
  ];
  return {
    name: w(
      `台账 ${r.item.code} ${r.from}至${r.to}`,
      `Ledger ${r.item.code} ${r.from.replaceAll('-', '')}-${r.to.replaceAll('-', '')}`,
    ),
    columns: headers.map((header, i) => ({
      header,
      value: (row: Cells) => row[i],
      ...(i >= 8 ? money : i >= 5 ? { numFmt: '0' } : { width: i === 0 ? 18 : 14 }),
    })),
    rows,
  };
}

/** The monthly report's class sheet: values only (quantities of different units are never added). */
export function monthlySheet(r: MonthlyReport, lang: Lang): Sheet<MonthlyRow> {
  const w = words(lang);
  const col = (
    zh: string,
    en: string,
    pick: (x: MonthlyRow) => { valueFen: number },
  ): Sheet<MonthlyRow>['columns'][number] => ({
    header: w(`${zh}金额(元)`, `${en} value (yuan)`),
    value: (x) => yuan(pick(x).valueFen),
    ...money,
  });
  return {
    name: w(`月度进销存 ${r.month}`, `Monthly report ${r.month}`),
    columns: [
      { header: w('库房', 'Location'), value: (x) => x.locationName, width: 14 },
      { header: w('类别', 'Class'), value: (x) => w(...GROUP_NAMES[x.group]), width: 10 },
      col('期初', 'Opening', (x) => x.opening),
      col('入库', 'Receipts', (x) => x.receipts),
      col('出库', 'Issues', (x) => x.issues),
      col('调价', 'Revaluation', (x) => x.revaluation),
      col('期末', 'Closing', (x) => x.closing),
    ],
    rows: r.items,
    footer: [
      w('合计', 'Total'),
      null,
      yuan(r.totals.opening.valueFen),
      yuan(r.totals.receipts.valueFen),
      yuan(r.totals.issues.valueFen),
      yuan(r.totals.revaluation.valueFen),
      yuan(r.totals.closing.valueFen),
    ],
  };
}

/** The monthly report per item: quantities in the item's own smallest unit, beside the values. */
export function monthlyItemSheet(r: MonthlyReport, lang: Lang): Sheet<MonthlyItemRow> {
  const w = words(lang);
  const pair = (
    zh: string,
    en: string,
    pick: (x: MonthlyItemRow) => { qty: number; valueFen: number },
  ): Sheet<MonthlyItemRow>['columns'] => [
    { header: w(`${zh}数量`, `${en} qty`), value: (x) => pick(x).qty, numFmt: '0' },
    { header: w(`${zh}金额(元)`, `${en} value (yuan)`), value: (x) => yuan(pick(x).valueFen), ...money },
  ];
  return {
    name: w(`品种明细 ${r.month}`, `By item ${r.month}`),
    columns: [
      { header: w('库房', 'Location'), value: (x) => x.locationName, width: 14 },
      { header: w('类别', 'Class'), value: (x) => w(...GROUP_NAMES[x.group]), width: 10 },
      { header: w('编码', 'Code'), value: (x) => x.itemCode, width: 12 },
      { header: w('名称', 'Name'), value: (x) => x.itemName, width: 24 },
      { header: w('规格', 'Spec'), value: (x) => x.spec, width: 16 },
      { header: w('单位', 'Unit'), value: (x) => x.unit },
      ...pair('期初', 'Opening', (x) => x.opening),
      ...pair('入库', 'Receipts', (x) => x.receipts),
      ...pair('出库', 'Issues', (x) => x.issues),
      { header: w('调价金额(元)', 'Revaluation value (yuan)'), value: (x) => yuan(x.revaluation.valueFen), ...money },
      ...pair('期末', 'Closing', (x) => x.closing),
    ],
    rows: r.itemRows,
  };
}

/** The alerts as three sheets: expired lots, near-expiry lots, items below their reorder level. */
export function alertSheets(r: AlertsReport, lang: Lang): [Sheet<LotRow>, Sheet<LotRow>, Sheet<ReorderRow>] {
  const w = words(lang);
  const lotColumns: Sheet<LotRow>['columns'] = [
    { header: w('库房', 'Location'), value: (l) => l.locationName, width: 14 },
    { header: w('编码', 'Code'), value: (l) => l.itemCode, width: 12 },
    { header: w('名称', 'Name'), value: (l) => l.itemName, width: 24 },
    { header: w('规格', 'Spec'), value: (l) => l.spec, width: 16 },
    { header: w('批号', 'Lot'), value: (l) => l.lotNo, width: 14 },
    { header: w('效期', 'Expiry'), value: (l) => l.expiryDate, width: 12 },
    { header: w('数量', 'Quantity'), value: (l) => l.qty, numFmt: '0' },
    { header: w('单位', 'Unit'), value: (l) => l.unit },
    { header: w('金额(元)', 'Value (yuan)'), value: (l) => yuan(l.valueFen), ...money },
  ];
  return [
    { name: w(`已过期 ${r.today}`, `Expired ${r.today}`), columns: lotColumns, rows: r.expired },
    {
      name: w(`近效期 ${r.nearExpiryDays}天内`, `Near expiry ${r.nearExpiryDays} days`),
      columns: lotColumns,
      rows: r.nearExpiry,
    },
    {
      name: w('低于库存下限', 'Below reorder level'),
      columns: [
        { header: w('库房', 'Location'), value: (b) => b.locationName, width: 14 },
        { header: w('编码', 'Code'), value: (b) => b.itemCode, width: 12 },
        { header: w('名称', 'Name'), value: (b) => b.itemName, width: 24 },
        { header: w('规格', 'Spec'), value: (b) => b.spec, width: 16 },
        { header: w('当前可用', 'Usable on hand'), value: (b) => b.onHand, numFmt: '0' },
        { header: w('库存下限', 'Reorder level'), value: (b) => b.reorderLevel, numFmt: '0' },
        { header: w('单位', 'Unit'), value: (b) => b.unit },
      ],
      rows: r.belowReorder,
    },
  ];
}
