// Pinyin for search: initials ("张三" -> "zs") and full pinyin ("zhangsan"), lower case,
// no tones. Polyphonic characters: pinyin-pro picks the reading from context (surname mode
// for people's names, so 单 reads shan and 曾 reads zeng). All readings of a polyphonic
// name are added for initials, separated by spaces, so either reading finds it.
//
// Word starts inside a name: every Chinese character (and every run of letters or digits)
// starts a word, so 注射用盐酸万古霉素 is also found by 'wgms' or 'wangumeisu' (万古霉素) and
// 原发性高血压 by 'gxy' (高血压). `innerKeys` gives the initials and the full pinyin of every
// such suffix after the first character (the whole name is the ordinary key); searches rank
// them below a match from the start of the name. pinyin-pro's segment() does not split
// words (it returns one segment per character), so each character counts as a word start.
//
// In db/ (below the server) because the stored search-key columns are derived with it, and
// their migration (140) backfills them with it.
//
// pinyin-pro (its dictionaries) takes 60–170 ms to load: it is loaded on first use, not at start
// (the server warms it after its first answer: warmPinyin), through its CommonJS build so that
// the functions here stay synchronous.
import { createRequire } from 'node:module';
import type * as PinyinPro from 'pinyin-pro';

let loaded: typeof PinyinPro.pinyin | null = null;

/** pinyin-pro's pinyin(), loaded on first use. */
function pinyinFn(): typeof PinyinPro.pinyin {
  loaded ??= (createRequire(import.meta.url)('pinyin-pro') as typeof PinyinPro).pinyin;
  return loaded;
}

/** Loads pinyin-pro now (the server calls it after its first answer, so no user waits for it). */
export function warmPinyin(): void {
  pinyinFn();
}

const pinyin: typeof PinyinPro.pinyin = ((...args: Parameters<typeof PinyinPro.pinyin>) =>
  (pinyinFn() as (...a: unknown[]) => unknown)(...args)) as typeof PinyinPro.pinyin;

export interface PinyinKeys {
  initials: string;
  full: string;
}

function clean(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9 ]/g, '');
}

export function pinyinKeys(text: string, opts: { surname?: boolean } = {}): PinyinKeys {
  const trimmed = text.trim();
  if (!trimmed) return { initials: '', full: '' };
  const surname = opts.surname ? ('head' as const) : ('off' as const);
  const initials = clean(
    pinyin(trimmed, { pattern: 'first', toneType: 'none', type: 'array', surname, nonZh: 'consecutive' }).join(''),
  );
  const full = clean(pinyin(trimmed, { toneType: 'none', type: 'array', surname, nonZh: 'consecutive' }).join(''));
  // Every reading of every polyphonic character, for initials search.
  const alternatives = new Set<string>([initials]);
  let variants: string[] = [''];
  for (const options of readingInitials(trimmed)) {
    const next: string[] = [];
    for (const v of variants) for (const o of options) next.push(v + o);
    variants = next.slice(0, 8);
  }
  for (const v of variants) if (v) alternatives.add(v);
  return { initials: [...alternatives].join(' ').slice(0, 200), full };
}

type Reading = { polyphonic: string[]; first: string };

/** The first letters of a reading, or of the character when it has none. */
const firstsOf = (ch: Reading): string[] => [
  ...new Set((ch.polyphonic && ch.polyphonic.length ? ch.polyphonic : [ch.first]).map((p) => clean(p[0] ?? ''))),
];

/** Per character: the first letters of its dictionary readings (pinyin-pro's polyphonic list
 *  after its first entry, which is the reading in context). Bounded by the characters seen. */
const dictionaryFirsts = new Map<string, string[]>();

/**
 * Per character of `text`, the distinct first letters of its readings: the reading in context
 * first, then the dictionary's — what pinyin(text, {type: 'all', multiple: true}) gives in its
 * polyphonic lists (the reading in context + the dictionary's), at a fraction of its cost (it
 * builds every field of every character; 55 of the 75 us of a department's keys): the readings
 * in context come from one 'first' pass, the dictionary's from a per-character cache. A text of
 * one character (where multiple: true lists each reading as its own entry) and a text that the
 * 'first' pass does not split one item per character take the full call.
 */
function readingInitials(text: string): string[][] {
  const whole = () =>
    (pinyin(text, { pattern: 'first', toneType: 'none', type: 'all', multiple: true }) as unknown as Reading[]).map(
      firstsOf,
    );
  const chars = [...text];
  if (chars.length === 1) return whole();
  const inContext = pinyin(text, { pattern: 'first', toneType: 'none', type: 'array' });
  if (inContext.length !== chars.length) return whole();
  return chars.map((ch, k) => {
    let dict = dictionaryFirsts.get(ch);
    if (!dict) {
      const r = pinyin(ch, { pattern: 'first', toneType: 'none', type: 'all' }) as unknown as Reading[];
      dict = r.length === 1 && r[0]!.polyphonic.length ? r[0]!.polyphonic.slice(1).map((p) => clean(p[0] ?? '')) : [];
      dictionaryFirsts.set(ch, dict);
    }
    return [...new Set([clean(inContext[k]![0] ?? ''), ...dict])];
  });
}

/** Suffixes are capped so that a long name does not make a huge key set. */
const MAX_INNER_STARTS = 30;
const MAX_KEY_LENGTH = 120;

/**
 * The search keys of the word starts inside `text` (not its start): for each token after the
 * first (a Chinese character, or a run of letters and digits), the initials and the full
 * pinyin from that token to the end, lower case, no spaces. '盐酸氨溴索' gives 'sasx', 'axs',
 * 'xs', 's', 'suananxiusuo', 'anxiusuo', ... Deduplicated, in no particular order.
 */
export function innerKeys(text: string, opts: { surname?: boolean } = {}): string[] {
  const trimmed = text.trim();
  if (!trimmed) return [];
  const surname = opts.surname ? ('head' as const) : ('off' as const);
  const first = pinyin(trimmed, {
    pattern: 'first',
    toneType: 'none',
    type: 'array',
    surname,
    nonZh: 'consecutive',
    v: true,
  });
  const full = pinyin(trimmed, { toneType: 'none', type: 'array', surname, nonZh: 'consecutive', v: true });
  if (first.length !== full.length) return [];
  // Tokens that are only punctuation or spaces are not word starts (and add nothing).
  const tokens: Array<{ i: string; f: string }> = [];
  for (let k = 0; k < full.length; k++) {
    const f = clean(full[k] ?? '');
    if (f) tokens.push({ i: clean(first[k] ?? '').slice(0, f.length) || f[0]!, f });
  }
  // A run of letters/digits is one token: its 'initials' are the run itself.
  for (const t of tokens)
    if (!/[^a-z0-9]/.test(t.f) && t.i.length === 1 && t.f.length > 1 && !isSyllable(t.f)) t.i = t.f;
  const keys = new Set<string>();
  for (let k = 1; k < tokens.length && k <= MAX_INNER_STARTS; k++) {
    const rest = tokens.slice(k);
    const ini = rest
      .map((t) => t.i)
      .join('')
      .slice(0, MAX_KEY_LENGTH);
    const ful = rest
      .map((t) => t.f)
      .join('')
      .slice(0, MAX_KEY_LENGTH);
    // One letter is no search: 's' would find every name with an s-syllable inside.
    if (ini.length > 1) keys.add(ini);
    if (ful.length > 1) keys.add(ful);
  }
  return [...keys];
}

/** Did pinyin-pro turn a Chinese character into this (a syllable), or is it text the name carried? */
function isSyllable(s: string): boolean {
  return /^[a-z]{1,6}$/.test(s) && SYLLABLE.test(s);
}
const FINALS =
  'a|o|e|i|u|v|ai|ei|ao|ou|an|en|ang|eng|ong|er' +
  '|ia|ie|iao|iu|ian|in|iang|ing|iong|ua|uo|uai|ui|uan|un|uang|ueng|ve|van|vn|ue';
const SYLLABLE = new RegExp(`^(zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(${FINALS})$`);

/**
 * The inner keys as one column value for a dictionary table (catalog items, diagnoses,
 * staff): space-separated with a leading space, so `search_words LIKE '% wgms%'` finds a
 * word start. Not shown anywhere; rebuilt from the name on every write.
 */
export function searchWords(text: string, opts: { surname?: boolean } = {}): string {
  const keys = innerKeys(text, opts);
  return keys.length ? ' ' + keys.join(' ') : '';
}

/** Normalise what a user typed into a search box: lower case, no spaces. */
export function normaliseQuery(q: string): string {
  return q.trim().toLowerCase();
}
