// The fee list (费用清单) or one day's list (一日清单) as an A4 page printed through the browser's print: a
// window of its own with the table and the patient's heading, printed and closed. Texts are escaped.
import { categoryName } from '../../../../core/charge-categories.js';
import { formatYuan } from '../../../../core/money.js';
import type { ChargesView } from '../../../../server/modules/inpatient-charges/schema.js';
import { lang } from '../../i18n/index.js';
import { institutionName } from '../../session.js';
import { dateTimeText } from '../../time.js';
import { t } from './charges-i18n.js';

const esc = (s: string | number) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const cat = (code: string) => categoryName(code, lang.value === 'en' ? 'en' : 'zh');

const CSS = `@page { size: A4; margin: 15mm }
body { font: 11pt sans-serif; color: #000 }
h1 { font-size: 15pt; text-align: center; margin: 0 0 4mm }
p { margin: 1mm 0 }
table { width: 100%; border-collapse: collapse; margin-top: 3mm }
th, td { border: 0.3mm solid #000; padding: 1mm 2mm; text-align: left }
td.n, th.n { text-align: right }
h2 { font-size: 12pt; margin: 4mm 0 0 }`;

/** The HTML of the A4 page: one day's items (`day`) or every day with its items and the category totals. */
export function feeListHtml(v: ChargesView, day: string | null, printedAt: number): string {
  const days = v.feeList.days.filter((d) => day === null || d.day === day);
  const title = day ? t('print.dayList', { day }) : t('print.feeList');
  const head = `<th>${esc(t('col.item'))}</th><th>${esc(t('col.spec'))}</th><th class="n">${esc(t('col.qty'))}</th>
    <th>${esc(t('col.unit'))}</th><th class="n">${esc(t('col.price'))}</th><th class="n">${esc(t('col.amount'))}</th>
    <th>${esc(t('col.category'))}</th>`;
  const dayTables = days
    .map(
      (d) => `<h2>${esc(d.day)}</h2><table><thead><tr>${head}</tr></thead><tbody>${d.items
        .map(
          (i) => `<tr><td>${esc(i.name)}</td><td>${esc(i.spec ?? '')}</td><td class="n">${i.quantity}</td>
            <td>${esc(i.unit)}</td><td class="n">${formatYuan(i.unitPriceFen)}</td>
            <td class="n">${formatYuan(i.amountFen)}</td><td>${esc(cat(i.chargeCategory))}</td></tr>`,
        )
        .join('')}</tbody><tfoot><tr><th colspan="5">${esc(t('total'))}</th>
        <th class="n">${formatYuan(d.totalFen)}</th><th></th></tr></tfoot></table>`,
    )
    .join('');
  const cats = day
    ? ''
    : `<h2>${esc(t('tab.categories'))}</h2><table><tbody>${v.feeList.categories
        .map((c) => `<tr><td>${esc(cat(c.category))}</td><td class="n">${formatYuan(c.amountFen)}</td></tr>`)
        .join('')}</tbody><tfoot><tr><th>${esc(t('total'))}</th>
        <th class="n">${formatYuan(v.feeList.totalFen)}</th></tr></tfoot></table>`;
  const b = v.balance;
  return `<!doctype html><html lang="${lang.value === 'en' ? 'en' : 'zh-CN'}"><head><meta charset="utf-8">
<title>${esc(title)}</title><style>${CSS}</style></head><body>
<h1>${esc(institutionName.value)} ${esc(title)}</h1>
<p>${esc(
    t('print.patient', {
      name: v.stay.patientName,
      no: v.stay.stayNo,
      day: v.stay.admittedDay,
      days: v.stay.days,
    }),
  )}</p>
<p>${esc(
    t('print.balance', {
      deposits: formatYuan(b.depositsFen),
      charges: formatYuan(b.chargesFen),
      balance: formatYuan(b.balanceFen),
    }),
  )}</p>
${dayTables}${cats}
<p>${esc(t('print.at', { time: dateTimeText(printedAt) }))}</p>
</body></html>`;
}

/** Opens the A4 page and the browser's print dialog; false when the browser blocked the window. */
export function printFeeList(v: ChargesView, day: string | null): boolean {
  const w = window.open('', '_blank', 'width=900,height=1000');
  if (!w) return false;
  w.document.open();
  w.document.write(feeListHtml(v, day, Date.now()));
  w.document.close();
  w.focus();
  w.print();
  return true;
}
