// 床头卡 / bed card, printed on the receipt printer and hung at the bed: the bed number and the patient's
// name (large), sex and age, stay number, admission date, diagnosis, doctors, responsible nurse, nursing
// level, diet and allergies. Payload: beds' BedCardPayload (server/modules/beds/print.ts).
import { DocBuilder, type PrintDoc } from '../doc.js';
import { dateTime, num, obj, sexName, str, type LayoutContext, type Obj } from './common.js';

export function bedCard(p: Obj, ctx: LayoutContext): PrintDoc {
  const d = new DocBuilder(ctx.paper);
  const patient = obj(p.patient);
  if (ctx.notice) d.text(ctx.notice, { align: 'center' });
  d.text(`${str(p.institution) || ctx.institution} 床头卡`, { align: 'center' });
  d.text(`${str(p.ward)} ${str(p.bed)}床`, { align: 'center', bold: true, size: 2 });
  d.rule('=');
  const age = num(patient.age);
  d.text(`${str(patient.name)}  ${sexName(patient.sex)}${age !== null ? ` ${age}岁` : ''}`, { bold: true, size: 2 });
  d.lr('住院号', str(p.stayNo));
  d.lr('入院日期', dateTime(p.admittedAt, ctx.timeZone).slice(0, 10));
  d.lr('入院诊断', str(p.diagnosis));
  d.lr('主治医生', str(p.attendingDoctor));
  d.lr('经治医生', str(p.residentDoctor));
  d.lr('责任护士', str(p.nurse));
  d.lr('护理级别', str(p.nursingLevel));
  d.lr('饮食', str(p.diet));
  if (str(p.allergies)) d.text(`过敏:${str(p.allergies)}`, { bold: true });
  d.feed(1).cut();
  return d.build();
}
