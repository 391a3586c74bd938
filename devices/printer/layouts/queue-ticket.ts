// 挂号小票 / queue ticket: the number big, clinic, room, doctor, time, patients ahead, and a
// QR code of the ticket. Payload: registration's `ticket` (number, clinic, room, doctor,
// time, ahead, patient (masked), feeFen, changeFen, institution, registrationId, day).
import { DocBuilder, type PrintDoc } from '../doc.js';
import { dateTime, num, str, yuan, type LayoutContext, type Obj } from './common.js';

export function queueTicket(p: Obj, ctx: LayoutContext): PrintDoc {
  const d = new DocBuilder(ctx.paper);
  if (ctx.notice) d.text(ctx.notice, { align: 'center' });
  d.text(str(p.institution) || ctx.institution, { align: 'center', bold: true });
  d.text('挂号凭条', { align: 'center' });
  d.rule();
  d.text(str(p.clinic), { align: 'center', bold: true });
  d.text(str(p.number), { align: 'center', bold: true, size: 2 });
  if (str(p.room)) d.text(`请到 ${str(p.room)} 诊室候诊`, { align: 'center' });
  const ahead = num(p.ahead);
  if (ahead !== null) d.text(`您前面还有 ${ahead} 人`, { align: 'center' });
  d.rule();
  d.lr('患者', str(p.patient));
  if (str(p.doctor)) d.lr('医生', str(p.doctor));
  d.lr('时间', dateTime(p.time, ctx.timeZone));
  const fee = num(p.feeFen);
  if (fee !== null) d.lr('挂号费', `${yuan(fee)} 元`);
  if ((num(p.changeFen) ?? 0) > 0) d.lr('找零', `${yuan(p.changeFen)} 元`);
  d.qr(ticketQr(p));
  d.text('请留意叫号屏及语音叫号', { align: 'center' });
  d.text('过号请到分诊台重新排队', { align: 'center' });
  d.feed(1).cut();
  return d.build();
}

/** The QR code's content: the ticket identity (ASCII; scanned at the desk or display). */
export function ticketQr(p: Obj): string {
  const id = num(p.registrationId);
  return `JCQ:${str(p.day) || ''}:${str(p.number)}${id !== null ? `:${id}` : ''}`;
}
