// The professional title catalog (专业技术职称). The prescribing module reads a doctor's
// title level for the antibiotic tier matrix (settings.prescription.antibioticTierByTitleLevel).
export type TitleTrack = 'physician' | 'nurse' | 'pharmacist' | 'technician' | 'other';
export type TitleLevel = 'junior' | 'intermediate' | 'senior' | 'none';

export interface Title {
  code: string;
  zh: string;
  en: string;
  track: TitleTrack;
  level: TitleLevel;
}

export const TITLES: readonly Title[] = [
  { code: 'assistant-physician', zh: '医士', en: 'Assistant physician', track: 'physician', level: 'junior' },
  { code: 'physician', zh: '医师', en: 'Physician', track: 'physician', level: 'junior' },
  { code: 'attending-physician', zh: '主治医师', en: 'Attending physician', track: 'physician', level: 'intermediate' },
  {
    code: 'associate-chief-physician',
    zh: '副主任医师',
    en: 'Associate chief physician',
    track: 'physician',
    level: 'senior',
  },
  { code: 'chief-physician', zh: '主任医师', en: 'Chief physician', track: 'physician', level: 'senior' },
  { code: 'nurse', zh: '护士', en: 'Nurse', track: 'nurse', level: 'junior' },
  { code: 'senior-nurse', zh: '护师', en: 'Senior nurse', track: 'nurse', level: 'junior' },
  { code: 'supervisor-nurse', zh: '主管护师', en: 'Supervisor nurse', track: 'nurse', level: 'intermediate' },
  { code: 'associate-chief-nurse', zh: '副主任护师', en: 'Associate chief nurse', track: 'nurse', level: 'senior' },
  { code: 'chief-nurse', zh: '主任护师', en: 'Chief nurse', track: 'nurse', level: 'senior' },
  { code: 'assistant-pharmacist', zh: '药士', en: 'Assistant pharmacist', track: 'pharmacist', level: 'junior' },
  { code: 'pharmacist', zh: '药师', en: 'Pharmacist', track: 'pharmacist', level: 'junior' },
  {
    code: 'supervisor-pharmacist',
    zh: '主管药师',
    en: 'Supervisor pharmacist',
    track: 'pharmacist',
    level: 'intermediate',
  },
  {
    code: 'associate-chief-pharmacist',
    zh: '副主任药师',
    en: 'Associate chief pharmacist',
    track: 'pharmacist',
    level: 'senior',
  },
  { code: 'chief-pharmacist', zh: '主任药师', en: 'Chief pharmacist', track: 'pharmacist', level: 'senior' },
  { code: 'assistant-technician', zh: '技士', en: 'Assistant technician', track: 'technician', level: 'junior' },
  { code: 'technician', zh: '技师', en: 'Technician', track: 'technician', level: 'junior' },
  {
    code: 'supervisor-technician',
    zh: '主管技师',
    en: 'Supervisor technician',
    track: 'technician',
    level: 'intermediate',
  },
  {
    code: 'associate-chief-technician',
    zh: '副主任技师',
    en: 'Associate chief technician',
    track: 'technician',
    level: 'senior',
  },
  { code: 'chief-technician', zh: '主任技师', en: 'Chief technician', track: 'technician', level: 'senior' },
  { code: 'none', zh: '无', en: 'None', track: 'other', level: 'none' },
];

export const TITLE_CODES = TITLES.map((x) => x.code) as [string, ...string[]];

const byCode = new Map(TITLES.map((x) => [x.code, x]));

export function findTitle(code: string): Title | undefined {
  return byCode.get(code);
}

/** The level of a title code; unknown codes (old data) count as 'none'. */
export function titleLevel(code: string): TitleLevel {
  return byCode.get(code)?.level ?? 'none';
}
