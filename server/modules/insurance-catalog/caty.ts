// The national 科别 codes (caty) an outpatient/inpatient visit is registered under (2201 caty,
// 2401 adm_dept), after the 医疗机构诊疗科目名录 as the 医保 code table 1901 "caty" writes them
// (A + two digits; sub-specialties add .NN). The list a township center needs; a province's 1901
// may add more (they are accepted by code pattern, see CATY_PATTERN).
import { t, type Text } from '../../../core/i18n.js';

export const CATY: ReadonlyArray<{ code: string; name: Text }> = [
  { code: 'A01', name: t('预防保健科', 'Preventive care') },
  { code: 'A02', name: t('全科医疗科', 'General practice') },
  { code: 'A03', name: t('内科', 'Internal medicine') },
  { code: 'A04', name: t('外科', 'Surgery') },
  { code: 'A05', name: t('妇产科', 'Obstetrics and gynaecology') },
  { code: 'A06', name: t('妇女保健科', "Women's health care") },
  { code: 'A07', name: t('儿科', 'Paediatrics') },
  { code: 'A08', name: t('小儿外科', 'Paediatric surgery') },
  { code: 'A09', name: t('儿童保健科', "Children's health care") },
  { code: 'A10', name: t('眼科', 'Ophthalmology') },
  { code: 'A11', name: t('耳鼻咽喉科', 'Otorhinolaryngology') },
  { code: 'A12', name: t('口腔科', 'Stomatology') },
  { code: 'A13', name: t('皮肤科', 'Dermatology') },
  { code: 'A15', name: t('精神科', 'Psychiatry') },
  { code: 'A16', name: t('传染科', 'Infectious diseases') },
  { code: 'A17', name: t('结核病科', 'Tuberculosis') },
  { code: 'A19', name: t('肿瘤科', 'Oncology') },
  { code: 'A20', name: t('急诊医学科', 'Emergency medicine') },
  { code: 'A21', name: t('康复医学科', 'Rehabilitation medicine') },
  { code: 'A23', name: t('职业病科', 'Occupational diseases') },
  { code: 'A26', name: t('麻醉科', 'Anaesthesiology') },
  { code: 'A28', name: t('疼痛科', 'Pain medicine') },
  { code: 'A30', name: t('医学检验科', 'Laboratory medicine') },
  { code: 'A31', name: t('病理科', 'Pathology') },
  { code: 'A32', name: t('医学影像科', 'Medical imaging') },
  { code: 'A50', name: t('中医科', 'Traditional Chinese medicine') },
  { code: 'A51', name: t('民族医学科', 'Ethnic medicine') },
  { code: 'A52', name: t('中西医结合科', 'Integrated Chinese and Western medicine') },
  { code: 'A69', name: t('其他业务科室', 'Other departments') },
];

/** A 科别 code as the 1901 table writes them: A + 2 digits, optionally .NN (A05.01 妇科). */
export const CATY_PATTERN = /^A\d{2}(\.\d{2})?$/;

const BY_CODE = new Map(CATY.map((c) => [c.code, c]));

/** The name of a listed 科别, or null. */
export function catyName(code: string): Text | null {
  return BY_CODE.get(code)?.name ?? null;
}

// Words of a department's name → its 科别, most specific first. The seed's rule: the departments
// that prescribe in general (门诊部, 住院部, 护理部 …) go to 全科医疗科.
const RULES: Array<[RegExp, string]> = [
  [/中西医/, 'A52'],
  [/中医|针灸|推拿|理疗/, 'A50'],
  [/口腔|牙/, 'A12'],
  [/眼/, 'A10'],
  [/耳鼻|五官/, 'A11'],
  [/皮肤/, 'A13'],
  [/儿童保健|儿保/, 'A09'],
  [/小儿外/, 'A08'],
  [/儿/, 'A07'],
  [/妇女保健|妇保/, 'A06'],
  [/妇|产/, 'A05'],
  [/急诊|急救/, 'A20'],
  [/康复/, 'A21'],
  [/检验|化验/, 'A30'],
  [/病理/, 'A31'],
  [/放射|影像|B超|超声|心电/, 'A32'],
  [/预防|保健|公卫|公共卫生|防保|疫苗|接种/, 'A01'],
  [/传染|发热/, 'A16'],
  [/结核/, 'A17'],
  [/精神|心理/, 'A15'],
  [/麻醉/, 'A26'],
  [/外科/, 'A04'],
  [/内科/, 'A03'],
  [/全科|门诊|住院|护理|医务|卫生室/, 'A02'],
];

/** The 科别 a department's name suggests (智能匹配 of departments), with a score; null when none. */
export function suggestCaty(departmentName: string): { code: string; score: number } | null {
  const exact = CATY.find((c) => c.name.zh === departmentName);
  if (exact) return { code: exact.code, score: 100 };
  for (const [re, code] of RULES) if (re.test(departmentName)) return { code, score: code === 'A02' ? 80 : 90 };
  return null;
}
