// The national insurance platform's 14 charge categories (医疗收费项目类别, med_chrgitm_type).
// Plain TypeScript with no imports: the cashier page imports it too.
/** The 14 national charge category codes, '01'–'14', as a tuple (z.enum takes it). */
export const CHARGE_CATEGORY_CODES = [
  '01',
  '02',
  '03',
  '04',
  '05',
  '06',
  '07',
  '08',
  '09',
  '10',
  '11',
  '12',
  '13',
  '14',
] as const;

export const CHARGE_CATEGORIES: Record<string, { zh: string; en: string }> = {
  '01': { zh: '床位费', en: 'Bed' },
  '02': { zh: '诊察费', en: 'Consultation' },
  '03': { zh: '检查费', en: 'Examination' },
  '04': { zh: '化验费', en: 'Laboratory' },
  '05': { zh: '治疗费', en: 'Treatment' },
  '06': { zh: '手术费', en: 'Surgery' },
  '07': { zh: '护理费', en: 'Nursing' },
  '08': { zh: '卫生材料费', en: 'Medical materials' },
  '09': { zh: '西药费', en: 'Western medicine' },
  '10': { zh: '中药饮片费', en: 'Herbal pieces' },
  '11': { zh: '中成药费', en: 'Chinese patent medicine' },
  '12': { zh: '一般诊疗费', en: 'General diagnosis and treatment' },
  '13': { zh: '挂号费', en: 'Registration' },
  '14': { zh: '其他费', en: 'Other' },
};

export function categoryName(code: string, lang: 'zh' | 'en'): string {
  return CHARGE_CATEGORIES[code]?.[lang] ?? code;
}
