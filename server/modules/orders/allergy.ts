// Allergy check: a recorded allergy (free text, e.g. "青霉素", "头孢类", "磺胺") against a
// drug's generic and trade names — substring either way, plus a small class map so that
// an allergy to 青霉素 also catches 阿莫西林, 氨苄西林 and the other penicillins.
const CLASSES: Array<{ keys: string[]; members: string[] }> = [
  { keys: ['青霉素', 'penicillin'], members: ['青霉素', '西林', 'penicillin', 'amoxicillin', 'ampicillin'] },
  { keys: ['头孢', 'cephalosporin'], members: ['头孢', 'cef'] },
  { keys: ['磺胺', 'sulfa'], members: ['磺胺', '复方新诺明', 'sulfa'] },
  { keys: ['阿司匹林', '水杨酸', 'aspirin'], members: ['阿司匹林', '水杨酸', 'aspirin'] },
  { keys: ['喹诺酮', '沙星'], members: ['沙星'] },
  { keys: ['大环内酯', '红霉素'], members: ['红霉素', '阿奇霉素', '克拉霉素', '罗红霉素'] },
  { keys: ['碘'], members: ['碘'] },
  { keys: ['链霉素', '氨基糖苷'], members: ['链霉素', '庆大霉素', '阿米卡星', '卡那霉素'] },
];

const norm = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/(过敏|类|史)$/u, '');

/** The recorded allergy this drug collides with, or null. */
export function allergyHit(allergies: string[], names: Array<string | null>): string | null {
  const drugNames = names.filter((n): n is string => !!n && n.trim() !== '').map((n) => n.toLowerCase());
  for (const raw of allergies) {
    const a = norm(raw);
    if (a.length === 0) continue;
    if (drugNames.some((n) => n.includes(a) || (a.length >= 2 && a.includes(n)))) return raw;
    for (const c of CLASSES) {
      if (!c.keys.some((k) => a.includes(k))) continue;
      if (drugNames.some((n) => c.members.some((m) => n.includes(m)))) return raw;
    }
  }
  return null;
}
