// 结算报表: the insured settlements of any period (≤ 1 year; quick picks 今天/昨天/本月/上月) by
// insutype (counts, sums, fund parts) and by fund type (统筹, 大病, 救助, 个人账户, 现金), reversals
// subtracted on their own day; Excel export.
import { useState } from 'preact/hooks';
import { ApiError, download, get } from '../../api.js';
import { DataTable, type Column } from '../../components/table.js';
import { toast } from '../../components/toast.js';
import { useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { formatYuan } from '../cashier/format.js';
import type {
  FundKind,
  FundTypeRow,
  InsutypeRow,
  ReconToday,
  SettlementReport,
} from '../../../../server/modules/insurance-recon/schema.js';
import { PeriodPicker, periodError } from './period.js';
import { t } from './recon.i18n.js';

const PATH = '/api/insurance/reports/settlements';
const KINDS: FundKind[] = ['pool', 'serious', 'assistance', 'otherFund', 'account', 'cash'];

type Row = InsutypeRow | (Omit<InsutypeRow, 'insutype' | 'insutypeName'> & { insutype: ''; insutypeName: string });

export function ReportPanel(props: { today: ReconToday }) {
  const [from, setFrom] = useState(props.today.today);
  const [to, setTo] = useState(props.today.today);
  const query = { from, to };
  const ready = periodError(from, to) === null;
  const r = useResource(() => (ready ? get<SettlementReport>(PATH, query) : Promise.resolve(undefined)), [from, to]);
  const [busy, setBusy] = useState(false);
  const exportIt = async () => {
    setBusy(true);
    try {
      await download(PATH, { ...query, format: 'xlsx' }, t('file', { period: from === to ? from : `${from}_${to}` }));
    } catch (e) {
      toast(e instanceof ApiError ? e.message : String(e), 'error');
    } finally {
      setBusy(false);
    }
  };
  const data = ready ? r.data : undefined;
  const rows: Row[] | undefined = data
    ? [...data.byInsutype, { insutype: '', insutypeName: t('total'), ...data.totals }]
    : undefined;
  const columns: Column<Row>[] = [
    {
      label: t('col.insutype'),
      render: (x) => (x.insutype ? html`${x.insutype} ${x.insutypeName}` : html`<strong>${x.insutypeName}</strong>`),
    },
    { label: t('r.settled'), render: (x) => x.settled, class: 'num' },
    { label: t('r.reversed'), render: (x) => x.reversed, class: 'num' },
    { label: t('r.count'), render: (x) => x.count, class: 'num' },
    { label: t('r.medfee'), render: (x) => formatYuan(x.medfeeSumamtFen), class: 'num' },
    { label: t('r.fund'), render: (x) => formatYuan(x.fundPaySumamtFen), class: 'num' },
    ...KINDS.map((k) => ({ label: t(`fund.${k}`), render: (x: Row) => formatYuan(x.funds[k]), class: 'num' })),
  ];
  const fundColumns: Column<FundTypeRow>[] = [
    { label: t('r.kind'), render: (x) => t(`fund.${x.kind}`) },
    { label: t('r.fundName'), render: (x) => (/^\d+$/.test(x.code) ? `${x.code} ${x.name}` : x.name) },
    { label: t('r.count'), render: (x) => x.count, class: 'num' },
    { label: t('r.amount'), render: (x) => formatYuan(x.amountFen), class: 'num' },
  ];
  return html`<div class="recon-report">
    <div class="toolbar">
      <${PeriodPicker} today=${props.today.today} from=${from} to=${to} onChange=${(f: string, x: string) => {
        setFrom(f);
        setTo(x);
      }} />
      <button type="button" class="btn" name="export" disabled=${busy || !ready}
        onClick=${exportIt}>${busy ? t('exporting') : t('export')}</button>
    </div>
    <h3 class="report-subtitle">${t('report.byInsutype')}</h3>
    <${DataTable}
      label=${t('report.byInsutype')}
      columns=${columns}
      rows=${data && data.byInsutype.length ? rows : data ? [] : undefined}
      rowKey=${(x: Row) => x.insutype || 'total'}
      loading=${r.loading}
      error=${r.error}
      empty=${t('report.empty')}
      rowClass=${(x: Row) => (x.insutype ? undefined : 'row-total')}
    />
    <h3 class="report-subtitle">${t('report.byFund')}</h3>
    <${DataTable}
      label=${t('report.byFund')}
      columns=${fundColumns}
      rows=${data?.byFund}
      rowKey=${(x: FundTypeRow) => x.code}
      loading=${r.loading}
      empty=${t('report.empty')}
    />
    <p class="small muted">${t('report.note')}</p>
  </div>`;
}
