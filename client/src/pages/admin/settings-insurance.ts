// Institution setting of issue 11: how long the desk's 1101 look-up stays good for registering an
// insured visit (医保挂号须持有本患者近期的参保查询; hours, 12 by default).
import type { ApiError } from '../../api.js';
import { NumberField } from '../../components/form.js';
import { html } from '../../html.js';
import { scoped } from '../../i18n/scoped.js';
import type { InstitutionSettings } from './types.js';

const tr = scoped(
  {
    legend: '医保',
    hours: '参保查询有效时长(小时)',
    hoursHint: '医保挂号须带本患者在此时长内的参保查询(读卡或输入证件号查询),超时须重新查询',
  },
  {
    legend: 'Insurance',
    hours: 'Insurance look-up valid for (hours)',
    hoursHint:
      'An insured registration needs a look-up of the patient made within this time; older ones must be redone',
  },
);

export type InsuranceDeskSettings = Partial<Pick<InstitutionSettings, 'insurance'>>;

export function InsuranceSettingsFields(props: {
  v: InsuranceDeskSettings;
  onChange: (patch: InsuranceDeskSettings) => void;
  error: ApiError | null;
}) {
  const ins = props.v.insurance ?? { lookupValidHours: 12 };
  return html`<fieldset class="group">
    <legend>${tr('legend')}</legend>
    <${NumberField} label=${tr('hours')} name="insurance.lookupValidHours" value=${ins.lookupValidHours} min=${1}
      max=${72} hint=${tr('hoursHint')}
        onInput=${(x: number) => props.onChange({ insurance: { lookupValidHours: x } })}
          error=${props.error} required />
  </fieldset>`;
}
