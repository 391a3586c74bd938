// 基础数据对应 / 目录对照 (issue 11 item 4), as the seed has it: 接口类型 and 接口名称 on top; tabs
// for the downloads, 药品, 诊疗项目, 材料, 科室, 疾病, 医师. In an item tab the local items are on
// the left (unmatched in red, like 发票归类), the insurer's catalog on the right: pick an item,
// search (name, pinyin initials, code) and 建立关联; 智能匹配 proposes with a score (bulk confirm of
// ≥ 90); 匹配审核 by another user; 上传 (3301) and 撤销 (3302). Each match shows the insurer's trade
// name, its price cap (1318) and self-pay ratio (1319) with their dates, and what the insurer holds
// for the item (1317) with a mismatch highlighted. Live on insurance:catalog-changed (another open
// page sees every change).
import { useEffect, useState } from 'preact/hooks';
import type { z } from 'zod';
import { get, post, type ResponseOf } from '../../api.js';
import { PageHead } from '../../components/layout.js';
import { Badge, DataTable, SearchBox, type Column } from '../../components/table.js';
import { useDebounced, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { t as tg } from '../../i18n/index.js';
import { can } from '../../session.js';
import type {
  ChangeResult,
  HeldOnlyList,
  InsurerItem,
  InsurerItemList,
  LocalItem,
  LocalItemList,
  SmartResult,
  UploadResult,
} from '../../../../server/modules/insurance-catalog/schema.js';
import { AdminFrame } from './frame.js';

type CR = z.infer<typeof ChangeResult>;
import { DepartmentsTab, DiseasesTab, DownloadsTab, run, StaffTab, useCatalogLive } from './insurance-catalog-codes.js';
import { t } from './insurance-catalog.i18n.js';

type Kind = 'drug' | 'service' | 'material';
type Tab = 'download' | Kind | 'department' | 'disease' | 'staff';
const TABS: Tab[] = ['download', 'drug', 'service', 'material', 'department', 'disease', 'staff'];
const STATES = ['unmatched', 'proposed', 'confirmed', 'reviewed', 'uploaded'] as const;

function stateOf(i: LocalItem): (typeof STATES)[number] {
  return i.match ? (i.match.state as (typeof STATES)[number]) : 'unmatched';
}

function StateBadge(props: { item: LocalItem }) {
  const s = stateOf(props.item);
  const kind = s === 'unmatched' ? 'warn' : s === 'proposed' || s === 'confirmed' ? 'info' : 'ok';
  return html`<${Badge} kind=${kind}>${t(`state.${s}`)}<//>`;
}

type Match = NonNullable<LocalItem['match']>;

/** 限价 and 先自付 of a match with their validity, e.g. 限价 3.50 元(2025-01-01起). */
function capText(m: Match): string {
  const parts: string[] = [];
  const to = (d: string | null) => (d ? t('capTo', { to: d }) : '');
  if (m.priceCapFen !== null)
    parts.push(
      t('cap', { yuan: (m.priceCapFen / 100).toFixed(2), from: m.priceCapFrom ?? '1312', to: to(m.priceCapTo) }),
    );
  if (m.selfpayProp)
    parts.push(t('selfpay', { pct: m.selfpayProp / 100, from: m.selfpayFrom ?? '1312', to: to(m.selfpayTo) }));
  return parts.join(';');
}

function HeldCell(props: { item: LocalItem }) {
  const { held, heldMismatch, listedIn1316 } = props.item;
  return html`<span class="mono">${held?.valid ? held.medListCodg : ''}</span>${
    heldMismatch
      ? html` <${Badge} kind="warn" data-testid=${'held-' + props.item.code}>${t(`held.${heldMismatch}`)}<//>`
      : null
  }${listedIn1316 === false ? html` <${Badge} kind="warn">${t('notIn1316')}<//>` : null}`;
}

function HeldOnly() {
  const list = useResource(() => get<ResponseOf<typeof HeldOnlyList>>('/api/insurance-catalog/held-only'), []);
  useCatalogLive(() => list.reload());
  const items = list.data?.items ?? [];
  if (!items.length) return html`<p class="hint">${t('heldOnlyHint')}</p>`;
  return html`<details class="ic-held-only" data-testid="held-only">
    <summary>${t('heldOnly', { n: items.length })}</summary>
    <ul>
      ${items.map(
        (h) => html`<li key=${h.localCode + h.listType}>
          <span class="mono">${h.localCode}</span> ${h.name ?? ''} → <span class="mono">${h.medListCodg}</span></li>`,
      )}
    </ul>
  </details>`;
}

function toggle(set: Set<number>, id: number): Set<number> {
  const next = new Set(set);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

function ItemsTab(props: { kind: Kind }) {
  const { kind } = props;
  const [state, setState] = useState('');
  const [q, setQ] = useState('');
  const dq = useDebounced(q.trim());
  const list = useResource(
    () =>
      get<ResponseOf<typeof LocalItemList>>('/api/insurance-catalog/items', {
        kind,
        q: dq || undefined,
        state: state || undefined,
      }),
    [kind, dq, state],
  );
  const [current, setCurrent] = useState<LocalItem | null>(null);
  const [iq, setIq] = useState('');
  const diq = useDebounced(iq.trim());
  const found = useResource(
    () =>
      get<ResponseOf<typeof InsurerItemList>>('/api/insurance-catalog/insurer-items', {
        kind,
        q: diq || undefined,
        limit: 50,
      }),
    [kind, diq],
  );
  const [ticked, setTicked] = useState<Set<number>>(new Set());
  const [busy, setBusy] = useState(false);
  useCatalogLive(() => list.reload());
  useEffect(() => {
    setTicked(new Set());
    setCurrent(null);
  }, [kind, state, dq]);

  const rows = list.data?.items ?? [];
  const c = list.data?.counts;
  const tickedRows = rows.filter((r) => ticked.has(r.id) && r.match);
  const idsIn = (s: string) => tickedRows.filter((r) => r.match!.state === s).map((r) => r.match!.id);
  const act = <T>(fn: () => Promise<T>, ok: (r: T) => string) => {
    if (busy) return;
    setBusy(true);
    void run(fn, ok, () => {
      setBusy(false);
      setTicked(new Set());
      list.reload();
    });
  };
  const done = (r: z.infer<typeof ChangeResult>) => t('done', { n: r.changed });
  const bulk = (what: 'confirm' | 'review' | 'revoke', from: string) =>
    act(() => post<CR>(`/api/insurance-catalog/items/${what}`, { matchIds: idsIn(from) }), done);

  const pick = (i: LocalItem) => {
    setCurrent(i);
    setIq(i.name);
  };
  const link = (c2: InsurerItem) =>
    current &&
    act(
      () =>
        post<LocalItem>('/api/insurance-catalog/items/link', {
          catalogItemId: current.id,
          medListCodg: c2.medListCodg,
        }),
      (r) => {
        setCurrent(r);
        return t('linked', { name: r.name, code: c2.medListCodg });
      },
    );

  const columns: Column<LocalItem>[] = [
    {
      label: t('select'),
      class: 'check-col',
      render: (i) => html`<input type="checkbox" aria-label=${t('select') + ' ' + i.name} checked=${ticked.has(i.id)}
        onChange=${() => setTicked((s) => toggle(s, i.id))} />`,
    },
    { label: t('code'), render: (i) => i.code, class: 'mono' },
    {
      label: t('name'),
      render: (i) => html`<button type="button" class="btn-link" data-testid=${'pick-' + i.code}
        onClick=${() => pick(i)}>${i.name}</button>${
          i.tradeName ? html` <span class="muted" title=${t('tradeName')}>(${i.tradeName})</span>` : null
        }`,
    },
    { label: t('spec'), render: (i) => i.spec ?? '' },
    { label: t('insurerCode'), render: (i) => i.match?.medListCodg ?? '', class: 'mono' },
    {
      label: t('insurerName'),
      render: (i) =>
        i.match
          ? [
              i.match.insurerName,
              i.match.insurerTradeName ? `(${i.match.insurerTradeName})` : null,
              i.match.insurerSpec,
            ]
              .filter(Boolean)
              .join(' ')
          : '',
    },
    { label: t('level'), render: (i) => (i.match?.chrgitmLv ? t(`level.${i.match.chrgitmLv}`) : '') },
    { label: t('score'), render: (i) => i.match?.score ?? '', class: 'num' },
    { label: t('state'), render: (i) => html`<${StateBadge} item=${i} />` },
    { label: t('capSelfpay'), render: (i) => (i.match ? capText(i.match) : '') },
    { label: t('held'), render: (i) => html`<${HeldCell} item=${i} />` },
  ];
  const foundColumns: Column<InsurerItem>[] = [
    { label: t('insurerCode'), render: (r) => r.medListCodg, class: 'mono' },
    { label: t('name'), render: (r) => (r.tradeName ? `${r.name}(${r.tradeName})` : r.name) },
    { label: t('spec'), render: (r) => [r.spec, r.dosageForm].filter(Boolean).join(' ') },
    {
      label: t('level'),
      render: (r) =>
        html`${r.chrgitmLv ? t(`level.${r.chrgitmLv}`) : ''}${
          r.lmtUsedFlag ? html` <span title=${r.lmtText ?? ''}>(${t('restricted')})</span>` : null
        }`,
    },
    {
      label: '',
      class: 'actions-col',
      render: (r) => html`<button type="button" class="btn btn-small" disabled=${!current || busy}
        data-testid=${'link-' + r.medListCodg} onClick=${() => link(r)}>${t('link')}</button>`,
    },
  ];

  return html`<div>
    <div class="toolbar">
      <${SearchBox} value=${q} onInput=${setQ} placeholder=${t('search')} label=${t('search')} />
      <label class="filter">
        <select aria-label=${t('state')} value=${state}
          onChange=${(e: Event) => setState((e.currentTarget as HTMLSelectElement).value)}>
          <option value="">${t('all')}</option>
          ${STATES.map((s) => html`<option value=${s}>${t(`state.${s}`)}</option>`)}
        </select>
      </label>
      <button type="button" class="btn btn-primary" data-testid="smart" disabled=${busy}
        onClick=${() =>
          act(
            () => post<ResponseOf<typeof SmartResult>>('/api/insurance-catalog/items/smart', { kind }),
            (r) => t('smartDone', r),
          )}>${t('smart')}</button>
      <button type="button" class="btn" data-testid="confirm-high" disabled=${busy || !c?.proposed}
        onClick=${() => act(() => post<CR>('/api/insurance-catalog/items/confirm', { kind, minScore: 90 }), done)}>
        ${t('confirmHigh')}</button>
    </div>
    <div class="toolbar">
      <button type="button" class="btn btn-small" data-testid="confirm-sel"
        disabled=${busy || !idsIn('proposed').length} onClick=${() => bulk('confirm', 'proposed')}>
        ${t('confirmSel')}</button>
      ${
        can('insurance.catalog-review')
          ? html`<button type="button" class="btn btn-small" data-testid="review-sel"
              disabled=${busy || !idsIn('confirmed').length}
              onClick=${() => bulk('review', 'confirmed')}>
              ${t('reviewSel')}</button>
            <button type="button" class="btn btn-small" data-testid="upload" disabled=${busy || !c?.reviewed}
              onClick=${() =>
                act(
                  () => post<ResponseOf<typeof UploadResult>>('/api/insurance-catalog/items/upload', { kind }),
                  (r) => t('uploaded', { n: r.uploaded, calls: r.calls }),
                )}>${t('uploadAll')}</button>
            <button type="button" class="btn btn-small btn-danger-quiet" data-testid="revoke-sel"
              disabled=${busy || !idsIn('uploaded').length}
              onClick=${() => bulk('revoke', 'uploaded')}>
              ${t('revokeSel')}</button>`
          : null
      }
      <button type="button" class="btn btn-small btn-danger-quiet" data-testid="unlink-sel"
        disabled=${busy || !tickedRows.some((r) => r.match!.state !== 'uploaded')}
        onClick=${() =>
          act(
            () =>
              post<CR>('/api/insurance-catalog/items/unlink', {
                catalogItemIds: tickedRows.filter((r) => r.match!.state !== 'uploaded').map((r) => r.id),
              }),
            done,
          )}>${t('unlinkSel')}</button>
    </div>
    ${c ? html`<p class="hint" data-testid="counts">${t('counts', c)}</p>` : null}
    <div class="ic-layout">
      <div class="im-scroll">
        <${DataTable} label=${t(`tab.${kind}`)} columns=${columns} rows=${rows} rowKey=${(i: LocalItem) => i.id}
          loading=${list.loading} error=${list.error}
          rowClass=${(i: LocalItem) =>
            [
              i.match ? undefined : 'im-unmapped',
              current?.id === i.id ? 'ic-current' : undefined,
              i.heldMismatch ? 'ic-held-mismatch' : undefined,
            ]
              .filter(Boolean)
              .join(' ') || undefined} />
      </div>
      <div>
        <h2>${t('insurerSearch')}</h2>
        <p class="hint" data-testid="current">
          ${current ? `${t('current')}:${current.code} ${current.name} ${current.spec ?? ''}` : t('pickHint')}
        </p>
        <${SearchBox} value=${iq} onInput=${setIq} placeholder=${t('search')} label=${t('insurerSearch')} />
        <div class="im-scroll">
          <${DataTable} label=${t('insurerSearch')} columns=${foundColumns} rows=${found.data?.items ?? []}
            rowKey=${(r: InsurerItem) => r.medListCodg} loading=${found.loading} error=${found.error} />
        </div>
      </div>
    </div>
    ${
      list.data && list.data.total > rows.length
        ? html`<p class="hint">${t('more', { shown: rows.length, total: list.data.total })}</p>`
        : null
    }
    <${HeldOnly} />
  </div>`;
}

export function InsuranceCatalogPage() {
  const [tab, setTab] = useState<Tab>('drug');
  return html`<${AdminFrame}>
    <${PageHead} title=${tg('admin.insuranceCatalog')} />
    <dl class="ic-iface">
      <div><dt>${t('ifaceType')}</dt><dd>${t('ifaceTypeValue')}</dd></div>
      <div><dt>${t('ifaceName')}</dt><dd>${t('ifaceNameValue')}</dd></div>
    </dl>
    <p class="hint">${t('intro')}</p>
    <div class="tabs" role="tablist" aria-label=${tg('admin.insuranceCatalog')}>
      ${TABS.map(
        (k) => html`<button type="button" role="tab" key=${k} aria-selected=${k === tab ? 'true' : 'false'}
          class=${k === tab ? 'tab tab-on' : 'tab'} data-testid=${'tab-' + k} onClick=${() => setTab(k)}>
          ${t(`tab.${k}`)}</button>`,
      )}
    </div>
    ${
      tab === 'download'
        ? html`<${DownloadsTab} />`
        : tab === 'department'
          ? html`<${DepartmentsTab} />`
          : tab === 'disease'
            ? html`<${DiseasesTab} />`
            : tab === 'staff'
              ? html`<${StaffTab} />`
              : html`<${ItemsTab} key=${tab} kind=${tab} />`
    }
  <//>`;
}
