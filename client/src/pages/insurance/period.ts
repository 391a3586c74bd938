// The 对账 page's period (issue 11 item 6): any from–to of business days up to a year, with quick
// picks (今天, 昨天, 本月, 上月) counted from the institution's today. Shared by the reconciliation
// and the report tabs; an impossible period is said on its field and nothing is asked.
import { html } from '../../html.js';
import { t } from './recon.i18n.js';

/** The server's MAX_PERIOD_DAYS (insurance-recon/schema.ts; the client imports schemas type-only). */
const MAX_PERIOD_DAYS = 366;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ms = (d: string) => Date.parse(`${d}T00:00:00Z`);
const iso = (at: number) => new Date(at).toISOString().slice(0, 10);

/** Calendar arithmetic on YYYY-MM-DD strings (UTC noon-free: whole days only). */
export const addDays = (d: string, n: number) => iso(ms(d) + n * 86_400_000);
const monthStart = (d: string) => `${d.slice(0, 7)}-01`;

/** The quick picks, from the institution's today. */
type Pick = 'today' | 'yesterday' | 'thisMonth' | 'lastMonth';

export function quickPeriods(today: string): Array<{ key: Pick; from: string; to: string }> {
  const thisStart = monthStart(today);
  const lastEnd = addDays(thisStart, -1);
  return [
    { key: 'today', from: today, to: today },
    { key: 'yesterday', from: addDays(today, -1), to: addDays(today, -1) },
    { key: 'thisMonth', from: thisStart, to: today },
    { key: 'lastMonth', from: monthStart(lastEnd), to: lastEnd },
  ];
}

/** Why a period cannot be asked for (field and words), or null. */
export function periodError(from: string, to: string): { field: 'from' | 'to'; message: string } | null {
  if (!DAY.test(from) || Number.isNaN(ms(from))) return { field: 'from', message: t('period.bad') };
  if (!DAY.test(to) || Number.isNaN(ms(to))) return { field: 'to', message: t('period.bad') };
  if (from > to) return { field: 'from', message: t('period.order') };
  if ((ms(to) - ms(from)) / 86_400_000 + 1 > MAX_PERIOD_DAYS)
    return { field: 'to', message: t('period.long', { max: MAX_PERIOD_DAYS }) };
  return null;
}

export function PeriodPicker(props: {
  today: string;
  from: string;
  to: string;
  onChange: (from: string, to: string) => void;
}) {
  const err = periodError(props.from, props.to);
  const input = (field: 'from' | 'to', value: string) =>
    html`<label class="filter"><span>${t(field)}</span>
      <input type="date" name=${field} value=${value} max=${props.today}
        aria-invalid=${err?.field === field ? 'true' : undefined}
        onChange=${(e: Event) => {
          const v = (e.currentTarget as HTMLInputElement).value;
          if (field === 'from') props.onChange(v, props.to);
          else props.onChange(props.from, v);
        }} /></label>`;
  return html`<div class="recon-period" role="group" aria-label=${t('period')}>
    ${input('from', props.from)} ${input('to', props.to)}
    <span class="recon-picks">
      ${quickPeriods(props.today).map(
        (p) => html`<button type="button" key=${p.key} name=${`pick-${p.key}`}
          class=${props.from === p.from && props.to === p.to ? 'btn btn-small btn-on' : 'btn btn-small'}
          aria-pressed=${props.from === p.from && props.to === p.to ? 'true' : 'false'}
          onClick=${() => props.onChange(p.from, p.to)}>${t(`pick.${p.key}`)}</button>`,
      )}
    </span>
    ${err ? html`<div class="form-error" role="alert" data-field=${err.field}>${err.message}</div>` : null}
  </div>`;
}
