// Institution settings of issue 9 items 6 and 10: the cashier's unusual-amount thresholds
// (异常金额提醒, whole yuan here, fen on the server; 0 turns one off) and the pharmacy's
// two-person 配药/核对 step.
import type { ApiError } from '../../api.js';
import { CheckField, NumberField } from '../../components/form.js';
import { html } from '../../html.js';
import { scoped } from '../../i18n/scoped.js';
import type { InstitutionSettings } from './types.js';

const tr = scoped(
  {
    legend: '收费与药房',
    line: '单项金额提醒(元)',
    lineHint: '收费时某一项超过此金额,须收费员确认;0 为不提醒',
    bill: '单次合计提醒(元)',
    billHint: '一次收费合计超过此金额,须收费员确认;0 为不提醒',
    two: '配药、核对双人复核(一人配药,另一人核对发药)',
  },
  {
    legend: 'Cashier and pharmacy',
    line: 'Line amount warning (yuan)',
    lineHint: 'A charge line above this needs the cashier to confirm; 0 = no warning',
    bill: 'Bill total warning (yuan)',
    billHint: 'A bill above this needs the cashier to confirm; 0 = no warning',
    two: 'Two-person check: one pharmacist prepares, another checks and dispenses',
  },
);

/** The review thresholds and the pharmacy's two-person check (issue 9) of the institution's settings. */
export type ReviewSettings = Partial<Pick<InstitutionSettings, 'billing' | 'pharmacy'>>;

export function ReviewSettingsFields(props: {
  v: ReviewSettings;
  onChange: (patch: ReviewSettings) => void;
  error: ApiError | null;
}) {
  const billing = props.v.billing ?? { lineWarnFen: 50_000, billWarnFen: 200_000 };
  const pharmacy = props.v.pharmacy ?? { twoPersonCheck: false };
  const yuan = (fen: number) => (Number.isFinite(fen) ? Math.round(fen / 100) : NaN);
  return html`<fieldset class="group">
    <legend>${tr('legend')}</legend>
    <${NumberField} label=${tr('line')} name="billing.lineWarnFen" value=${yuan(billing.lineWarnFen)} min=${0}
      max=${1_000_000} hint=${tr('lineHint')}
        onInput=${(x: number) => props.onChange({ billing: { ...billing, lineWarnFen: x * 100 } })}
          error=${props.error} required />
    <${NumberField} label=${tr('bill')} name="billing.billWarnFen" value=${yuan(billing.billWarnFen)} min=${0}
      max=${1_000_000} hint=${tr('billHint')}
        onInput=${(x: number) => props.onChange({ billing: { ...billing, billWarnFen: x * 100 } })}
          error=${props.error} required />
    <${CheckField} label=${tr('two')} name="pharmacy.twoPersonCheck" checked=${pharmacy.twoPersonCheck}
      onChange=${(x: boolean) => props.onChange({ pharmacy: { twoPersonCheck: x } })} error=${props.error} />
  </fieldset>`;
}
