// A printer address as stored in workstations.receipt_printer / label_printer:
//   tcp://192.168.1.50:9100           network ESC/POS printer (port 9100 by default)
//   /dev/usb/lp0                      USB printer device file (the service user in group lp)
//   fake:desk1                        the in-process fake printer (demo, tests)
// Options after "?": paper=58|80 (default 80), hanzi=1 (send FS & / FS . around the text,
// for printers that start in single-byte mode), status=0|1 (ask the printer's paper status
// before and after the job over TCP; default 1 for tcp, 0 for device files, which are
// write-only). Example: tcp://10.0.0.8:9100?paper=58&hanzi=1
import type { Paper } from './doc.js';

export type PrinterTarget =
  | { kind: 'tcp'; host: string; port: number; paper: Paper; hanzi: boolean; status: boolean; address: string }
  | { kind: 'file'; path: string; paper: Paper; hanzi: boolean; status: false; address: string }
  | { kind: 'fake'; name: string; paper: Paper; hanzi: boolean; status: false; address: string };

export class BadTarget extends Error {}

export function parseTarget(address: string): PrinterTarget {
  const s = address.trim();
  const q = s.indexOf('?');
  const base = q >= 0 ? s.slice(0, q) : s;
  const params = new URLSearchParams(q >= 0 ? s.slice(q + 1) : '');
  for (const k of params.keys())
    if (!['paper', 'hanzi', 'status'].includes(k))
      throw new BadTarget(`未知的打印机选项 "${k}"(可用 paper、hanzi、status)`);
  const paperRaw = params.get('paper') ?? '80';
  if (paperRaw !== '58' && paperRaw !== '80') throw new BadTarget('纸宽 paper 只能是 58 或 80');
  const paper = Number(paperRaw) as Paper;
  const flag = (k: string, dflt: boolean) => {
    const v = params.get(k);
    if (v === null) return dflt;
    if (v === '1' || v === 'true') return true;
    if (v === '0' || v === 'false') return false;
    throw new BadTarget(`选项 ${k} 只能是 0 或 1`);
  };
  const hanzi = flag('hanzi', false);
  const tcp = /^tcp:\/\/([^/:?]+|\[[0-9a-f:]+\])(?::(\d{1,5}))?\/?$/i.exec(base);
  if (tcp) {
    const port = tcp[2] ? Number(tcp[2]) : 9100;
    if (port < 1 || port > 65535) throw new BadTarget('端口号无效');
    return {
      kind: 'tcp',
      host: tcp[1]!.replace(/^\[|\]$/g, ''),
      port,
      paper,
      hanzi,
      status: flag('status', true),
      address: s,
    };
  }
  const fake = /^fake:([\w.-]+)$/.exec(base);
  if (fake) return { kind: 'fake', name: fake[1]!, paper, hanzi, status: false, address: s };
  if (base.startsWith('/') && !base.includes('\0'))
    return { kind: 'file', path: base, paper, hanzi, status: false, address: s };
  throw new BadTarget(`无法识别的打印机地址 "${s}"(应为 tcp://IP:9100 或 /dev/usb/lp0)`);
}
