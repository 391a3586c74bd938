// Registration setup (排班与大屏): the roster of a day (roster.manage), clinic registration
// settings (admin.departments) and waiting-room displays (display.manage; a display's
// address is shown once).
import { useEffect, useState } from 'preact/hooks';
import { QUEUE_EVENTS } from '../../../../core/contract.js';
import { ApiError, del, get, post, put } from '../../api.js';
import { Confirm, Dialog } from '../../components/dialog.js';
import { PageHead } from '../../components/layout.js';
import { Badge, DataTable, type Column } from '../../components/table.js';
import { toast } from '../../components/toast.js';
import { useLive, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { Link } from '../../router.js';
import { can } from '../../session.js';
import { t, type RegKey } from './i18n.js';
import { fenOf, yuan, type Clinic, type DisplayView, type RosterEntry } from './types.js';

/** The chosen value of the select (or the input) an event came from. */
const chosen = (e: Event) => (e.currentTarget as HTMLSelectElement).value;

export function SetupPage() {
  const clinics = useResource(() => get<Clinic[]>('/api/clinics'), []);
  useLive([QUEUE_EVENTS.clinicChanged, QUEUE_EVENTS.rosterChanged], clinics.reload);
  return html`<div class="page reg-setup">
    <${PageHead} title=${t('setup.title')}><${Link} href="/registration" class="btn">${t('nav.desk')}<//><//>
    ${can('roster.manage') ? html`<${RosterEditor} clinics=${clinics.data ?? []} />` : null}
    ${
      can('admin.departments')
        ? html`<${ClinicSettings} clinics=${clinics.data} loading=${clinics.loading}
      error=${clinics.error} />`
        : null
    }
    ${can('display.manage') ? html`<${Displays} clinics=${clinics.data ?? []} />` : null}
  </div>`;
}

interface Row {
  departmentId: number;
  doctorStaffId: number;
  session: 'am' | 'pm' | 'all';
  room: string;
}

function RosterEditor(props: { clinics: Clinic[] }) {
  // null: the server's today (the center's time zone), learnt from the first answer.
  const [day, setDay] = useState<string | null>(null);
  const roster = useResource(() => get<{ day: string; items: RosterEntry[] }>('/api/roster', { day }), [day]);
  const doctors = useResource(
    () => get<{ items: Array<{ staffId: number; name: string; departmentName: string }> }>('/api/roster/doctors'),
    [],
  );
  useLive([QUEUE_EVENTS.rosterChanged], roster.reload);
  const [rows, setRows] = useState<Row[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (roster.data && day === null) setDay(roster.data.day);
    if (roster.data)
      setRows(
        roster.data.items.map((r) => ({
          departmentId: r.departmentId,
          doctorStaffId: r.doctorStaffId,
          session: r.session,
          room: r.room ?? '',
        })),
      );
  }, [roster.data]);
  const clinics = props.clinics;
  const docs = doctors.data?.items ?? [];
  const setRow = (i: number, patch: Partial<Row>) =>
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await put(`/api/roster/${day ?? roster.data?.day}`, {
        entries: rows.map((r) => ({
          departmentId: r.departmentId,
          doctorStaffId: r.doctorStaffId,
          session: r.session,
          room: r.room.trim() || null,
        })),
      });
      toast(t('saved'));
      roster.reload();
    } catch (e) {
      if (e instanceof ApiError) setError(e);
      else throw e;
    } finally {
      setBusy(false);
    }
  };
  const addRow = () =>
    setRows((rs) => [
      ...rs,
      { departmentId: clinics[0]!.departmentId, doctorStaffId: docs[0]!.staffId, session: 'all', room: '' },
    ]);
  return html`<section class="reg-section" aria-labelledby="roster-title">
    <h2 id="roster-title">${t('roster.title')}</h2>
    <div class="toolbar">
      <label class="filter">${t('roster.day')} <input type="date" name="day" value=${day ?? ''}
        onChange=${(e: Event) => setDay((e.currentTarget as HTMLInputElement).value || null)} /></label>
      <button
        type="button"
        class="btn"
        disabled=${!clinics.length || !docs.length}
        onClick=${addRow}
      >
        ${t('roster.add')}
      </button>
      <button type="button" class="btn btn-primary" disabled=${busy}
        onClick=${() => void save()}>${busy ? t('working') : t('roster.save')}</button>
    </div>
    ${error ? html`<div class="form-error" role="alert">${error.message}</div>` : null}
    ${rows.length === 0 && !roster.loading ? html`<p class="muted">${t('roster.empty')}</p>` : null}
    <table class="data reg-roster" aria-label=${t('roster.title')}>
      <thead><tr><th>${t('roster.clinic')}</th><th>${t('roster.doctor')}</th><th>${t('roster.session')}</th>
        <th>${t('roster.room')}</th><th></th></tr></thead>
      <tbody>
        ${rows.map(
          (r, i) => html`<tr key=${i} class=${error?.field?.startsWith(`entries.${i}`) ? 'row-invalid' : undefined}>
            <td><select aria-label=${t('roster.clinic')} value=${r.departmentId}
              onChange=${(e: Event) => setRow(i, { departmentId: Number(chosen(e)) })}>
              ${clinics.map((c) => html`<option value=${c.departmentId}>${c.name}</option>`)}
            </select></td>
            <td><select aria-label=${t('roster.doctor')} value=${r.doctorStaffId}
              onChange=${(e: Event) => setRow(i, { doctorStaffId: Number(chosen(e)) })}>
              ${docs.map((d) => html`<option value=${d.staffId}>${d.name}(${d.departmentName})</option>`)}
            </select></td>
            <td><select aria-label=${t('roster.session')} value=${r.session}
              onChange=${(e: Event) => setRow(i, { session: chosen(e) as Row['session'] })}>
              ${(['all', 'am', 'pm'] as const).map(
                (s) => html`<option value=${s}>${t(('session.' + s) as RegKey)}
                </option>`,
              )}
            </select></td>
            <td><input aria-label=${t('roster.room')} maxlength="20" value=${r.room}
              onInput=${(e: Event) => setRow(i, { room: (e.currentTarget as HTMLInputElement).value })} /></td>
            <td><button type="button" class="btn btn-small"
              onClick=${() => setRows((rs) => rs.filter((_, j) => j !== i))}>${t('roster.remove')}</button></td>
          </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

function ClinicSettings(props: { clinics: Clinic[] | undefined; loading: boolean; error: ApiError | null }) {
  const [editing, setEditing] = useState<Clinic | null>(null);
  const columns: Column<Clinic>[] = [
    { label: t('roster.clinic'), render: (c) => c.name },
    {
      label: t('clinics.prefix'),
      render: (c) => (c.configured ? c.queuePrefix : html`<${Badge} kind="warn">${t('clinics.notSet')}<//>`),
      class: 'mono',
    },
    { label: t('clinics.fee'), render: (c) => (c.configured ? yuan(c.registrationFeeFen) : ''), class: 'num' },
    { label: t('clinics.room'), render: (c) => c.room ?? '' },
    {
      label: '',
      class: 'actions-col',
      render: (c) =>
        html`<button type="button" class="btn btn-small" onClick=${() => setEditing(c)}>${t('clinics.edit')}</button>`,
    },
  ];
  return html`<section class="reg-section" aria-labelledby="clinics-title">
    <h2 id="clinics-title">${t('clinics.title')}</h2>
    <${DataTable} label=${t('clinics.title')} columns=${columns} rows=${props.clinics}
      rowKey=${(c: Clinic) => c.departmentId} loading=${props.loading} error=${props.error} />
    ${editing ? html`<${ClinicDialog} clinic=${editing} onClose=${() => setEditing(null)} />` : null}
  </section>`;
}

function ClinicDialog(props: { clinic: Clinic; onClose: () => void }) {
  const c = props.clinic;
  const [prefix, setPrefix] = useState(c.queuePrefix ?? '');
  const [fee, setFee] = useState(c.configured ? yuan(c.registrationFeeFen) : '0');
  const [item, setItem] = useState(c.feeItemId ? String(c.feeItemId) : '');
  // Registration-fee items: services of charge category 13 (挂号费).
  const items = useResource(
    () =>
      get<{ items: Array<{ id: number; name: string; priceFen: number; chargeCategory: string }> }>(
        '/api/catalog/items',
        { kind: 'service', limit: 100 },
      ),
    [],
  );
  const feeItems = (items.data?.items ?? []).filter((x) => x.chargeCategory === '13' || x.id === c.feeItemId);
  const [room, setRoom] = useState(c.room ?? '');
  const [error, setError] = useState<ApiError | null>(null);
  const save = async (e: Event) => {
    e.preventDefault();
    const feeFen = fenOf(fee);
    if (feeFen === null) return setError(new ApiError(422, 'invalid', t('tendered.bad'), 'registrationFeeFen'));
    try {
      await put(`/api/clinics/${c.departmentId}`, {
        queuePrefix: prefix.trim().toUpperCase(),
        registrationFeeFen: feeFen,
        feeItemId: item.trim() ? Number(item) : null,
        room: room.trim() || null,
        version: c.version,
      });
      toast(t('saved'));
      props.onClose();
    } catch (err) {
      if (err instanceof ApiError) setError(err);
      else throw err;
    }
  };
  const input = (
    label: string,
    name: string,
    value: string,
    on: (v: string) => void,
    extra: Record<string, unknown> = {},
  ) =>
    html`<div class=${'field' + (error?.field === name ? ' field-invalid' : '')}>
      <label for=${'clinic-' + name}>${label}</label>
      <input id=${'clinic-' + name} name=${name} value=${value}
        onInput=${(e: Event) => on((e.currentTarget as HTMLInputElement).value)} ...${extra} />
      ${error?.field === name ? html`<div class="field-error" role="alert">${error.message}</div>` : null}
    </div>`;
  return html`<${Dialog} title=${t('clinics.editTitle', { name: c.name })} onClose=${props.onClose}>
    <form class="form" onSubmit=${save} novalidate>
      ${input(t('clinics.prefix'), 'queuePrefix', prefix, setPrefix, { maxLength: 2 })}
      ${input(t('clinics.fee'), 'registrationFeeFen', fee, setFee, { inputMode: 'decimal' })}
      <div class=${'field' + (error?.field === 'feeItemId' ? ' field-invalid' : '')}>
        <label for="clinic-feeItemId">${t('clinics.feeItem')}</label>
        <select id="clinic-feeItemId" name="feeItemId" value=${item}
          onChange=${(e: Event) => setItem((e.currentTarget as HTMLSelectElement).value)}>
          <option value="">${t('clinics.noItem')}</option>
          ${feeItems.map((x) => html`<option value=${String(x.id)}>${x.name}(${yuan(x.priceFen)})</option>`)}
        </select>
        ${error?.field === 'feeItemId' ? html`<div class="field-error" role="alert">${error.message}</div>` : null}
      </div>
      ${input(t('clinics.room'), 'room', room, setRoom, { maxLength: 20 })}
      ${
        error && !['queuePrefix', 'registrationFeeFen', 'feeItemId', 'room'].includes(error.field ?? '')
          ? html`<div
        class="form-error" role="alert">${error.message}</div>`
          : null
      }
      <div class="actions"><button type="submit" class="btn btn-primary">${t('save')}</button><button type="button"
        class="btn" onClick=${props.onClose}>${t('cancel')}</button></div>
    </form>
  <//>`;
}

/** Copies a display's address to the clipboard (where the browser allows it). */
const copy = (url: string) => void navigator.clipboard?.writeText(url).then(() => toast(t('displays.copied')));
const askText = (a: { d: DisplayView; what: 'regenerate' | 'delete' }) =>
  a.what === 'delete' ? t('displays.deleteText', { name: a.d.name }) : t('displays.regenerateText');

function Displays(props: { clinics: Clinic[] }) {
  const list = useResource(() => get<{ items: DisplayView[] }>('/api/displays'), []);
  useLive([QUEUE_EVENTS.displayChanged], list.reload);
  const [editing, setEditing] = useState<DisplayView | 'new' | null>(null);
  const [shown, setShown] = useState<{ name: string; url: string } | null>(null);
  const [asking, setAsking] = useState<{ d: DisplayView; what: 'regenerate' | 'delete' } | null>(null);
  const answer = async (yes: boolean) => {
    const a = asking!;
    setAsking(null);
    if (!yes) return;
    if (a.what === 'delete') await del(`/api/displays/${a.d.id}`);
    else {
      const r = await post<{ url: string }>(`/api/displays/${a.d.id}/token`);
      setShown({ name: a.d.name, url: location.origin + r.url });
    }
    list.reload();
  };
  const columns: Column<DisplayView>[] = [
    { label: t('displays.name'), render: (d) => d.name },
    { label: t('displays.clinics'), render: (d) => d.departments.map((x) => x.name).join('、') },
    {
      label: t('displays.active'),
      render: (d) => (d.active ? html`<${Badge} kind="ok">✓<//>` : html`<${Badge} kind="off">—<//>`),
    },
    {
      label: '',
      class: 'actions-col',
      render: (
        d,
      ) => html`<button type="button" class="btn btn-small" onClick=${() => setEditing(d)}>${t('displays.edit')}
        </button>
        <button type="button" class="btn btn-small"
          onClick=${() => setAsking({ d, what: 'regenerate' })}>${t('displays.regenerate')}</button>
        <button type="button" class="btn btn-small"
          onClick=${() => setAsking({ d, what: 'delete' })}>${t('displays.delete')}</button>`,
    },
  ];
  return html`<section class="reg-section" aria-labelledby="displays-title">
    <h2 id="displays-title">${t('displays.title')}</h2>
    <${DataTable}
      label=${t('displays.title')}
      columns=${columns}
      rows=${list.data?.items}
      rowKey=${(d: DisplayView) => d.id}
      loading=${list.loading}
      error=${list.error}
      empty=${t('displays.empty')}
      toolbar=${html`<button type="button" class="btn btn-primary"
        onClick=${() => setEditing('new')}>${t('displays.new')}</button>`}
    />
    ${
      editing
        ? html`<${DisplayDialog}
          display=${editing === 'new' ? null : editing}
          clinics=${props.clinics}
          onClose=${() => setEditing(null)}
          onCreated=${(name: string, url: string) => setShown({ name, url: location.origin + url })}
        />`
        : null
    }
    ${
      shown
        ? html`<${Dialog} title=${shown.name} onClose=${() => setShown(null)}>
          <p>${t('displays.urlOnce')}</p>
          <p><input class="mono reg-url" readonly value=${shown.url} aria-label=${t('displays.url')}
            onFocus=${(e: Event) => (e.currentTarget as HTMLInputElement).select()} /></p>
          <div class="actions">
            <button type="button" class="btn btn-primary"
              onClick=${() => copy(shown.url)}>${t('displays.copy')}</button>
            <button type="button" class="btn" onClick=${() => setShown(null)}>${t('close')}</button>
          </div>
        <//>`
        : null
    }
    ${
      asking
        ? html`<${Confirm}
          title=${asking.what === 'delete' ? t('displays.delete') : t('displays.regenerate')}
          text=${askText(asking)}
          confirmLabel=${asking.what === 'delete' ? t('displays.delete') : t('displays.regenerate')}
          danger=${true}
          onAnswer=${(yes: boolean) => void answer(yes)}
        />`
        : null
    }
  </section>`;
}

function DisplayDialog(props: {
  display: DisplayView | null;
  clinics: Clinic[];
  onClose: () => void;
  onCreated: (name: string, url: string) => void;
}) {
  const d = props.display;
  const [name, setName] = useState(d?.name ?? '');
  const [ids, setIds] = useState<number[]>(d?.departmentIds ?? []);
  const toggle = (id: number, on: boolean) => setIds((xs) => (on ? [...xs, id] : xs.filter((x) => x !== id)));
  const [active, setActive] = useState(d?.active ?? true);
  const [error, setError] = useState<ApiError | null>(null);
  const save = async (e: Event) => {
    e.preventDefault();
    try {
      if (d) await put(`/api/displays/${d.id}`, { name: name.trim(), departmentIds: ids, active, version: d.version });
      else {
        const r = await post<{ url: string }>('/api/displays', { name: name.trim(), departmentIds: ids });
        props.onCreated(name.trim(), r.url);
      }
      toast(t('saved'));
      props.onClose();
    } catch (err) {
      if (err instanceof ApiError) setError(err);
      else throw err;
    }
  };
  return html`<${Dialog} title=${d ? d.name : t('displays.new')} onClose=${props.onClose}>
    <form class="form" onSubmit=${save} novalidate>
      <div class="field">
        <label for="display-name">${t('displays.name')}</label>
        <input id="display-name" name="name" maxlength="50" value=${name}
          onInput=${(e: Event) => setName((e.currentTarget as HTMLInputElement).value)} />
      </div>
      <fieldset class="reg-inline">
        <legend>${t('displays.clinics')}</legend>
        ${props.clinics.map(
          (c) => html`<label><input
              type="checkbox"
              name="departmentIds"
              value=${c.departmentId}
              checked=${ids.includes(c.departmentId)}
              onChange=${(e: Event) => toggle(c.departmentId, (e.currentTarget as HTMLInputElement).checked)}
            /> ${c.name}</label>`,
        )}
      </fieldset>
      ${
        d
          ? html`<label class="check"><input type="checkbox" name="active" checked=${active}
        onChange=${(e: Event) => setActive((e.currentTarget as HTMLInputElement).checked)} /> ${t('displays.active')}
          </label>`
          : null
      }
      ${error ? html`<div class="form-error" role="alert">${error.message}</div>` : null}
      <div class="actions"><button type="submit" class="btn btn-primary">${t('save')}</button><button type="button"
        class="btn" onClick=${props.onClose}>${t('cancel')}</button></div>
    </form>
  <//>`;
}
