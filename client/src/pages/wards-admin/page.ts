// 病区床位设置 (inpatient.wards): a ward's rooms, its beds — added in bulk ("beds 1–20 in room
// 301"), edited, deactivated when free — and each bed's daily charge items (床位费, 取暖费 … from the
// catalog's service items).
import { useState } from 'preact/hooks';
import { formatYuan } from '../../../../core/money.js';
import { get, newKey, post, put } from '../../api.js';
import { Dialog } from '../../components/dialog.js';
import { FormError, NumberField, SelectField, TextField, useForm } from '../../components/form.js';
import { PageHead } from '../../components/layout.js';
import { toast } from '../../components/toast.js';
import { useDebounced, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { AdminFrame } from '../admin/frame.js';
import { t } from './i18n.js';
import type { BedItemView, RoomView, SetupBed, WardSetup, WardView } from '../../../../server/modules/beds/schema.js';

interface ItemRow {
  catalogItemId: number;
  name: string;
  unit: string;
  priceFen: number;
  quantity: number;
}

const toRows = (items: BedItemView[]): ItemRow[] =>
  items.map((i) => ({
    catalogItemId: i.catalogItemId,
    name: i.name,
    unit: i.unit,
    priceFen: i.priceFen,
    quantity: i.quantity,
  }));

const typeLabel = (ty: string) => t(`type.${ty as 'normal'}`);

/** Pick service items of the catalog with their daily quantity. */
function ItemsEditor(props: { rows: ItemRow[]; onChange: (rows: ItemRow[]) => void }) {
  const [q, setQ] = useState('');
  const dq = useDebounced(q);
  const found = useResource(
    () =>
      dq
        ? get<{ items: Array<{ id: number; name: string; unit: string; priceFen: number; packSize: number }> }>(
            '/api/catalog/items',
            { kind: 'service', q: dq, limit: 8 },
          )
        : Promise.resolve({ items: [] }),
    [dq],
  );
  const add = (i: { id: number; name: string; unit: string; priceFen: number; packSize: number }) => {
    if (props.rows.some((r) => r.catalogItemId === i.id)) return;
    props.onChange([
      ...props.rows,
      { catalogItemId: i.id, name: i.name, unit: i.unit, priceFen: Math.round(i.priceFen / i.packSize), quantity: 1 },
    ]);
    setQ('');
  };
  return html`<div class="wards-items">
    <ul class="plain">
      ${props.rows.map(
        (r, n) => html`<li key=${r.catalogItemId}>
          ${r.name} (${formatYuan(r.priceFen)}/${r.unit}) ×
          <input type="number" min="1" max="100" class="qty" name=${`items.${n}.quantity`} value=${String(r.quantity)}
            aria-label=${t('items.quantity')}
            onInput=${(e: Event) => {
              const v = Number((e.currentTarget as HTMLInputElement).value);
              props.onChange(props.rows.map((x, k) => (k === n ? { ...x, quantity: v } : x)));
            }} />
          <button type="button" class="btn btn-small btn-quiet"
            onClick=${() => props.onChange(props.rows.filter((_, k) => k !== n))}>${t('items.remove')}</button>
        </li>`,
      )}
    </ul>
    <${TextField} label=${t('items.search')} name="itemSearch" value=${q} onInput=${setQ}
      placeholder=${t('items.searchHint')} />
    ${
      found.data?.items.length
        ? html`<ul class="plain wards-found">
            ${found.data.items.map(
              (i) => html`<li key=${i.id}><button type="button" class="btn btn-small" onClick=${() => add(i)}
                >+ ${i.name} ${formatYuan(Math.round(i.priceFen / i.packSize))}/${i.unit}</button></li>`,
            )}
          </ul>`
        : null
    }
  </div>`;
}

function BulkForm(props: { ward: WardSetup; onDone: () => void }) {
  const rooms = props.ward.rooms.filter((r) => r.active);
  const [key, setKey] = useState(newKey);
  const [items, setItems] = useState<ItemRow[]>([]);
  const f = useForm({ roomId: rooms[0] ? String(rooms[0].id) : '', prefix: '', from: 1, to: 4, type: 'normal' });
  const submit = f.submit(async (v) => {
    const r = await post<{ beds: SetupBed[] }>(
      `/api/ward-setup/${props.ward.ward.id}/beds`,
      {
        roomId: Number(v.roomId) || 0,
        prefix: v.prefix,
        from: v.from,
        to: v.to,
        type: v.type,
        items: items.map((i) => ({ catalogItemId: i.catalogItemId, quantity: i.quantity })),
      },
      { idempotencyKey: key },
    );
    toast(t('bulk.done', { n: r.beds.length }));
    setKey(newKey());
    props.onDone();
  });
  return html`<form class="panel" onSubmit=${submit}>
    <h2>${t('bulk.title')}</h2>
    <div class="wards-admin-bulk">
      <${SelectField} label=${t('bulk.room')} name="roomId" required value=${f.values.roomId} error=${f.error}
        empty=${t('choose')} options=${rooms.map((r) => ({ value: String(r.id), label: r.name }))}
        onChange=${(v: string) => f.set('roomId', v)} />
      <${TextField} label=${t('bulk.prefix')} name="prefix" value=${f.values.prefix} maxLength=${10} error=${f.error}
        onInput=${(v: string) => f.set('prefix', v)} />
      <${NumberField} label=${t('bulk.from')} name="from" required value=${f.values.from} min=${1} error=${f.error}
        onInput=${(v: number) => f.set('from', v)} />
      <${NumberField} label=${t('bulk.to')} name="to" required value=${f.values.to} min=${1} error=${f.error}
        onInput=${(v: number) => f.set('to', v)} />
      <${SelectField} label=${t('bulk.type')} name="type" value=${f.values.type} error=${f.error}
        options=${['normal', 'extra', 'virtual'].map((x) => ({ value: x, label: typeLabel(x) }))}
        onChange=${(v: string) => f.set('type', v)} />
    </div>
    <h3>${t('bulk.items')}</h3>
    <${ItemsEditor} rows=${items} onChange=${setItems} />
    <${FormError} error=${f.error} fields=${['roomId', 'prefix', 'from', 'to', 'type', 'items']} />
    <div class="actions">
      <button type="submit" class="btn btn-primary" disabled=${f.busy}
        >${f.busy ? t('working') : t('bulk.submit')}</button>
    </div>
  </form>`;
}

function RoomForm(props: { wardId: number; room?: RoomView; onDone: () => void }) {
  const f = useForm({ code: props.room?.code ?? '', name: props.room?.name ?? '', active: props.room?.active ?? true });
  const submit = f.submit(async (v) => {
    if (props.room) await put(`/api/ward-setup/rooms/${props.room.id}`, { ...v, version: props.room.version });
    else await post(`/api/ward-setup/${props.wardId}/rooms`, { code: v.code, name: v.name });
    toast(t('room.saved'));
    props.onDone();
  });
  return html`<form onSubmit=${submit}>
    <${TextField} label=${t('room.code')} name="code" required value=${f.values.code} maxLength=${20} error=${f.error}
      onInput=${(v: string) => f.set('code', v)} />
    <${TextField} label=${t('room.name')} name="name" required value=${f.values.name} maxLength=${40} error=${f.error}
      onInput=${(v: string) => f.set('name', v)} placeholder=${t('room.nameHint')} />
    ${
      props.room
        ? html`<label class="field field-check"><input type="checkbox" name="active" checked=${f.values.active}
            onChange=${(e: Event) => f.set('active', (e.currentTarget as HTMLInputElement).checked)} />
            <span>${t('room.active')}</span></label>`
        : null
    }
    <${FormError} error=${f.error} fields=${['code', 'name', 'active']} />
    <div class="actions"><button type="submit" class="btn btn-primary" disabled=${f.busy}>${t('save')}</button></div>
  </form>`;
}

function BedForm(props: { ward: WardSetup; bed: SetupBed; onDone: () => void }) {
  const { bed } = props;
  const [items, setItems] = useState<ItemRow[]>(toRows(bed.items));
  const f = useForm({ roomId: String(bed.roomId), code: bed.code, type: bed.type as string, sort: bed.sort });
  const save = f.submit(async (v) => {
    let version = bed.version;
    const changed =
      v.roomId !== String(bed.roomId) || v.code !== bed.code || v.type !== bed.type || v.sort !== bed.sort;
    if (changed) {
      const r = await put<SetupBed>(`/api/ward-setup/beds/${bed.id}`, { ...v, roomId: Number(v.roomId), version });
      version = r.version;
    }
    await put(`/api/ward-setup/beds/${bed.id}/items`, {
      items: items.map((i) => ({ catalogItemId: i.catalogItemId, quantity: i.quantity })),
      version,
    });
    toast(t('bed.saved', { bed: v.code }));
    props.onDone();
  });
  const toggle = f.submit(async () => {
    await post(`/api/ward-setup/beds/${bed.id}/${bed.active ? 'deactivate' : 'activate'}`, { version: bed.version });
    toast(t(bed.active ? 'bed.deactivated' : 'bed.activated', { bed: bed.code }));
    props.onDone();
  });
  return html`<form onSubmit=${save}>
    <div class="wards-admin-bulk">
      <${SelectField} label=${t('bulk.room')} name="roomId" value=${f.values.roomId} error=${f.error}
        options=${props.ward.rooms.map((r) => ({ value: String(r.id), label: r.name }))}
        onChange=${(v: string) => f.set('roomId', v)} />
      <${TextField} label=${t('bed.code')} name="code" required value=${f.values.code} maxLength=${20} error=${f.error}
        onInput=${(v: string) => f.set('code', v)} />
      <${SelectField} label=${t('bulk.type')} name="type" value=${f.values.type} error=${f.error}
        options=${['normal', 'extra', 'virtual'].map((x) => ({ value: x, label: typeLabel(x) }))}
        onChange=${(v: string) => f.set('type', v)} />
      <${NumberField} label=${t('bed.sort')} name="sort" value=${f.values.sort} error=${f.error}
        onInput=${(v: number) => f.set('sort', v)} />
    </div>
    <h3>${t('bulk.items')}</h3>
    <${ItemsEditor} rows=${items} onChange=${setItems} />
    <${FormError} error=${f.error} fields=${['roomId', 'code', 'type', 'sort', 'items']} />
    <div class="actions">
      <button type="submit" class="btn btn-primary" disabled=${f.busy}>${t('save')}</button>
      <button type="button" class=${bed.active ? 'btn btn-danger' : 'btn'} disabled=${f.busy} onClick=${toggle}
        >${t(bed.active ? 'bed.deactivate' : 'bed.activate')}</button>
    </div>
  </form>`;
}

function WardPanel(props: { wardId: number }) {
  const setup = useResource(() => get<WardSetup>(`/api/ward-setup/${props.wardId}`), [props.wardId]);
  const [editRoom, setEditRoom] = useState<RoomView | 'new' | null>(null);
  const [editBed, setEditBed] = useState<SetupBed | null>(null);
  if (setup.error) return html`<div class="form-error" role="alert">${setup.error.message}</div>`;
  const w = setup.data;
  if (!w) return html`<p class="muted" role="status">${t('loading')}</p>`;
  const roomName = new Map(w.rooms.map((r) => [r.id, r.name]));
  const done = () => {
    setEditRoom(null);
    setEditBed(null);
    setup.reload();
  };
  return html`<div class="wards-admin-layout">
    <section>
      <h2>${t('rooms.title')}</h2>
      <div class="wards-admin-rooms">
        ${w.rooms.map(
          (r) => html`<button type="button" key=${r.id} class=${r.active ? 'btn' : 'btn muted'}
            onClick=${() => setEditRoom(r)}>${r.name}${r.active ? '' : ' ' + t('inactive')}</button>`,
        )}
        <button type="button" class="btn btn-primary" onClick=${() => setEditRoom('new')}>${t('rooms.add')}</button>
      </div>
    </section>
    <section>
      ${
        w.rooms.some((r) => r.active)
          ? html`<${BulkForm} ward=${w} onDone=${setup.reload} />`
          : html`<p class="muted">${t('rooms.first')}</p>`
      }
      <h2>${t('beds.title', { n: w.beds.filter((b) => b.active).length })}</h2>
      <div class="table-scroll"><table class="data wards-beds" aria-label=${t('beds.title', { n: w.beds.length })}>
        <thead><tr><th>${t('bulk.room')}</th><th>${t('bed.code')}</th><th>${t('bulk.type')}</th>
          <th>${t('bed.state')}</th><th>${t('bulk.items')}</th><th></th></tr></thead>
        <tbody>
          ${w.beds.map(
            (b) => html`<tr key=${b.id} class=${b.active ? '' : 'muted'} data-bed=${b.code}>
              <td>${roomName.get(b.roomId) ?? ''}</td><td>${b.code}</td><td>${typeLabel(b.type)}</td>
              <td>${b.active ? t(`state.${b.state}`) : t('inactive')}</td>
              <td>${b.items.map((i) => `${i.name}×${i.quantity}`).join('、')}</td>
              <td><button type="button" class="btn btn-small" onClick=${() => setEditBed(b)}>${t('edit')}</button></td>
            </tr>`,
          )}
        </tbody>
      </table></div>
    </section>
    ${
      editRoom
        ? html`<${Dialog} title=${editRoom === 'new' ? t('rooms.add') : editRoom.name}
            onClose=${() => setEditRoom(null)}>
            <${RoomForm} wardId=${w.ward.id} room=${editRoom === 'new' ? undefined : editRoom} onDone=${done} />
          <//>`
        : null
    }
    ${
      editBed
        ? html`<${Dialog} title=${t('bed.title', { bed: editBed.code })} wide onClose=${() => setEditBed(null)}>
            <${BedForm} ward=${w} bed=${editBed} onDone=${done} />
          <//>`
        : null
    }
  </div>`;
}

export function WardsAdminPage() {
  const wards = useResource(() => get<{ items: WardView[] }>('/api/ward-setup'), []);
  const [wardId, setWardId] = useState<number | null>(null);
  const list = wards.data?.items ?? [];
  const id = wardId ?? list[0]?.id ?? null;
  return html`<${AdminFrame}>
    <${PageHead} title=${t('title')}>
      ${
        list.length
          ? html`<label class="nurse-ward"><span>${t('ward')}</span>
              <select name="wardId" value=${String(id)}
                onChange=${(e: Event) => setWardId(Number((e.currentTarget as HTMLSelectElement).value))}>
                ${list.map((w) => html`<option key=${w.id} value=${String(w.id)}>${w.name}</option>`)}
              </select></label>`
          : null
      }
    <//>
    ${wards.error ? html`<div class="form-error" role="alert">${wards.error.message}</div>` : null}
    ${wards.data && !list.length ? html`<p class="muted">${t('noWards')}</p>` : null}
    ${id !== null ? html`<${WardPanel} key=${id} wardId=${id} />` : null}
  <//>`;
}
