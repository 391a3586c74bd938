// Server-side messages come in both UI languages; the request picks one.
export type Lang = 'zh' | 'en';
export interface Text {
  zh: string;
  en: string;
}

export function t(zh: string, en: string): Text {
  return { zh, en };
}

/** The language a request asked for: `x-lang` header, else Accept-Language, else Chinese. */
export function pickLang(xLang: string | undefined, acceptLanguage: string | undefined): Lang {
  const v = (xLang || acceptLanguage || '').toLowerCase().trim();
  return v.startsWith('en') ? 'en' : 'zh';
}
