// The UI language: Chinese by default, English on request, remembered in localStorage.
// Every visible string goes through t(key); reading it subscribes the view to the language.
import { signal } from '@preact/signals';
import { zh, type Key } from './zh.js';
import { en } from './en.js';
import { dateTimeSecondsText } from '../time.js';

export type Lang = 'zh' | 'en';
export type { Key };
const STORE = 'jiceng.lang';

function initial(): Lang {
  try {
    return localStorage.getItem(STORE) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export const lang = signal<Lang>(initial());

function applyDocumentLang(l: Lang) {
  document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
}
applyDocumentLang(lang.value);

export function setLang(l: Lang): void {
  lang.value = l;
  applyDocumentLang(l);
  try {
    localStorage.setItem(STORE, l);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
}

export function t(key: Key, vars?: Record<string, string | number>): string {
  const s = (lang.value === 'en' ? en : zh)[key];
  if (!vars) return s;
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** A text the server sends in both languages ({ zh, en }). */
export function pick(text: { zh: string; en: string }): string {
  return text[lang.value];
}

/** Date and time at the center ("2026-12-07 09:05:07"), in its time zone (client/src/time.ts). */
export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return dateTimeSecondsText(ms);
}
