// Invoice categorization (发票归类), as the manual has it: choose an invoice category on the
// left; its items are listed, those never saved in red; "保存" confirms them (all the red ones,
// or the ticked ones). A search box finds any item (code, name, pinyin initials) in any
// category to put it into the chosen one. Live on catalog:changed.
import { useEffect, useState } from 'preact/hooks';
import { INVENTORY_EVENTS } from '../../../../core/contract.js';
import { get, post, type ResponseOf } from '../../api.js';
import { PageHead } from '../../components/layout.js';
import { Badge, DataTable, SearchBox, type Column } from '../../components/table.js';
import { toast } from '../../components/toast.js';
import { useDebounced, useLive, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { lang, t as tg } from '../../i18n/index.js';
import { AdminFrame } from './frame.js';
import { t } from './invoice-mapping.i18n.js';
import type { Items } from './types.js';
import type { CategoryView, MappingItem, MappingList } from '../../../../server/modules/invoice-mapping/schema.js';
import type { z } from 'zod';
import type { SaveResult } from '../../../../server/modules/invoice-mapping/schema.js';

export type InvoiceCategory = z.infer<typeof CategoryView>;

export type { MappingItem };

type ItemList = z.infer<typeof MappingList>;

const catName = (c: InvoiceCategory) => (lang.value === 'en' ? c.nameEn : c.name);

function CategoryList(props: { cats: InvoiceCategory[]; chosen: string; onChoose: (code: string) => void }) {
  const onKey = (e: KeyboardEvent, i: number) => {
    const next = e.key === 'ArrowDown' ? i + 1 : e.key === 'ArrowUp' ? i - 1 : -1;
    if (next < 0 || next >= props.cats.length) return;
    e.preventDefault();
    props.onChoose(props.cats[next]!.code);
    (document.querySelector(`[data-cat="${props.cats[next]!.code}"]`) as HTMLElement | null)?.focus();
  };
  return html`<nav class="im-cats" aria-label=${t('categories')}>
    <div class="side-title">${t('categories')}</div>
    <ul>
      ${props.cats.map(
        (c, i) => html`<li key=${c.code}>
          <button
            type="button"
            class="im-cat"
            data-cat=${c.code}
            aria-pressed=${c.code === props.chosen ? 'true' : 'false'}
            onClick=${() => props.onChoose(c.code)}
            onKeyDown=${(e: KeyboardEvent) => onKey(e, i)}
          >
            <span class="im-cat-name"><span class="mono">${c.code}</span> ${catName(c)}</span>
            <span class="im-cat-count">${t('itemsCount', { n: c.items })}</span>
            ${c.unconfirmed ? html`<${Badge} kind="warn">${t('unconfirmedBadge', { n: c.unconfirmed })}<//>` : null}
          </button>
        </li>`,
      )}
    </ul>
  </nav>`;
}

function toggle(set: Set<number>, id: number): Set<number> {
  const next = new Set(set);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

export function InvoiceMappingPage() {
  const cats = useResource(() => get<Items<InvoiceCategory>>('/api/invoice-mapping/categories'), []);
  const [chosen, setChosen] = useState('01');
  const [onlyRed, setOnlyRed] = useState(false);
  const list = useResource(
    () => get<ItemList>('/api/invoice-mapping/items', { category: chosen, unconfirmed: onlyRed ? 'true' : undefined }),
    [chosen, onlyRed],
  );
  const [q, setQ] = useState('');
  const dq = useDebounced(q.trim());
  const found = useResource(
    () =>
      dq
        ? get<ItemList>('/api/invoice-mapping/items', { q: dq, limit: 200 })
        : Promise.resolve({ items: [], total: 0 }),
    [dq],
  );
  const [ticked, setTicked] = useState<Set<number>>(new Set());
  const [picked, setPicked] = useState<Set<number>>(new Set());
  const [busy, setBusy] = useState(false);
  useLive([INVENTORY_EVENTS.catalogChanged], () => {
    cats.reload();
    list.reload();
    found.reload();
  });
  useEffect(() => setTicked(new Set()), [chosen, onlyRed]);

  const cat = cats.data?.items.find((c) => c.code === chosen);
  const rows = list.data?.items ?? [];
  const red = rows.filter((r) => !r.invoiceConfirmed);

  const save = async (itemIds: number[], after: () => void) => {
    if (!itemIds.length || busy) return;
    setBusy(true);
    try {
      const r = await post<ResponseOf<typeof SaveResult>>('/api/invoice-mapping/save', { category: chosen, itemIds });
      toast(r.changed ? t('saved', { n: r.changed }) : t('savedNone'));
      after();
    } catch (e) {
      toast((e as Error).message, 'error');
    } finally {
      setBusy(false);
      cats.reload();
      list.reload();
      found.reload();
    }
  };

  const columns: Column<MappingItem>[] = [
    {
      label: t('select'),
      class: 'check-col',
      render: (i) => html`<input
        type="checkbox"
        aria-label=${t('select') + ' ' + i.name}
        checked=${ticked.has(i.id)}
        onChange=${() => setTicked((s) => toggle(s, i.id))}
      />`,
    },
    { label: t('code'), render: (i) => i.code, class: 'mono' },
    { label: t('name'), render: (i) => i.name },
    { label: t('spec'), render: (i) => i.spec ?? '' },
    { label: t('kind'), render: (i) => t(`kind.${i.kind}`) },
    {
      label: t('state'),
      render: (i) => (i.invoiceConfirmed ? t('stateOk') : html`<${Badge} kind="warn">${t('stateRed')}<//>`),
    },
  ];
  const catLabel = (code: string) => {
    const c = cats.data?.items.find((x) => x.code === code);
    return c ? `${c.code} ${catName(c)}` : code;
  };
  const foundColumns: Column<MappingItem>[] = [
    {
      label: t('select'),
      class: 'check-col',
      render: (i) => html`<input
        type="checkbox"
        aria-label=${t('select') + ' ' + i.name}
        checked=${picked.has(i.id)}
        onChange=${() => setPicked((s) => toggle(s, i.id))}
      />`,
    },
    { label: t('code'), render: (i) => i.code, class: 'mono' },
    {
      label: t('name'),
      render: (i) => html`<span onDblClick=${() => setPicked((s) => toggle(s, i.id))}>${i.name}</span>`,
    },
    { label: t('spec'), render: (i) => i.spec ?? '' },
    { label: t('category'), render: (i) => catLabel(i.chargeCategory) },
    {
      label: t('state'),
      render: (i) => (i.invoiceConfirmed ? t('stateOk') : html`<${Badge} kind="warn">${t('stateRed')}<//>`),
    },
  ];

  const saveIds = ticked.size ? [...ticked] : red.map((r) => r.id);
  const foundRows = found.data?.items ?? [];
  const pickedIds = foundRows.filter((r) => picked.has(r.id)).map((r) => r.id);
  return html`<${AdminFrame}>
    <${PageHead} title=${tg('admin.invoiceMapping')} />
    <p class="hint">${t('intro')}</p>
    ${cats.error ? html`<div class="form-error" role="alert">${cats.error.message}</div>` : null}
    <div class="im-layout">
      <${CategoryList} cats=${cats.data?.items ?? []} chosen=${chosen} onChoose=${setChosen} />
      <div class="im-main">
        <h2 data-testid="chosen-category">${cat ? `${cat.code} ${catName(cat)}` : chosen}</h2>
        <div class="toolbar">
          <label class="check-inline">
            <input type="checkbox" name="onlyUnconfirmed" checked=${onlyRed}
              onChange=${(e: Event) => setOnlyRed((e.currentTarget as HTMLInputElement).checked)} />
            ${t('onlyUnconfirmed')}
          </label>
          <button
            type="button"
            class="btn btn-primary"
            data-testid="save-category"
            disabled=${busy || !saveIds.length}
            onClick=${() => save(saveIds, () => setTicked(new Set()))}
          >
            ${
              ticked.size
                ? t('saveSelected', { n: ticked.size })
                : red.length
                  ? t('saveAll', { n: red.length })
                  : t('nothingToSave')
            }
          </button>
        </div>
        <div class="im-scroll">
          <${DataTable}
            label=${cat ? catName(cat) : chosen}
            columns=${columns}
            rows=${rows}
            rowKey=${(i: MappingItem) => i.id}
            loading=${list.loading}
            error=${list.error}
            rowClass=${(i: MappingItem) => (i.invoiceConfirmed ? undefined : 'im-unmapped')}
          />
        </div>
        ${
          list.data && list.data.total > rows.length
            ? html`<p
          class="hint">${t('more', { shown: rows.length, total: list.data.total })}</p>`
            : null
        }
        <h2>${t('searchTitle')}</h2>
        <p class="hint">${t('dblClickHint')}</p>
        <div class="toolbar">
          <${SearchBox} value=${q} onInput=${setQ} placeholder=${t('searchHint')} label=${t('searchTitle')} />
          <button
            type="button"
            class="btn"
            data-testid="move-selected"
            disabled=${busy || !pickedIds.length}
            onClick=${() => save(pickedIds, () => setPicked(new Set()))}
          >
            ${t('moveSelected', { name: cat ? catName(cat) : chosen, n: pickedIds.length })}
          </button>
        </div>
        ${
          dq
            ? html`<div class="im-scroll">
              <${DataTable}
                label=${t('searchTitle')}
                columns=${foundColumns}
                rows=${foundRows}
                rowKey=${(i: MappingItem) => i.id}
                loading=${found.loading}
                error=${found.error}
                empty=${t('searchEmpty')}
                rowClass=${(i: MappingItem) => (i.invoiceConfirmed ? undefined : 'im-unmapped')}
              />
            </div>`
            : null
        }
      </div>
    </div>
  <//>`;
}
