// 处方笺 / prescription slip. Two payloads share the layout: the doctor's (orders: day,
// patient {name, sex, birthDate, mrn}, diagnoses, lines with amountFen, totalFen, doctor)
// and the pharmacy's dispensing slip (pharmacy, patient {name, sex, age, mrn}, department,
// doctor, pharmacist, lines with lots, at).
import { DocBuilder, type PrintDoc } from '../doc.js';
import {
  arr,
  dateTime,
  doseText,
  frequencyName,
  num,
  obj,
  routeName,
  sexName,
  str,
  yuan,
  type LayoutContext,
  type Obj,
} from './common.js';

export function rxSlip(p: Obj, ctx: LayoutContext): PrintDoc {
  const d = new DocBuilder(ctx.paper);
  const patient = obj(p.patient);
  if (ctx.notice) d.text(ctx.notice, { align: 'center' });
  d.text(ctx.institution, { align: 'center', bold: true });
  d.text(str(p.pharmacy) ? `${str(p.pharmacy)} 发药清单` : p.kind === 'herbal' ? '中药处方笺' : '处方笺', {
    align: 'center',
    bold: true,
  });
  d.rule();
  const age = num(patient.age);
  d.lr(`${str(patient.name)} ${sexName(patient.sex)}${age !== null ? ` ${age}岁` : ''}`, str(patient.mrn));
  if (str(p.department)) d.lr('科室', str(p.department));
  const dx = arr(p.diagnoses)
    .map((x) => str(x.name) || str(x.code))
    .filter(Boolean);
  if (dx.length) d.text(`诊断:${dx.join(';')}`);
  d.lr('处方号', str(p.orderId));
  d.lr('日期', str(p.day) || dateTime(p.at, ctx.timeZone));
  if (num(p.herbalDoses) !== null) d.lr('剂数', `${str(p.herbalDoses)} 剂`);
  d.rule();
  d.text('Rp.', { bold: true });
  for (const [i, l] of arr(p.lines).entries()) {
    d.lr(`${i + 1}. ${str(l.name)} ${str(l.spec)}`.trim(), `×${str(l.quantity)}${str(l.unit)}`);
    const usage = [
      doseText(l.dose, l.doseUnit) && `每次${doseText(l.dose, l.doseUnit)}`,
      frequencyName(l.frequency),
      routeName(l.route),
      num(l.days) !== null ? `${str(l.days)}天` : '',
    ]
      .filter(Boolean)
      .join(' ');
    if (usage) d.text(`   ${usage}`);
    for (const lot of arr(l.lots)) {
      const qty = num(lot.quantity) !== null ? ` ×${str(lot.quantity)}` : '';
      d.text(`   批号 ${str(lot.lotNo)} 效期 ${str(lot.expiryDate)}${qty}`);
    }
  }
  d.rule();
  if (num(p.totalFen) !== null) d.lr('金额', `${yuan(p.totalFen)} 元`, { bold: true });
  d.lr('医师', str(p.doctor));
  if (str(p.pharmacist)) d.lr('调配/发药', str(p.pharmacist));
  d.feed(1).cut();
  return d.build();
}
