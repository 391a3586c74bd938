// The search keys of a patient (one patient_search row each, lower case): the name, every
// pinyin-initials reading (polyphonic surnames: 单 shan/dan, 曾 zeng/ceng), the full pinyin,
// the ID number, the phone and the MRN. A search is a prefix range scan over these keys.
import { pinyinKeys } from '../../lib/pinyin.js';

export interface KeySource {
  name: string;
  idNumber: string | null;
  phone: string | null;
  mrn: string;
}

export function patientPinyin(name: string): { initials: string; full: string } {
  return pinyinKeys(name, { surname: true });
}

export function searchKeys(p: KeySource, py = patientPinyin(p.name)): string[] {
  const keys = new Set<string>();
  const add = (k: string | null | undefined) => {
    const v = (k ?? '').trim().toLowerCase().replace(/\s+/g, '');
    if (v) keys.add(v);
  };
  add(p.name);
  for (const alt of py.initials.split(' ')) add(alt);
  add(py.full);
  add(p.idNumber);
  add(p.phone);
  add(p.mrn);
  return [...keys];
}

/** What the user typed, as a key prefix: trimmed, lower case, no spaces or apostrophes. */
export function searchPrefix(q: string): string {
  return q.trim().toLowerCase().replace(/[\s']/g, '');
}

/** The upper bound of a prefix range: every key starting with `prefix` sorts below it. */
export const prefixEnd = (prefix: string): string => prefix + '\u{10FFFF}';
