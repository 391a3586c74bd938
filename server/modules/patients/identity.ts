// Identity rules of a patient record: the ID number (GB 11643) gives the birth date and sex,
// which must agree with what was typed; 15-digit numbers are upgraded; a birth date must be
// a real day, not in the future, not before 1900; a child under 16 without an ID number
// needs a guardian.
import { ageOn } from '../../../core/calendar.js';
import { invalid } from '../../../core/errors.js';
import { parseIdNumber } from '../../lib/id-number.js';
import { t } from '../../../core/i18n.js';

export const GUARDIAN_AGE = 16;
export const MIN_BIRTH_YEAR = 1900;

export interface IdentityInput {
  sex?: 'M' | 'F' | null | undefined;
  birthDate?: string | null | undefined;
  idNumber: string | null;
  guardianName: string | null;
}

export interface Identity {
  sex: 'M' | 'F';
  birthDate: string;
  idNumber: string | null;
}

function isCalendarDate(s: string): boolean {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Whole years between a birth date and a day (both YYYY-MM-DD): the one calendar's. */
export { ageOn };

/** Checks and derives sex, birth date and the normalised ID number; throws 422 naming the field. */
export function resolveIdentity(input: IdentityInput, now: number, today: string): Identity {
  let idNumber: string | null = null;
  let sex = input.sex ?? null;
  let birthDate = input.birthDate ?? null;
  if (input.idNumber) {
    const p = parseIdNumber(input.idNumber, now, { minBirthYear: MIN_BIRTH_YEAR });
    if (!p.ok) throw invalid('idNumber', p.message);
    idNumber = p.normalized;
    if (birthDate && birthDate !== p.birthDate) {
      throw invalid(
        'birthDate',
        t(
          `出生日期与身份证号不符(身份证号为 ${p.birthDate})`,
          `The birth date does not match the ID number (which says ${p.birthDate})`,
        ),
      );
    }
    if (sex && sex !== p.sex) {
      throw invalid(
        'sex',
        t(
          `性别与身份证号不符(身份证号为${p.sex === 'M' ? '男' : '女'})`,
          `The sex does not match the ID number (which says ${p.sex === 'M' ? 'male' : 'female'})`,
        ),
      );
    }
    birthDate = p.birthDate;
    sex = p.sex;
  }
  if (!birthDate)
    throw invalid('birthDate', t('请填写出生日期(或身份证号)', 'Enter the birth date (or the ID number)'));
  if (!sex) throw invalid('sex', t('请选择性别(或填写身份证号)', 'Choose the sex (or enter the ID number)'));
  if (!isCalendarDate(birthDate))
    throw invalid(
      'birthDate',
      t(`出生日期 ${birthDate} 不是有效日期`, `The birth date ${birthDate} is not a real date`),
    );
  if (birthDate > today) throw invalid('birthDate', t('出生日期不能晚于今天', 'The birth date cannot be after today'));
  if (Number(birthDate.slice(0, 4)) < MIN_BIRTH_YEAR) {
    throw invalid(
      'birthDate',
      t(`出生日期不能早于 ${MIN_BIRTH_YEAR} 年`, `The birth date cannot be before ${MIN_BIRTH_YEAR}`),
    );
  }
  if (!idNumber && ageOn(birthDate, today) < GUARDIAN_AGE && !input.guardianName) {
    throw invalid(
      'guardianName',
      t(
        `未满 ${GUARDIAN_AGE} 岁且无身份证号的患儿须登记监护人`,
        `A child under ${GUARDIAN_AGE} without an ID number needs a guardian`,
      ),
    );
  }
  return { sex, birthDate, idNumber };
}
