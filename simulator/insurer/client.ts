// A minimal platform client for the simulator's tests and demos (the server has its own adapter,
// server/modules/insurance). It builds the envelope of INSURANCE.md §1 around an input.
import type { InfNo, InputOf, InsurerAnswer, OutputOf } from '../../core/insurance-wire.js';
import { stamp17, wireTime } from './fields.js';

export interface ClientOptions {
  fixmedins_code?: string;
  fixmedins_name?: string;
  admdvs?: string;
  insuplc_admdvs?: string;
  opter?: string;
  sign_no?: string;
}

// The sequence runs in 5000–9999 from a random start: a test drives this client and the server's
// adapter against one simulator with the same institution code, and the adapter numbers its calls
// from 1 (its outbox row), so the two must not hand the simulator the same msgid in the same second.
let seq = 5000 + Math.floor(Math.random() * 5000);

/** fixmedins_code(12) + yyyyMMddHHmmss + a 4-digit sequence. */
export function newMsgid(fixmedinsCode = 'H33078200001'): string {
  seq = seq >= 9999 ? 5000 : seq + 1;
  return `${fixmedinsCode}${stamp17(new Date()).slice(0, 14)}${String(seq).padStart(4, '0')}`;
}

export function envelope<N extends InfNo>(infno: N, input: InputOf<N>, o: ClientOptions = {}, msgid?: string) {
  const code = o.fixmedins_code ?? 'H33078200001';
  return {
    infno,
    msgid: msgid ?? newMsgid(code),
    mdtrtarea_admvs: o.admdvs ?? '330782',
    insuplc_admdvs: o.insuplc_admdvs ?? '330782',
    recer_sys_code: 'JICENG',
    dev_no: '',
    dev_safe_info: '',
    cainfo: '',
    signtype: '',
    infver: 'V1.0',
    opter_type: '1' as const,
    opter: o.opter ?? 'D001',
    opter_name: '收费员',
    inf_time: wireTime(new Date()),
    fixmedins_code: code,
    fixmedins_name: o.fixmedins_name ?? '青山镇卫生院',
    sign_no: o.sign_no ?? '',
    input,
  };
}

/** Posts one transaction and returns the parsed answer (9102: use fetch directly for the bytes). */
export async function call<N extends InfNo>(
  url: string,
  infno: N,
  input: InputOf<N>,
  o: ClientOptions & { msgid?: string; signal?: AbortSignal } = {},
): Promise<InsurerAnswer<OutputOf<N>>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(envelope(infno, input, o, o.msgid)),
    ...(o.signal ? { signal: o.signal } : {}),
  });
  return (await res.json()) as InsurerAnswer<OutputOf<N>>;
}
