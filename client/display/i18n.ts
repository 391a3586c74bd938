// The display's few strings: Chinese on the TV, English with ?lang=en.
const zh = {
  calling: '请就诊',
  next: '候诊',
  none: '暂无',
  waiting: '等候 {n} 人',
  offline: '网络断开,正在重连…',
  invalid: '大屏链接无效或已失效,请联系管理员获取新的链接。',
  loading: '正在加载…',
  sound: '点击此处启用声音',
  noClinics: '这个大屏没有设置要显示的科室。',
} as const;
const en: Record<keyof typeof zh, string> = {
  calling: 'Now calling',
  next: 'Next',
  none: '—',
  waiting: '{n} waiting',
  offline: 'Offline, reconnecting…',
  invalid: 'This display link is not valid (any more); ask an administrator for a new one.',
  loading: 'Loading…',
  sound: 'Tap here to turn the sound on',
  noClinics: 'This display shows no clinics yet.',
};

const lang = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'zh';
document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';

export function t(key: keyof typeof zh, vars?: Record<string, string | number>): string {
  const s = (lang === 'en' ? en : zh)[key];
  return vars ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : s;
}
