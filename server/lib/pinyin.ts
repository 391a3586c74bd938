// Pinyin for search: initials ("张三" -> "zs") and full pinyin ("zhangsan"), lower case,
// no tones. Polyphonic characters: pinyin-pro picks the reading from context (surname mode
// for people's names, so 单 reads shan and 曾 reads zeng). All readings of a polyphonic
// name are added for initials, separated by spaces, so either reading finds it.
import { pinyin } from 'pinyin-pro';

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
  const multi = pinyin(trimmed, { pattern: 'first', toneType: 'none', type: 'all', multiple: true }) as unknown as Array<{
    polyphonic: string[];
    first: string;
  }>;
  const alternatives = new Set<string>([initials]);
  let variants: string[] = [''];
  for (const ch of multi) {
    const options = [...new Set((ch.polyphonic && ch.polyphonic.length ? ch.polyphonic : [ch.first]).map((p) => clean(p[0] ?? '')))];
    const next: string[] = [];
    for (const v of variants) for (const o of options) next.push(v + o);
    variants = next.slice(0, 8);
  }
  for (const v of variants) if (v) alternatives.add(v);
  return { initials: [...alternatives].join(' ').slice(0, 200), full };
}

/** Normalise what a user typed into a search box: lower case, no spaces. */
export function normaliseQuery(q: string): string {
  return q.trim().toLowerCase();
}
