// 医保接口设置 (issue 11 item 1): the gateway settings of the national platform (接口类型, 接口地址,
// 机构编码/名称, 区划, 接收方系统代码, 版本, 设备号, 签名方式 + 授权信息, 超时, 启用), 测试连接 (a 9001
// sign-in of the current operator, answered in words) and the outbox of every call (unknown ones
// in red). Live: insurance:config-changed reloads the form when untouched; insurance:call-changed
// refreshes the list (coalesced).
import { useEffect, useRef, useState } from 'preact/hooks';
import type { z } from 'zod';
import { INSURANCE_EVENTS } from '../../../../core/contract.js';
import { get, post, put } from '../../api.js';
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
import { Badge, DataTable, type Column } from '../../components/table.js';
import { toast } from '../../components/toast.js';
import { useLive, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { t as tg } from '../../i18n/index.js';
import { dateTimeSecondsText } from '../../time.js';
import { AdminFrame } from './frame.js';
import { t } from './insurance.i18n.js';
import type {
  CallList,
  CallView,
  ConfigInput,
  ConfigView,
  TestResult,
} from '../../../../server/modules/insurance/schema.js';

type Config = z.infer<typeof ConfigView>;
type Call = z.infer<typeof CallView>;
type Calls = z.infer<typeof CallList>;
type Test = z.infer<typeof TestResult>;
type Form = z.input<typeof ConfigInput> & { signerSecret: string };

const FIELDS = [
  'version',
  'enabled',
  'gatewayUrl',
  'fixmedinsCode',
  'fixmedinsName',
  'mdtrtareaAdmvs',
  'insuplcAdmdvs',
  'recerSysCode',
  'infver',
  'devNo',
  'signer',
  'signerPaasid',
  'signerSecret',
  'timeoutMs',
  'facilityLevel',
];

function formOf(c: Config): Form {
  return {
    version: c.version,
    enabled: c.enabled,
    gatewayUrl: c.gatewayUrl,
    fixmedinsCode: c.fixmedinsCode,
    fixmedinsName: c.fixmedinsName,
    mdtrtareaAdmvs: c.mdtrtareaAdmvs,
    insuplcAdmdvs: c.insuplcAdmdvs,
    recerSysCode: c.recerSysCode,
    infver: c.infver,
    devNo: c.devNo,
    signer: c.signer,
    signerPaasid: c.signerPaasid,
    signerSecret: '',
    timeoutMs: c.timeoutMs,
    facilityLevel: c.facilityLevel as 1 | 2 | 3,
  };
}

export function InsurancePage() {
  const r = useResource(() => get<Config>('/api/insurance/config'), []);
  const [dirty, setDirty] = useState(false);
  const [changedElsewhere, setChangedElsewhere] = useState(false);
  useLive([INSURANCE_EVENTS.configChanged], () => {
    if (dirty) setChangedElsewhere(true);
    else r.reload();
  });
  return html`<${AdminFrame}>
    <${PageHead} title=${tg('admin.insurance')} />
    ${r.error ? html`<div class="form-error" role="alert">${r.error.message}</div>` : null}
    ${
      changedElsewhere
        ? html`<div class="notice" role="alert">
          ${tg('settings.changedElsewhere')}
          <button type="button" class="btn btn-small"
            onClick=${() => (setChangedElsewhere(false), setDirty(false), r.reload())}>${tg('common.reload')}</button>
        </div>`
        : null
    }
    ${
      r.data
        ? html`<${ConfigForm} key=${r.data.version} config=${r.data} dirty=${dirty} onDirty=${() => setDirty(true)}
          onSaved=${() => (setDirty(false), setChangedElsewhere(false), r.reload())} />`
        : null
    }
    <${Outbox} />
  <//>`;
}

function ConfigForm(props: { config: Config; dirty: boolean; onDirty: () => void; onSaved: () => void }) {
  const c = props.config;
  const f = useForm<Form>(formOf(c));
  const v = f.values;
  const [test, setTest] = useState<Test | null>(null);
  const [testing, setTesting] = useState(false);
  const set = <K extends keyof Form>(k: K, val: Form[K]) => {
    props.onDirty();
    f.set(k, val);
  };
  const onSubmit = f.submit(async (val) => {
    const body = { ...val, signerSecret: val.signerSecret || undefined };
    await put<Config>('/api/insurance/config', body);
    toast(tg('common.saved'));
    props.onSaved();
  });
  const runTest = async () => {
    if (props.dirty) {
      setTest({ ok: false, message: t('saveFirst'), code: null, callId: null, signNo: null, elapsedMs: 0 });
      return;
    }
    setTesting(true);
    setTest(null);
    try {
      setTest(await post<Test>('/api/insurance/config/test', {}));
    } catch (e) {
      setTest({
        ok: false,
        message: (e as Error).message,
        code: null,
        callId: null,
        signNo: null,
        elapsedMs: 0,
      });
    } finally {
      setTesting(false);
    }
  };
  const text = (name: keyof Form & string, label: string, extra: Record<string, unknown> = {}) =>
    html`<${TextField} label=${label} name=${name} value=${String(v[name] ?? '')}
      onInput=${(x: string) => set(name, x as never)} error=${f.error} ...${extra} />`;
  const testBox = test
    ? html`<div class=${test.ok ? 'notice' : 'form-error'} role="status" data-testid="insurance-test-result">
        ${test.message}${test.elapsedMs ? html` <small>(${test.elapsedMs} ms)</small>` : null}
      </div>`
    : null;
  return html`<form onSubmit=${onSubmit} novalidate class="form" aria-label=${t('settings')}>
    <${FormError} error=${f.error} fields=${FIELDS} />
    <fieldset class="group grid2">
      <legend>${t('settings')}</legend>
      <${SelectField} label=${t('interfaceType')} name="interfaceType" value="national"
        options=${[{ value: 'national', label: t('national') }]} onChange=${() => {}} />
      ${text('gatewayUrl', t('gatewayUrl'), { hint: t('gatewayUrlHint'), maxLength: 500, required: true })}
      ${text('fixmedinsCode', t('fixmedinsCode'), { hint: t('fixmedinsCodeHint'), maxLength: 12, required: true })}
      ${text('fixmedinsName', t('fixmedinsName'), { maxLength: 200, required: true })}
      ${text('mdtrtareaAdmvs', t('mdtrtareaAdmvs'), { hint: t('admvsHint'), maxLength: 6, required: true })}
      ${text('insuplcAdmdvs', t('insuplcAdmdvs'), { hint: t('admvsHint'), maxLength: 6, required: true })}
      ${text('recerSysCode', t('recerSysCode'), { maxLength: 10, required: true })}
      ${text('infver', t('infver'), { maxLength: 10, required: true })}
      ${text('devNo', t('devNo'), { maxLength: 30 })}
      <${NumberField} label=${t('timeoutMs')} name="timeoutMs" value=${v.timeoutMs} min=${1000} max=${120000}
        hint=${t('timeoutHint')} onInput=${(x: number) => set('timeoutMs', x)} error=${f.error} required />
      <${SelectField} label=${t('facilityLevel')} name="facilityLevel" value=${String(v.facilityLevel)}
        options=${[1, 2, 3].map((n) => ({ value: String(n), label: t(`level.${n}` as 'level.1') }))}
        onChange=${(x: string) => set('facilityLevel', Number(x) as 1 | 2 | 3)} error=${f.error} />
    </fieldset>
    <fieldset class="group grid2">
      <legend>${t('signer')}</legend>
      <${SelectField} label=${t('signer')} name="signer" value=${v.signer}
        options=${(['none', 'sha256-header'] as const).map((s) => ({ value: s, label: t(`signer.${s}`) }))}
        onChange=${(x: string) => set('signer', x as Form['signer'])} error=${f.error} />
      ${text('signerPaasid', t('signerPaasid'), { maxLength: 100 })}
      ${text('signerSecret', t('signerSecret'), {
        type: 'password',
        maxLength: 200,
        autoComplete: 'new-password',
        hint: c.signerSecretSet ? t('secretSet') : t('secretUnset'),
      })}
    </fieldset>
    <fieldset class="group">
      <${CheckField} label=${t('enabled')} name="enabled" checked=${v.enabled}
        onChange=${(x: boolean) => set('enabled', x)} error=${f.error} />
    </fieldset>
    <${FormActions} busy=${f.busy} submitLabel=${tg('common.save')} />
    <div class="actions">
      <button type="button" class="btn" onClick=${runTest} disabled=${testing}
        title=${t('testHint')}>${testing ? t('testing') : t('test')}</button>
    </div>
    ${testBox}
  </form>`;
}

const STATE_KIND = { ok: 'ok', failed: 'off', pending: 'warn' } as const;

function StateBadge(props: { call: Call }) {
  const s = props.call.state;
  const label = t(`state.${s}`);
  if (s === 'unknown' && !props.call.resolvedAt)
    return html`<span class="badge" style="background: var(--danger-soft); color: var(--danger)">${label}</span>`;
  return html`<${Badge} kind=${s === 'unknown' ? 'info' : STATE_KIND[s]}>${label}<//>`;
}

function Outbox() {
  const [state, setState] = useState('');
  const [unresolved, setUnresolved] = useState(false);
  const [day, setDay] = useState('');
  const [older, setOlder] = useState<Call[]>([]);
  const query = () => ({
    state: state || undefined,
    unresolved: unresolved ? 'true' : undefined,
    day: day || undefined,
    limit: 100,
  });
  const r = useResource(() => get<Calls>('/api/insurance/calls', query()), [state, unresolved, day]);
  useEffect(() => setOlder([]), [state, unresolved, day]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useLive([INSURANCE_EVENTS.callChanged], () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      r.reload();
    }, 400);
  });
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  const rows = [...(r.data?.items ?? []), ...older];
  const loadOlder = async () => {
    const last = rows.at(-1);
    if (!last) return;
    const more = await get<Calls>('/api/insurance/calls', { ...query(), before: last.id });
    setOlder((o) => [...o, ...more.items]);
  };
  const cols: Column<Call>[] = [
    { label: t('time'), render: (c) => dateTimeSecondsText(c.createdAt) },
    { label: t('infno'), render: (c) => c.infno, class: 'mono' },
    { label: t('state'), render: (c) => html`<${StateBadge} call=${c} />` },
    { label: t('msgid'), render: (c) => c.msgid, class: 'mono' },
    { label: t('operator'), render: (c) => c.username ?? '' },
    { label: t('patient'), render: (c) => (c.patientId === null ? '' : String(c.patientId)) },
    { label: t('error'), render: (c) => c.errMsg ?? '' },
    {
      label: t('resolution'),
      render: (c) => c.resolution ?? (c.retryOf === null ? '' : t('resentOf', { id: c.retryOf })),
    },
  ];
  const unknown = r.data?.unknownCalls ?? 0;
  return html`<section aria-label=${t('outbox')}>
    <h2>${t('outbox')}</h2>
    ${
      unknown
        ? html`<div class="form-error" role="alert" data-testid="insurance-unknown">
          ${t('unknownNotice', { n: unknown })}</div>`
        : null
    }
    <${DataTable}
      label=${t('outbox')}
      columns=${cols}
      rows=${rows}
      rowKey=${(c: Call) => c.id}
      loading=${r.loading}
      error=${r.error}
      toolbar=${html`
        <select aria-label=${t('state')} value=${state}
          onChange=${(e: Event) => setState((e.currentTarget as HTMLSelectElement).value)}>
          <option value="">${t('allStates')}</option>
          ${(['pending', 'ok', 'failed', 'unknown'] as const).map(
            (s) => html`<option key=${s} value=${s}>${t(`state.${s}`)}</option>`,
          )}
        </select>
        <input type="date" aria-label=${t('day')} value=${day}
          onInput=${(e: Event) => setDay((e.currentTarget as HTMLInputElement).value)} />
        <label><input type="checkbox" checked=${unresolved}
          onChange=${(e: Event) => setUnresolved((e.currentTarget as HTMLInputElement).checked)} />
          ${t('unresolvedOnly')}</label>
      `}
    />
    ${
      rows.length >= 100
        ? html`<div class="actions"><button type="button" class="btn" onClick=${loadOlder}>${t('more')}</button></div>`
        : null
    }
  </section>`;
}
