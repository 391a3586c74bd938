// The search keys of a patient (one patient_search row each, lower case): the name, every
// pinyin-initials reading (polyphonic surnames: 单 shan/dan, 曾 zeng/ceng), the full pinyin,
// the ID number, the phone and the MRN. A search is a prefix range scan over these keys.
// Word starts inside the name (issue 9 item 8): the initials and full pinyin of every suffix
// of the name from its second character on ('xy' and 'xiuying' for 张秀英), stored with a
// leading space. A typed prefix never starts with a space (spaces are removed), so the
// keys from the start of the name and those from inside it are two separate range scans,
// and hits from the start of the name rank first.
import { innerKeys, pinyinKeys } from '../../../db/pinyin.js';

/** The mark of a key that starts inside the name. */
export const INNER = ' ';

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
  for (const k of innerKeys(p.name, { surname: true })) keys.add(INNER + k);
  return [...keys];
}

/** What the user typed, as a key prefix: trimmed, lower case, no spaces or apostrophes. */
export function searchPrefix(q: string): string {
  return q.trim().toLowerCase().replace(/[\s']/g, '');
}

/** The upper bound of a prefix range: every key starting with `prefix` sorts below it. */
export const prefixEnd = (prefix: string): string => prefix + '\u{10FFFF}';
