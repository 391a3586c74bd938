// The demo center's patients: deterministic (a seeded PRNG), so every demo database has the
// same people. Valid, unique GB 11643 ID numbers (check character computed), names drawn by
// surname frequency, phones, addresses in one county, guardians for children without an ID,
// allergies and chronic conditions at plausible rates.
import { idCheckChar } from '../../server/lib/id-number.js';
import { ALLERGIES, FEMALE_CHARS, MALE_CHARS, MOBILE_PREFIXES, SURNAMES, VILLAGES } from './people.js';

export interface DemoPatient {
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
  idNumber: string | null;
  phone: string | null;
  address: string;
  insuranceNo: string | null;
  guardianName: string | null;
  guardianPhone: string | null;
  guardianRelation: string | null;
  allergies: string[];
  chronic: string[];
}

/** mulberry32: a small, fast, seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function picker(rand: () => number) {
  const total = SURNAMES.reduce((s, [, w]) => s + w, 0);
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const surname = () => {
    let r = rand() * total;
    for (const [s, w] of SURNAMES) {
      r -= w;
      if (r < 0) return s;
    }
    return SURNAMES[0]![0];
  };
  const given = (sex: 'M' | 'F') => {
    const pool = sex === 'M' ? MALE_CHARS : FEMALE_CHARS;
    return rand() < 0.7 ? pick([...pool]) + pick([...pool]) : pick([...pool]);
  };
  const phone = () => pick(MOBILE_PREFIXES) + String(int(100_000_000)).padStart(8, '0');
  return { int, pick, surname, given, phone };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `n` demo patients as of `today` (YYYY-MM-DD). */
export function demoPatients(n: number, today: string, seed = 20261126): DemoPatient[] {
  const rand = prng(seed);
  const p = picker(rand);
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  const todayMs = Date.UTC(ty, tm - 1, td);
  const ids = new Set<string>();
  const out: DemoPatient[] = [];
  for (let i = 0; i < n; i++) {
    const sex: 'M' | 'F' = rand() < 0.49 ? 'M' : 'F';
    const bucket = rand();
    const age =
      bucket < 0.08
        ? p.int(7)
        : bucket < 0.16
          ? 7 + p.int(9)
          : bucket < 0.36
            ? 16 + p.int(19)
            : bucket < 0.7
              ? 35 + p.int(25)
              : 60 + p.int(31);
    const birth = new Date(todayMs - (age * 365.25 + p.int(365)) * 86_400_000 - 86_400_000);
    const birthDate = birth.toISOString().slice(0, 10);
    const surname = p.surname();
    const name = surname + p.given(sex);
    const child = age < 16;
    let idNumber: string | null = null;
    if (rand() < (child ? 0.8 : 0.97)) {
      const area =
        rand() < 0.85
          ? '330782'
          : p.pick(['330702', '330723', '330726', '330781', '330783', '330784', '341126', '522130']);
      for (;;) {
        const seq = p.int(500) * 2 + (sex === 'M' ? 1 : 0);
        const first17 = area + birthDate.replace(/-/g, '') + pad(seq, 3);
        const id = first17 + idCheckChar(first17);
        if (!ids.has(id)) {
          ids.add(id);
          idNumber = id;
          break;
        }
      }
    }
    const guardianSex: 'M' | 'F' = rand() < 0.5 ? 'M' : 'F';
    const allergies = rand() < 0.08 ? [p.pick(ALLERGIES)] : [];
    if (allergies.length && rand() < 0.2) {
      const more = p.pick(ALLERGIES);
      if (!allergies.includes(more)) allergies.push(more);
    }
    const chronic: string[] = [];
    if (age >= 35 && rand() < (age >= 60 ? 0.4 : 0.18)) chronic.push('原发性高血压');
    if (age >= 35 && rand() < (age >= 60 ? 0.14 : 0.06)) chronic.push('2型糖尿病');
    if (age >= 60 && rand() < 0.06) chronic.push('冠心病');
    if (age >= 55 && rand() < 0.03) chronic.push('慢性阻塞性肺疾病');
    out.push({
      name,
      sex,
      birthDate,
      idNumber,
      phone: child ? null : rand() < 0.92 ? p.phone() : null,
      address: `${p.pick(VILLAGES)}${1 + p.int(180)}号`,
      insuranceNo: rand() < 0.85 ? 'QS' + pad(p.int(100_000_000), 8) + pad(i % 100) : null,
      // Every child has a guardian on file; one without an ID number must.
      guardianName: child ? surname + p.given(guardianSex) : null,
      guardianPhone: child ? p.phone() : null,
      guardianRelation: child ? (guardianSex === 'M' ? '父亲' : '母亲') : null,
      allergies,
      chronic,
    });
  }
  return out;
}
