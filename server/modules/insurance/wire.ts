// The edge of the national platform's wire (INSURANCE.md §1): yuan ↔ fen, the insurer's time
// and date strings, msgid, the request signers and the answer's envelope check. Pure functions.
import crypto from 'node:crypto';
import { DomainError } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import type { WallParts } from '../../../core/calendar.js';
import type { InsuranceSigner } from '../../../db/schema.js';

/** A refused answer from the insurer: a field missing, non-numeric or inconsistent (502). */
export function badAnswer(field: string, why: string, whyEn: string, details?: Record<string, unknown>): DomainError {
  return new DomainError(
    502,
    'insurer_bad_answer',
    t(
      `医保平台的应答有误:${field} ${why},未保存任何数据,请稍后重试或联系医保经办机构`,
      `The insurer's answer is wrong: ${field} ${whyEn}; nothing was saved. Try again later or call the insurer`,
    ),
    field,
    details,
  );
}

/**
 * Yuan from the insurer (a number, or a numeric string, normally with at most 2 decimals) →
 * integer fen, rounded half-up at the third decimal (float noise like 0.30000000000000004 too).
 * A missing or non-numeric value is refused (insurer_bad_answer naming the field).
 */
export function toFen(yuan: unknown, field: string): number {
  let text: string;
  if (typeof yuan === 'number') {
    if (!Number.isFinite(yuan)) throw badAnswer(field, '不是数字', 'is not a number');
    text = Math.abs(yuan) < 1e-6 ? '0' : String(yuan);
    if (/e/i.test(text)) text = yuan.toFixed(8);
  } else if (typeof yuan === 'string' && yuan.trim() !== '') {
    text = yuan.trim();
  } else if (yuan === undefined || yuan === null || yuan === '') {
    throw badAnswer(field, '缺失', 'is missing');
  } else {
    throw badAnswer(field, '不是数字', 'is not a number');
  }
  const m = /^(-?)(\d{1,13})(?:\.(\d+))?$/.exec(text);
  if (!m) throw badAnswer(field, `不是金额(${text.slice(0, 20)})`, `is not an amount (${text.slice(0, 20)})`);
  const decimals = m[3] ?? '';
  let fen = Number(m[2]) * 100 + Number(decimals.slice(0, 2).padEnd(2, '0'));
  if (Number(decimals[2] ?? '0') >= 5) fen += 1;
  if (!Number.isSafeInteger(fen)) throw badAnswer(field, '超出范围', 'is out of range');
  return m[1] && fen !== 0 ? -fen : fen;
}

/** Integer fen → yuan as the insurer wants it: a number with at most 2 decimals (1230 → 12.3). */
export function toYuan(fen: number): number {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`fen must be an integer, got ${fen}`);
  return Number((fen / 100).toFixed(2));
}

/** "yyyy-MM-dd HH:mm:ss" from wall parts. */
export function insurerTimeOf(p: WallParts): string {
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** "yyyyMMddHHmmss" (msgid's time) from wall parts. */
export function compactTimeOf(p: WallParts): string {
  return `${p.year}${p.month}${p.day}${p.hour}${p.minute}${p.second}`;
}

/** msgid = fixmedins_code (12) + yyyyMMddHHmmss (14) + a 4-digit sequence. */
export function makeMsgid(fixmedinsCode: string, p: WallParts, seq: number): string {
  return `${fixmedinsCode}${compactTimeOf(p)}${String(seq % 10000).padStart(4, '0')}`;
}

/** The gateway headers of a signer (Guangdong style: SHA-256 of ts + secret + nonce + ts). */
export function signerHeaders(
  signer: InsuranceSigner,
  paasid: string,
  secret: string,
  nowMs: number,
  nonce = crypto.randomBytes(16).toString('hex'),
): Record<string, string> {
  if (signer === 'none') return {};
  const ts = String(Math.floor(nowMs / 1000));
  const signature = crypto
    .createHash('sha256')
    .update(ts + secret + nonce + ts)
    .digest('hex');
  return { 'x-tif-paasid': paasid, 'x-tif-timestamp': ts, 'x-tif-nonce': nonce, 'x-tif-signature': signature };
}

/** The platform's answer envelope, checked. */
export interface Answer {
  infcode: number;
  errMsg: string | null;
  warnMsg: string | null;
  output: Record<string, unknown>;
  infRefmsgid: string | null;
}

/** Checks an answer's envelope: a JSON object with infcode 0 (and an output object) or -1 (and err_msg). */
export function parseAnswer(body: unknown): Answer | { bad: string } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { bad: 'envelope' };
  const b = body as Record<string, unknown>;
  const code = typeof b.infcode === 'string' && /^-?\d+$/.test(b.infcode) ? Number(b.infcode) : b.infcode;
  if (typeof code !== 'number' || !Number.isInteger(code)) return { bad: 'infcode' };
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  if (code === 0) {
    const out = b.output ?? {};
    if (typeof out !== 'object' || out === null || Array.isArray(out)) return { bad: 'output' };
    return {
      infcode: 0,
      errMsg: null,
      warnMsg: str(b.warn_msg),
      output: out as Record<string, unknown>,
      infRefmsgid: str(b.inf_refmsgid),
    };
  }
  return {
    infcode: code,
    errMsg: str(b.err_msg) ?? `infcode ${code}`,
    warnMsg: str(b.warn_msg),
    output: {},
    infRefmsgid: str(b.inf_refmsgid),
  };
}

/** An ID / card number shown in the audit log and lists: the first 4 and the last 2 characters. */
export function maskNo(no: string): string {
  if (no.length <= 6) return '*'.repeat(no.length);
  return `${no.slice(0, 4)}${'*'.repeat(no.length - 6)}${no.slice(-2)}`;
}

const PERSONAL = /^(mdtrt_cert_no|certno|card_sn|psn_name|in|tel|coner_name|addr|brdy)$/;

/** A copy of an input with personal fields masked (for the audit log). */
export function maskInput(v: unknown, depth = 0): unknown {
  if (depth > 6) return '…';
  if (Array.isArray(v)) return v.slice(0, 5).map((x) => maskInput(x, depth + 1));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      out[k] =
        PERSONAL.test(k) && typeof x === 'string'
          ? k === 'in'
            ? `<${x.length} base64>`
            : maskNo(x)
          : maskInput(x, depth + 1);
    }
    return out;
  }
  return v;
}

/**
 * Transactions that change nothing at the insurer that the HIS must reconcile (queries, sign-in,
 * files, catalogs, pre-settlement): an unknown outcome of one of these needs no 5203/2601, so it is
 * resolved at once as 'no-effect' and never blocks a patient.
 */
export const NO_EFFECT_INFNOS: ReadonlySet<string> = new Set([
  '9001',
  '9002',
  '1101',
  '2206',
  '2303',
  '5203',
  '3201',
  '3202',
  '9101',
  '9102',
  '1901',
  ...Array.from({ length: 19 }, (_, i) => String(1301 + i)),
]);
