// A station's own dictionary: each station folder keeps its strings beside its pages
// (client/src/pages/<station>/i18n.ts) instead of growing one shared file. Both languages
// must have the same keys (TypeScript checks it: `en` is typed by `zh`'s keys).
import { lang } from './index.js';

export type Dict<K extends string> = Record<K, string>;

/** Makes a `t` for one dictionary pair: `const t = scoped(zh, en)`; `t('queue.call')`. */
export function scoped<K extends string>(zh: Dict<K>, en: Dict<K>) {
  return (key: K, vars?: Record<string, string | number>): string => {
    const s = (lang.value === 'en' ? en : zh)[key];
    if (!vars) return s;
    return s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
  };
}
