// 腕带 / patient wristband (issue 12 item 9), printed on the label printer at 安床: the patient's name
// (large), sex and age, the stay number as a QR code (what scanners at the bedside read), MRN, ward and
// bed, admission date, the attending doctor. Payload: beds' WristbandPayload (server/modules/beds/print.ts).
import { DocBuilder, type PrintDoc } from '../doc.js';
import { dateTime, num, obj, sexName, str, type LayoutContext, type Obj } from './common.js';

export function wristband(p: Obj, ctx: LayoutContext): PrintDoc {
  const d = new DocBuilder(ctx.paper);
  const patient = obj(p.patient);
  if (ctx.notice) d.text(ctx.notice, { align: 'center' });
  d.text(str(p.institution) || ctx.institution, { align: 'center' });
  const age = num(patient.age);
  d.text(`${str(patient.name)}  ${sexName(patient.sex)}${age !== null ? ` ${age}岁` : ''}`, { bold: true, size: 2 });
  d.lr('住院号', str(p.stayNo));
  d.lr('病历号', str(patient.mrn));
  d.lr('病区床号', `${str(p.ward)} ${str(p.bed)}${str(p.bed) ? '床' : ''}`.trim());
  d.lr('入院', dateTime(p.admittedAt, ctx.timeZone).slice(0, 10));
  if (str(p.doctor)) d.lr('主治医生', str(p.doctor));
  if (str(p.allergies)) d.text(`过敏:${str(p.allergies)}`, { bold: true });
  d.qr(str(p.stayNo) || 'NONE');
  d.feed(1).cut();
  return d.build();
}
