// Resident identity card numbers (居民身份证号码, GB 11643-1999).
// 18 characters: 6-digit address code + YYYYMMDD birth date + 3-digit sequence (odd = male,
// even = female) + a check character (ISO 7064 MOD 11-2). Old 15-digit numbers (6 + YYMMDD +
// 3) are upgraded by inserting "19" before the year and computing the check character.
// Address codes are not checked: withdrawn codes stay valid on the cards people carry.
import { t, type Text } from '../../core/i18n.js';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';

/**
 * The earliest birth year accepted. 1800, not 1900: the standard's published example
 * 440524188001010014 (born 1880-01-01) must validate, and withdrawn/odd numbers on old
 * records exist; a caller that wants a tighter bound passes `minBirthYear`.
 */
export const MIN_BIRTH_YEAR = 1800;

export type IdNumberFailure = 'length' | 'format' | 'date' | 'future' | 'too_old' | 'check';

export type IdNumberResult =
  | { ok: true; normalized: string; birthDate: string; sex: 'M' | 'F'; upgraded: boolean }
  | { ok: false; reason: IdNumberFailure; message: Text };

/** The check character for the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

function fail(reason: IdNumberFailure, message: Text): IdNumberResult {
  return { ok: false, reason, message };
}

function isCalendarDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate(); // day 0 of the next month = last day of m
  return d <= days;
}

/** Today's date as YYYY-MM-DD in China (UTC+8, no daylight saving), from epoch ms. */
function chinaDate(now: number): string {
  return new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * Parse and validate an ID number. `now` (epoch ms) bounds the birth date: not in the future;
 * `minBirthYear` (default MIN_BIRTH_YEAR) bounds it from below.
 * Surrounding spaces are ignored and a trailing x is upper-cased.
 */
export function parseIdNumber(
  input: string,
  now: number = Date.now(),
  opts: { minBirthYear?: number } = {},
): IdNumberResult {
  const minYear = opts.minBirthYear ?? MIN_BIRTH_YEAR;
  const s = input.trim().toUpperCase();
  let full: string;
  let upgraded = false;
  if (s.length === 18) {
    if (!/^\d{17}[\dX]$/.test(s)) {
      return fail(
        'format',
        t('身份证号应为 17 位数字加 1 位数字或 X', 'An ID number is 17 digits followed by a digit or X'),
      );
    }
    full = s;
  } else if (s.length === 15) {
    if (!/^\d{15}$/.test(s))
      return fail('format', t('15 位身份证号应全部为数字', 'A 15-character ID number must be all digits'));
    const first17 = s.slice(0, 6) + '19' + s.slice(6);
    full = first17 + idCheckChar(first17);
    upgraded = true;
  } else {
    return fail(
      'length',
      t('身份证号应为 18 位(或旧的 15 位)', 'An ID number has 18 characters (or 15 for old cards)'),
    );
  }
  const y = Number(full.slice(6, 10));
  const m = Number(full.slice(10, 12));
  const d = Number(full.slice(12, 14));
  if (!isCalendarDate(y, m, d)) {
    return fail('date', t('身份证号中的出生日期不是有效日期', 'The birth date in the ID number is not a real date'));
  }
  const birthDate = `${full.slice(6, 10)}-${full.slice(10, 12)}-${full.slice(12, 14)}`;
  if (y < minYear)
    return fail(
      'too_old',
      t(`身份证号中的出生年份早于 ${minYear} 年`, `The birth year in the ID number is before ${minYear}`),
    );
  if (birthDate > chinaDate(now)) {
    return fail('future', t('身份证号中的出生日期在今天之后', 'The birth date in the ID number is in the future'));
  }
  if (!upgraded && idCheckChar(full) !== full[17]) {
    return fail('check', t('身份证号校验位不正确,请核对', 'The ID number check character is wrong; check the number'));
  }
  const sex = Number(full[16]) % 2 === 1 ? 'M' : 'F';
  return { ok: true, normalized: full, birthDate, sex, upgraded };
}
