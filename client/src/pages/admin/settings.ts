// Institution settings (机构参数): name, code, address, time zone, and the prescription
// rules later modules read. One object with a version; a stale save is refused.
import { useEffect, useState } from 'preact/hooks';
import { EVENTS } from '../../../../core/contract.js';
import { get, put } from '../../api.js';
import { focusFirstFieldIfIdle } from '../../components/dialog.js';
import {
  CheckField,
  FormActions,
  FormError,
  NumberField,
  SelectField,
  TextField,
  useForm,
} from '../../components/form.js';
import { PageHead } from '../../components/layout.js';
import { toast } from '../../components/toast.js';
import { useLive, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { t, type Key } from '../../i18n/index.js';
import { institutionName } from '../../session.js';
import { setCenterTimeZone } from '../../time.js';
import { AdminFrame } from './frame.js';
import { ReviewSettingsFields, type ReviewSettings } from './settings-review.js';
import { InsuranceSettingsFields, type InsuranceDeskSettings } from './settings-insurance.js';
import type { AntibioticTier, InstitutionSettings, PrescriptionRules } from './types.js';

const TIERS: AntibioticTier[] = ['none', 'unrestricted', 'restricted', 'special'];
const NUMBERS: Array<
  keyof PrescriptionRules &
    (
      | 'validDays'
      | 'maxValidDays'
      | 'maxSupplyDays'
      | 'emergencyMaxSupplyDays'
      | 'chronicMaxSupplyDays'
      | 'maxDrugsPerPrescription'
    )
> = [
  'validDays',
  'maxValidDays',
  'maxSupplyDays',
  'emergencyMaxSupplyDays',
  'chronicMaxSupplyDays',
  'maxDrugsPerPrescription',
];

export function SettingsPage() {
  const r = useResource(() => get<InstitutionSettings>('/api/settings/institution'), []);
  const [changedElsewhere, setChangedElsewhere] = useState(false);
  const [dirty, setDirty] = useState(false);
  useLive([EVENTS.settingsChanged], () => {
    if (dirty) setChangedElsewhere(true);
    else r.reload();
  });
  useEffect(() => {
    if (r.data) requestAnimationFrame(() => focusFirstFieldIfIdle(document.getElementById('main')));
  }, [!!r.data]);
  return html`<${AdminFrame}>
    <${PageHead} title=${t('admin.settings')} />
    ${r.error ? html`<div class="form-error" role="alert">${r.error.message}</div>` : null}
    ${
      changedElsewhere
        ? html`<div class="notice" role="alert">
          ${t('settings.changedElsewhere')}
          <button type="button" class="btn btn-small"
            onClick=${() => (setChangedElsewhere(false), setDirty(false), r.reload())}>${t('common.reload')}</button>
        </div>`
        : null
    }
    ${
      r.data
        ? html`<${SettingsForm}
          key=${r.data.version}
          settings=${r.data}
          onDirty=${() => setDirty(true)}
          onSaved=${(s: InstitutionSettings) => {
            setDirty(false);
            setChangedElsewhere(false);
            institutionName.value = s.name;
            setCenterTimeZone(s.timeZone);
            r.reload();
          }}
        />`
        : null
    }
  <//>`;
}

function SettingsForm(props: {
  settings: InstitutionSettings;
  onDirty: () => void;
  onSaved: (s: InstitutionSettings) => void;
}) {
  const s = props.settings;
  const f = useForm(structuredClone(s));
  const v = f.values;
  const set = <K extends keyof InstitutionSettings>(k: K, val: InstitutionSettings[K]) => {
    props.onDirty();
    f.set(k, val);
  };
  const setRx = <K extends keyof PrescriptionRules>(k: K, val: PrescriptionRules[K]) =>
    set('prescription', { ...v.prescription, [k]: val });
  const setTier = (level: 'junior' | 'intermediate' | 'senior', tier: AntibioticTier) =>
    setRx('antibioticTierByTitleLevel', { ...v.prescription.antibioticTierByTitleLevel, [level]: tier });
  const onSubmit = f.submit(async (val) => {
    const saved = await put<InstitutionSettings>('/api/settings/institution', val);
    toast(t('common.saved'));
    props.onSaved(saved);
  });
  return html`<form onSubmit=${onSubmit} novalidate class="form">
    <${FormError} error=${f.error}
      fields=${[
        'name',
        'code',
        'address',
        'phone',
        'timeZone',
        'prescription',
        'zeroMarkupEssentialDrugs',
        'externalEmr',
        'inventory',
      ]} />
    <fieldset class="group grid2">
      <legend>${t('settings.institution')}</legend>
      <${TextField} label=${t('settings.name')} name="name" value=${v.name} onInput=${(x: string) => set('name', x)}
        maxLength=${100} error=${f.error} required />
      <${TextField} label=${t('settings.code')} name="code" value=${v.code} onInput=${(x: string) => set('code', x)}
        maxLength=${30} hint=${t('settings.codeHint')} error=${f.error} />
      <${TextField} label=${t('settings.address')} name="address" value=${v.address}
        onInput=${(x: string) => set('address', x)} maxLength=${200} error=${f.error} />
      <${TextField} label=${t('settings.phone')} name="phone" value=${v.phone}
        onInput=${(x: string) => set('phone', x)} maxLength=${30} error=${f.error} />
      <${TextField} label=${t('settings.timeZone')} name="timeZone" value=${v.timeZone}
        onInput=${(x: string) => set('timeZone', x)} maxLength=${64} hint=${t('settings.timeZoneHint')}
          error=${f.error} required />
    </fieldset>
    <fieldset class="group grid3">
      <legend>${t('settings.prescription')}</legend>
      ${NUMBERS.map(
        (k) =>
          html`<${NumberField} key=${k} label=${t(('settings.rx.' + k) as Key)} name=${'prescription.' + k}
            value=${v.prescription[k]} min=${1} max=${365} onInput=${(x: number) => setRx(k, x)} error=${f.error}
              required />`,
      )}
      ${(['junior', 'intermediate', 'senior'] as const).map(
        (level) => html`<${SelectField}
          key=${level}
          label=${t(('settings.rx.tier.' + level) as Key)}
          name=${'prescription.antibioticTierByTitleLevel.' + level}
          value=${v.prescription.antibioticTierByTitleLevel[level]}
          options=${TIERS.map((x) => ({ value: x, label: t(('settings.tier.' + x) as Key) }))}
          onChange=${(x: string) => setTier(level, x as AntibioticTier)}
          error=${f.error}
        />`,
      )}
      <${CheckField} label=${t('settings.rx.specialUseInOutpatient')} name="prescription.specialUseInOutpatient"
        checked=${v.prescription.specialUseInOutpatient}
          onChange=${(x: boolean) => setRx('specialUseInOutpatient', x)} error=${f.error} />
    </fieldset>
    <fieldset class="group">
      <legend>${t('settings.other')}</legend>
      <${CheckField} label=${t('settings.zeroMarkup')} name="zeroMarkupEssentialDrugs"
        checked=${v.zeroMarkupEssentialDrugs} onChange=${(x: boolean) => set('zeroMarkupEssentialDrugs', x)}
          error=${f.error} />
      <${CheckField} label=${t('settings.externalEmr')} name="externalEmr" checked=${v.externalEmr}
        onChange=${(x: boolean) => set('externalEmr', x)} error=${f.error} />
      <${NumberField}
        label=${t('settings.nearExpiryDays')}
        name="inventory.nearExpiryDays"
        value=${v.inventory.nearExpiryDays}
        min=${1}
        max=${730}
        hint=${t('settings.nearExpiryDaysHint')}
        onInput=${(x: number) => set('inventory', { ...v.inventory, nearExpiryDays: x })}
        error=${f.error}
        required
      />
      <${NumberField}
        label=${t('settings.shortShelfLifeMonths')}
        name="inventory.shortShelfLifeMonths"
        value=${v.inventory.shortShelfLifeMonths}
        min=${0}
        max=${60}
        hint=${t('settings.shortShelfLifeMonthsHint')}
        onInput=${(x: number) => set('inventory', { ...v.inventory, shortShelfLifeMonths: x })}
        error=${f.error}
        required
      />
      <${CheckField}
        label=${t('settings.allowMixedPriceLots')}
        name="inventory.allowMixedPriceLots"
        checked=${v.inventory.allowMixedPriceLots}
        onChange=${(x: boolean) => set('inventory', { ...v.inventory, allowMixedPriceLots: x })}
        error=${f.error}
      />
    </fieldset>
    <${ReviewSettingsFields}
      v=${v}
      onChange=${(patch: ReviewSettings) => {
        props.onDirty();
        f.setAll({ ...v, ...patch });
      }}
      error=${f.error}
    />
    <${InsuranceSettingsFields}
      v=${v}
      onChange=${(patch: InsuranceDeskSettings) => {
        props.onDirty();
        f.setAll({ ...v, ...patch });
      }}
      error=${f.error}
    />
    <${FormActions} busy=${f.busy} submitLabel=${t('common.save')} />
  </form>`;
}
