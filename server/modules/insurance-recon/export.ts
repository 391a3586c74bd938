// The settlement report as Excel sheets in the request's language (Chinese by default): one sheet
// by insutype (counts, sums and the fund parts), one by fund type; money in yuan, the header on
// the first row so the file reads back as a table.
import type { Lang } from '../../../core/i18n.js';
import type { Sheet } from '../../lib/xlsx.js';
import type { FundKind, FundTypeRow, InsutypeRow, SettlementReport } from './schema.js';

const yuan = (fen: number) => fen / 100;
const money = { numFmt: '0.00', width: 14 };

const KIND_NAMES: Record<FundKind, [string, string]> = {
  pool: ['统筹', 'Pool fund'],
  serious: ['大病', 'Serious illness'],
  assistance: ['救助', 'Assistance'],
  otherFund: ['其他基金', 'Other funds'],
  account: ['个人账户', 'Personal account'],
  cash: ['现金', 'Cash'],
};

export const kindName = (k: FundKind, lang: Lang) => (lang === 'en' ? KIND_NAMES[k][1] : KIND_NAMES[k][0]);

export function reportSheets(r: SettlementReport, lang: Lang): [Sheet<InsutypeRow>, Sheet<FundTypeRow>] {
  const w = (zh: string, en: string) => (lang === 'en' ? en : zh);
  const period = r.from === r.to ? r.from : `${r.from}~${r.to}`;
  const fundCols = (Object.keys(KIND_NAMES) as FundKind[]).map((k) => ({
    header: `${kindName(k, lang)}${w('(元)', ' (yuan)')}`,
    value: (x: InsutypeRow) => yuan(x.funds[k]),
    ...money,
  }));
  const t = r.totals;
  return [
    {
      name: w(`医保结算 按险种 ${period}`, `By insutype ${period}`),
      columns: [
        { header: w('险种', 'Insutype'), value: (x) => x.insutype, width: 8 },
        { header: w('险种名称', 'Insutype name'), value: (x) => x.insutypeName, width: 26 },
        { header: w('结算笔数', 'Settlements'), value: (x) => x.settled, numFmt: '0' },
        { header: w('冲销笔数', 'Reversals'), value: (x) => x.reversed, numFmt: '0' },
        { header: w('净笔数', 'Net count'), value: (x) => x.count, numFmt: '0' },
        { header: w('医疗费总额(元)', 'Medical fees (yuan)'), value: (x) => yuan(x.medfeeSumamtFen), ...money },
        { header: w('基金支付(元)', 'Fund paid (yuan)'), value: (x) => yuan(x.fundPaySumamtFen), ...money },
        ...fundCols,
      ],
      rows: r.byInsutype,
      footer: [
        w('合计', 'Total'),
        null,
        t.settled,
        t.reversed,
        t.count,
        yuan(t.medfeeSumamtFen),
        yuan(t.fundPaySumamtFen),
        ...(Object.keys(KIND_NAMES) as FundKind[]).map((k) => yuan(t.funds[k])),
      ],
    },
    {
      name: w(`医保结算 按基金 ${period}`, `By fund ${period}`),
      columns: [
        { header: w('类别', 'Kind'), value: (x) => kindName(x.kind, lang), width: 12 },
        { header: w('基金编码', 'Fund code'), value: (x) => (/^\d+$/.test(x.code) ? x.code : ''), width: 10 },
        { header: w('基金名称', 'Fund'), value: (x) => x.name, width: 28 },
        { header: w('笔数', 'Count'), value: (x) => x.count, numFmt: '0' },
        { header: w('金额(元)', 'Amount (yuan)'), value: (x) => yuan(x.amountFen), ...money },
      ],
      rows: r.byFund,
      footer: [w('合计', 'Total'), null, null, null, yuan(t.medfeeSumamtFen)],
    },
  ];
}
