// Equipment register (医疗设备): list with due highlighting, asset card, service log. Live.
import { useState } from 'preact/hooks';
import { addDays } from '../../../../core/calendar.js';
import { EQUIPMENT_EVENTS } from '../../../../core/contract.js';
import { ApiError, get, post, put } from '../../api.js';
import { Dialog } from '../../components/dialog.js';
import { FormActions, FormError, SelectField, TextField, useForm } from '../../components/form.js';
import { PageHead } from '../../components/layout.js';
import { Badge, DataTable, SearchBox, type Column } from '../../components/table.js';
import { toast } from '../../components/toast.js';
import { useDebounced, useLive, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { t } from '../../i18n/index.js';
import { AdminFrame } from './frame.js';
import { te } from './equipment.i18n.js';
import { orNull, type Department, type Items } from './types.js';
import type { EquipmentView, LogEntryView } from '../../../../server/modules/equipment/schema.js';

type Status = EquipmentView['status'];
type Equipment = EquipmentView;
type LogEntry = LogEntryView;

const STATUSES: Status[] = ['in_use', 'under_repair', 'scrapped'];

/** Yuan text → fen without floating point; NaN when malformed. */
function yuanToFen(s: string): number {
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(s.trim());
  if (!m) return NaN;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}
const fenToYuan = (f: number) => `${Math.floor(f / 100)}.${String(f % 100).padStart(2, '0')}`;

function DueCell(props: { day: string | null; today: string; scrapped: boolean }) {
  const d = props.day;
  if (!d) return '';
  if (props.scrapped) return d;
  if (d < props.today) return html`<span class="due-overdue">${d} <${Badge} kind="warn">${te('overdue')}<//></span>`;
  if (d <= addDays(props.today, 30))
    return html`<span class="due-soon">${d} <${Badge} kind="info">${te('dueSoon')}<//></span>`;
  return d;
}

export function EquipmentPage() {
  const [q, setQ] = useState('');
  const [status, setStatus] = useState('');
  const dq = useDebounced(q);
  const r = useResource(
    () => get<Items<Equipment> & { today: string }>('/api/equipment', { q: dq, status }),
    [dq, status],
  );
  useLive([EQUIPMENT_EVENTS.changed, EQUIPMENT_EVENTS.due], r.reload);
  const [editing, setEditing] = useState<Equipment | 'new' | null>(null);
  const [logging, setLogging] = useState<Equipment | null>(null);
  const today = r.data?.today ?? '';

  const columns: Column<Equipment>[] = [
    { label: te('assetCode'), render: (e) => e.assetCode, class: 'mono' },
    { label: te('name'), render: (e) => e.name },
    { label: te('model'), render: (e) => e.model ?? '' },
    { label: te('location'), render: (e) => e.locationName },
    {
      label: te('status'),
      render: (e) => {
        const kind = e.status === 'in_use' ? 'ok' : e.status === 'scrapped' ? 'off' : 'warn';
        return html`<${Badge} kind=${kind}>${te(`status.${e.status}`)}<//>`;
      },
    },
    {
      label: te('nextMaintenance'),
      render: (e) =>
        html`<span data-testid="next-maintenance"><${DueCell} day=${e.nextMaintenanceDue} today=${today}
          scrapped=${e.status === 'scrapped'} /></span>`,
    },
    {
      label: te('nextCalibration'),
      render: (e) =>
        html`<${DueCell} day=${e.nextCalibrationDue} today=${today} scrapped=${e.status === 'scrapped'} />`,
    },
    {
      label: t('common.actions'),
      class: 'actions-col',
      render: (
        e,
      ) => html`<button type="button" class="btn btn-small" onClick=${() => setEditing(e)}>${t('common.edit')}</button>
        <button type="button" class="btn btn-small" onClick=${() => setLogging(e)}>${te('log')}</button>`,
    },
  ];
  return html`<${AdminFrame}>
    <${PageHead} title=${t('admin.equipment')}>
      <button type="button" class="btn btn-primary" onClick=${() => setEditing('new')}>${te('new')}</button>
    <//>
    <${DataTable}
      label=${t('admin.equipment')}
      columns=${columns}
      rows=${r.data?.items}
      rowKey=${(e: Equipment) => e.id}
      loading=${r.loading}
      error=${r.error}
      toolbar=${html`
        <${SearchBox} value=${q} onInput=${setQ} />
        <label class="filter">
          <span class="sr-only">${te('status')}</span>
          <select name="status" value=${status}
            onChange=${(e: Event) => setStatus((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">${te('allStatuses')}</option>
            ${STATUSES.map((s) => html`<option value=${s}>${te(`status.${s}`)}</option>`)}
          </select>
        </label>
      `}
    />
    ${
      editing
        ? html`<${EquipmentDialog} item=${editing === 'new' ? null : editing} onClose=${() => setEditing(null)}
          onSaved=${() => {
            setEditing(null);
            r.reload();
          }} />`
        : null
    }
    ${
      logging
        ? html`<${LogDialog} item=${logging} today=${today} onClose=${() => setLogging(null)} onSaved=${() => {
            setLogging(null);
            r.reload();
          }} />`
        : null
    }
  <//>`;
}

const num = (s: string) => (s.trim() === '' ? null : /^\d+$/.test(s.trim()) ? Number(s.trim()) : NaN);

function EquipmentDialog(props: { item: Equipment | null; onClose: () => void; onSaved: () => void }) {
  const e = props.item;
  const depts = useResource(() => get<Items<Department>>('/api/departments', { active: true }), []);
  const f = useForm({
    assetCode: e?.assetCode ?? '',
    name: e?.name ?? '',
    model: e?.model ?? '',
    serialNo: e?.serialNo ?? '',
    manufacturer: e?.manufacturer ?? '',
    category: e?.category ?? '',
    locationId: e ? String(e.locationId) : '',
    purchaseDate: e?.purchaseDate ?? '',
    price: e?.purchasePriceFen != null ? fenToYuan(e.purchasePriceFen) : '',
    supplierName: e?.supplierName ?? '',
    warrantyUntil: e?.warrantyUntil ?? '',
    status: (e?.status ?? 'in_use') as string,
    maintenanceIntervalDays: e?.maintenanceIntervalDays != null ? String(e.maintenanceIntervalDays) : '',
    calibrationIntervalDays: e?.calibrationIntervalDays != null ? String(e.calibrationIntervalDays) : '',
    nextMaintenanceDue: e?.nextMaintenanceDue ?? '',
    nextCalibrationDue: e?.nextCalibrationDue ?? '',
  });
  const onSubmit = f.submit(async (v) => {
    const priceFen = v.price.trim() === '' ? null : yuanToFen(v.price);
    if (priceFen !== null && Number.isNaN(priceFen))
      throw new ApiError(422, 'invalid', te('badMoney'), 'purchasePriceFen');
    const body = {
      assetCode: v.assetCode.trim(),
      name: v.name.trim(),
      model: orNull(v.model),
      serialNo: orNull(v.serialNo),
      manufacturer: orNull(v.manufacturer),
      category: orNull(v.category),
      locationId: Number(v.locationId) || 0,
      purchaseDate: orNull(v.purchaseDate),
      purchasePriceFen: priceFen,
      supplierName: orNull(v.supplierName),
      warrantyUntil: orNull(v.warrantyUntil),
      status: v.status,
      maintenanceIntervalDays: num(v.maintenanceIntervalDays),
      calibrationIntervalDays: num(v.calibrationIntervalDays),
      nextMaintenanceDue: orNull(v.nextMaintenanceDue),
      nextCalibrationDue: orNull(v.nextCalibrationDue),
    };
    if (e) await put(`/api/equipment/${e.id}`, { ...body, version: e.version });
    else await post('/api/equipment', body);
    toast(t('common.saved'));
    props.onSaved();
  });
  const text = (
    name: keyof typeof f.values,
    label: string,
    field = name as string,
    extra: Record<string, unknown> = {},
  ) =>
    html`<${TextField} label=${label} name=${field} value=${f.values[name]} onInput=${(x: string) => f.set(name, x)}
      error=${f.error} ...${extra} />`;
  const statuses = e ? STATUSES : STATUSES.filter((s) => s !== 'scrapped');
  return html`<${Dialog} wide title=${e ? te('edit', { name: e.name }) : te('new')} onClose=${props.onClose}>
    <form onSubmit=${onSubmit} novalidate class="form grid2">
      <${FormError} error=${f.error}
        fields=${[
          'assetCode',
          'name',
          'model',
          'serialNo',
          'manufacturer',
          'category',
          'locationId',
          'purchaseDate',
          'purchasePriceFen',
          'supplierName',
          'warrantyUntil',
          'status',
          'maintenanceIntervalDays',
          'calibrationIntervalDays',
          'nextMaintenanceDue',
          'nextCalibrationDue',
        ]} />
      ${text('assetCode', te('assetCode'), 'assetCode', { required: true, maxLength: 20 })}
      ${text('name', te('name'), 'name', { required: true, maxLength: 50 })}
      ${text('model', te('model'))}
      ${text('serialNo', te('serialNo'))}
      ${text('manufacturer', te('manufacturer'))}
      ${text('category', te('category'))}
      <${SelectField} label=${te('location')} name="locationId" value=${f.values.locationId} empty=""
        options=${(depts.data?.items ?? []).map((d) => ({ value: String(d.id), label: d.name }))}
          onChange=${(x: string) => f.set('locationId', x)} error=${f.error} required />
      ${text('purchaseDate', te('purchaseDate'), 'purchaseDate', { placeholder: 'YYYY-MM-DD', hint: te('dateHint') })}
      ${text('price', te('price'), 'purchasePriceFen', { placeholder: '0.00' })}
      ${text('supplierName', te('supplierName'))}
      ${text('warrantyUntil', te('warrantyUntil'), 'warrantyUntil', { placeholder: 'YYYY-MM-DD' })}
      <${SelectField} label=${te('status')} name="status" value=${f.values.status}
        options=${statuses.map((s) => ({ value: s, label: te(`status.${s}`) }))}
          onChange=${(x: string) => f.set('status', x)} error=${f.error} required />
      ${text('maintenanceIntervalDays', te('maintenanceInterval'))}
      ${text('calibrationIntervalDays', te('calibrationInterval'))}
      ${text('nextMaintenanceDue', te('nextMaintenance'), 'nextMaintenanceDue', { placeholder: 'YYYY-MM-DD' })}
      ${text('nextCalibrationDue', te('nextCalibration'), 'nextCalibrationDue', { placeholder: 'YYYY-MM-DD' })}
      <${FormActions} busy=${f.busy} submitLabel=${t('common.save')} onCancel=${props.onClose} />
    </form>
  <//>`;
}

function LogDialog(props: { item: Equipment; today: string; onClose: () => void; onSaved: () => void }) {
  const e = props.item;
  const hist = useResource(() => get<Items<LogEntry>>(`/api/equipment/${e.id}/log`), [e.id]);
  const f = useForm({ kind: 'maintenance', day: props.today, performedBy: '', note: '', cost: '', result: '' });
  const onSubmit = f.submit(async (v) => {
    const costFen = v.cost.trim() === '' ? 0 : yuanToFen(v.cost);
    if (Number.isNaN(costFen)) throw new ApiError(422, 'invalid', te('badMoney'), 'costFen');
    await post(`/api/equipment/${e.id}/log`, {
      kind: v.kind,
      day: v.day.trim(),
      performedBy: v.performedBy.trim(),
      note: orNull(v.note),
      costFen,
      result: orNull(v.result),
      version: e.version,
    });
    toast(te('logged'));
    props.onSaved();
  });
  return html`<${Dialog} wide title=${te('logTitle', { name: e.name })} onClose=${props.onClose}>
    <form onSubmit=${onSubmit} novalidate class="form grid2">
      <${FormError} error=${f.error} fields=${['kind', 'day', 'performedBy', 'note', 'costFen', 'result']} />
      <${SelectField} label=${te('kind')} name="kind" value=${f.values.kind}
        options=${(['maintenance', 'calibration', 'repair'] as const).map((k) => ({
          value: k,
          label: te(`kind.${k}`),
        }))}
        onChange=${(x: string) => f.set('kind', x)} error=${f.error} required />
      <${TextField} label=${te('day')} name="day" value=${f.values.day} onInput=${(x: string) => f.set('day', x)}
        placeholder="YYYY-MM-DD" error=${f.error} required />
      <${TextField} label=${te('performedBy')} name="performedBy" value=${f.values.performedBy}
        onInput=${(x: string) => f.set('performedBy', x)} maxLength=${50} error=${f.error} required />
      <${TextField} label=${te('cost')} name="costFen" value=${f.values.cost}
        onInput=${(x: string) => f.set('cost', x)} placeholder="0.00" error=${f.error} />
      <${TextField} label=${te('result')} name="result" value=${f.values.result}
        onInput=${(x: string) => f.set('result', x)} maxLength=${100} error=${f.error} />
      <${TextField} label=${te('note')} name="note" value=${f.values.note} onInput=${(x: string) => f.set('note', x)}
        maxLength=${500} error=${f.error} />
      <${FormActions} busy=${f.busy} submitLabel=${te('add')} onCancel=${props.onClose} />
    </form>
    <h3>${te('history')}</h3>
    <ul class="plain">
      ${(hist.data?.items ?? []).map(
        (l) =>
          html`<li key=${l.id}>${l.day} · ${te(`kind.${l.kind}`)} ·${' '}
            ${l.performedBy}${l.statusAfter ? ` → ${te(`status.${l.statusAfter as Status}`)}` : ''}${
              l.costFen ? ` · ¥${fenToYuan(l.costFen)}` : ''
            }${l.note ? ` · ${l.note}` : ''}</li>`,
      )}
    </ul>
  <//>`;
}
