// 智能匹配 (smart matching), pure: the score of an insurer catalog row as the match of a local
// item, and the list types a local kind may match (类型一致). Table-driven tests: score.test.ts.
//
// Scores (0–100; the page bulk-confirms ≥ 90):
// - same name (or a trade name 商品名 on either side = the other's name or trade name): 80, + 5 when
//   both the generic and the trade names agree, + 10 same spec, + 5 same dosage form, + 5 same
//   approval number (批准文号), at most 100 — a service or material without spec and form on both
//   sides counts them as equal (a service of the same name scores 95);
// - same approval number, other name: 85, + 7 same spec;
// - same pinyin initials (≥ 2 letters), other name: 60, + 10 same spec, + 5 same dosage form.
// Anything else is no proposal. A candidate of a list type the local kind may not match is never
// proposed (drug ↔ 101–105, service ↔ 201, material ↔ 301).
import type { InsurerListType, ItemKind } from '../../../db/schema.js';

export const LIST_TYPES_OF: Record<ItemKind, readonly InsurerListType[]> = {
  drug: ['101', '102', '103', '104', '105'],
  service: ['201'],
  material: ['301'],
};

export const LIST_TYPE_NAMES: Record<InsurerListType, { zh: string; en: string }> = {
  '101': { zh: '西药', en: 'Western drug' },
  '102': { zh: '中成药', en: 'Chinese patent drug' },
  '103': { zh: '中药饮片', en: 'Herbal pieces' },
  '104': { zh: '自制剂', en: 'In-house preparation' },
  '105': { zh: '民族药', en: 'Ethnic drug' },
  '201': { zh: '服务项目', en: 'Service' },
  '301': { zh: '医用材料', en: 'Medical material' },
};

/** Whether a local item of this kind may be matched to an insurer row of this list type. */
export function typeAllowed(kind: ItemKind, listType: string): boolean {
  return (LIST_TYPES_OF[kind] as readonly string[]).includes(listType);
}

export interface LocalForScore {
  kind: ItemKind;
  name: string;
  tradeName?: string | null;
  spec?: string | null;
  dosageForm?: string | null;
  approvalNo?: string | null;
  pinyinInitials?: string | null;
}

export interface InsurerForScore {
  listType: string;
  name: string;
  /** 商品名 (1301 drug_prodname) */
  tradeName?: string | null;
  spec?: string | null;
  dosageForm?: string | null;
  aprvno?: string | null;
  pinyinInitials?: string | null;
}

export type ScoreReason = 'name' | 'tradeName' | 'spec' | 'dosageForm' | 'aprvno' | 'pinyin';

export interface Score {
  score: number;
  reasons: ScoreReason[];
}

const FULL_WIDTH = /[\uFF01-\uFF5E]/g;

/** A name, spec or number compared loosely: full-width → half-width, no spaces, lower case,
 *  the usual unit spellings unified (0.25g = 0.25 g = 0.25克, 250mg×12片 = 250mg*12片). */
export function norm(s: string | null | undefined): string {
  if (!s) return '';
  return s
    .replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .replace(/[\s·・]/g, '')
    .replace(/[×xX]/g, '*')
    .replace(/毫克/g, 'mg')
    .replace(/毫升/g, 'ml')
    .replace(/克/g, 'g')
    .replace(/[()（）[\]【】]/g, '')
    .toLowerCase();
}

/** Both missing counts as the same (services and materials have no spec or form). */
function same(a: string | null | undefined, b: string | null | undefined): boolean {
  const x = norm(a);
  const y = norm(b);
  return x === y;
}

function sameKnown(a: string | null | undefined, b: string | null | undefined): boolean {
  const x = norm(a);
  return x !== '' && x === norm(b);
}

/** Pinyin initials columns hold space-separated alternatives (polyphonic names): any in common (≥ 2 letters). */
export function sameInitials(a: string | null | undefined, b: string | null | undefined): boolean {
  const xs = (a ?? '')
    .toLowerCase()
    .split(/\s+/)
    .filter((x) => x.length >= 2);
  if (!xs.length) return false;
  const ys = new Set((b ?? '').toLowerCase().split(/\s+/));
  return xs.some((x) => ys.has(x));
}

/** The score of `c` as the match of `local`, or null when it is no proposal at all. */
export function scoreMatch(local: LocalForScore, c: InsurerForScore): Score | null {
  if (!typeAllowed(local.kind, c.listType)) return null;
  const name = norm(c.name);
  const trade = norm(c.tradeName);
  const localTrade = norm(local.tradeName);
  const sameTrade = trade !== '' && (localTrade === trade || norm(local.name) === trade);
  const sameName = (name !== '' && (norm(local.name) === name || localTrade === name)) || sameTrade;
  const spec = same(local.spec, c.spec);
  const form = same(local.dosageForm, c.dosageForm);
  const aprv = sameKnown(local.approvalNo, c.aprvno);
  if (sameName) {
    const reasons: ScoreReason[] = sameTrade ? ['name', 'tradeName'] : ['name'];
    // the same trade name besides the same generic name tells two makers' products apart: + 5
    let score = sameTrade && norm(local.name) === name ? 85 : 80;
    if (spec) (score += 10), reasons.push('spec');
    if (form) (score += 5), reasons.push('dosageForm');
    if (aprv) (score += 5), reasons.push('aprvno');
    return { score: Math.min(100, score), reasons };
  }
  if (aprv) {
    const reasons: ScoreReason[] = ['aprvno'];
    let score = 85;
    if (spec) (score += 7), reasons.push('spec');
    return { score, reasons };
  }
  if (sameInitials(local.pinyinInitials, c.pinyinInitials)) {
    const reasons: ScoreReason[] = ['pinyin'];
    let score = 60;
    if (spec) (score += 10), reasons.push('spec');
    if (form) (score += 5), reasons.push('dosageForm');
    return { score, reasons };
  }
  return null;
}

/** The best-scoring candidate (ties: the first given), or null when none scores. */
export function bestMatch<C extends InsurerForScore>(
  local: LocalForScore,
  candidates: readonly C[],
): { candidate: C; score: Score } | null {
  let best: { candidate: C; score: Score } | null = null;
  for (const c of candidates) {
    const s = scoreMatch(local, c);
    if (s && (!best || s.score > best.score.score)) best = { candidate: c, score: s };
  }
  return best;
}
