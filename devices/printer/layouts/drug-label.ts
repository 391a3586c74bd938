// 药袋标签 / drug label: patient (full name, for the pharmacist to call out), drug, dose,
// frequency, route, days. Payload: pharmacy's dispensing label (pharmacy, patient {name, mrn,
// sex, age}, drug {name, spec}, quantity, unit, packs, units, packUnit, dose, doseUnit,
// frequency, route, days, note, lots, at).
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
  type LayoutContext,
  type Obj,
} from './common.js';

export function drugLabel(p: Obj, ctx: LayoutContext): PrintDoc {
  const d = new DocBuilder(ctx.paper);
  const patient = obj(p.patient);
  const drug = obj(p.drug);
  if (ctx.notice) d.text(ctx.notice, { align: 'center' });
  d.text(str(p.pharmacy) || ctx.institution, { align: 'center' });
  const age = num(patient.age);
  d.text(`${str(patient.name)}  ${sexName(patient.sex)}${age !== null ? ` ${age}岁` : ''}`, { bold: true, size: 2 });
  d.lr('病历号', str(patient.mrn));
  d.rule();
  d.text(`${str(drug.name)} ${str(drug.spec)}`.trim(), { bold: true });
  const packs = num(p.packs) ?? 0;
  const units = num(p.units) ?? 0;
  const amount =
    packs > 0
      ? `${packs}${str(p.packUnit)}${units > 0 ? `${units}${str(p.unit)}` : ''}`
      : `${str(p.quantity)}${str(p.unit)}`;
  d.lr('数量', amount);
  const dose = doseText(p.dose, p.doseUnit);
  if (dose) d.text(`用量:每次 ${dose}`, { bold: true });
  d.text(`用法:${[routeName(p.route), frequencyName(p.frequency)].filter(Boolean).join(',')}`, { bold: true });
  if (num(p.days) !== null) d.text(`疗程:${str(p.days)} 天`);
  if (str(p.note)) d.text(`备注:${str(p.note)}`);
  const lots = arr(p.lots).map((l) => `${str(l.lotNo)}(${str(l.expiryDate)})`);
  if (lots.length) d.text(`批号:${lots.join(' ')}`);
  d.lr('发药时间', dateTime(p.at, ctx.timeZone));
  d.feed(1).cut();
  return d.build();
}
