// The matching page's other tabs: 目录下载 (each catalog's version, rows, last download, 下载/更新
// with its progress), 科室 (→ 科别), 疾病 (local ICD-10 → the insurer's code) and 医师 (national
// doctor/nurse codes). 智能匹配 of departments and diseases only proposes: the user keeps what he
// ticks and saves it (confirmed, or as proposals to confirm later). A 科别 or disease code counts for
// settlement once another user has reviewed it (审核, insurance.catalog-review). Under the downloads:
// the code lists (1308–1315) and the code tables in force (1901, else the seed).
import { useEffect, useState } from 'preact/hooks';
import { INSURANCE_CATALOG_EVENTS } from '../../../../core/contract.js';
import { get, post, type ResponseOf } from '../../api.js';
import { Badge, DataTable, SearchBox, type Column } from '../../components/table.js';
import { toast } from '../../components/toast.js';
import { useDebounced, useLive, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { lang } from '../../i18n/index.js';
import { can } from '../../session.js';
import { joinRooms } from '../../socket.js';
import type {
  CatalogStatusList,
  ChangeResult,
  CodeListList,
  CodeTableList,
  DepartmentCodeList,
  DiseaseCodeList,
  DownloadResult,
  InsurerDiseaseList,
  ProposalList,
  StaffCodeList,
} from '../../../../server/modules/insurance-catalog/schema.js';
import { t } from './insurance-catalog.i18n.js';

type Catalog = ResponseOf<typeof CatalogStatusList>['items'][number];
type Dept = ResponseOf<typeof DepartmentCodeList>['items'][number];
type Disease = ResponseOf<typeof DiseaseCodeList>['items'][number];
type InsurerDisease = ResponseOf<typeof InsurerDiseaseList>['items'][number];
type Person = ResponseOf<typeof StaffCodeList>['items'][number];
type CR = ResponseOf<typeof ChangeResult>;
type Proposal = ResponseOf<typeof ProposalList>['proposals'][number];
type CodeState = 'proposed' | 'confirmed' | 'reviewed';
type CodeRow = ResponseOf<typeof CodeListList>['items'][number];
type TableRow = ResponseOf<typeof CodeTableList>['items'][number];

const CODE_LISTS = ['1308', '1309', '1310', '1311', '1313', '1314', '1315'] as const;

/** The review state of a department or disease code, with 确认 / 审核 where the user may act. */
function CodeStateCell(props: {
  state: CodeState | null;
  reviewedBy: string | null;
  busy: boolean;
  testid: string;
  onStep: (what: 'confirm' | 'review') => void;
}) {
  const { state } = props;
  if (!state) return null;
  const kind = state === 'reviewed' ? 'ok' : 'info';
  return html`<span class="inline"><${Badge} kind=${kind}>${t(`codeState.${state}`)}<//>${
    state === 'reviewed' && props.reviewedBy ? html` <span class="muted">${props.reviewedBy}</span>` : null
  }${
    state === 'proposed'
      ? html` <button type="button" class="btn btn-small" disabled=${props.busy}
          data-testid=${'confirm-' + props.testid} onClick=${() => props.onStep('confirm')}>
          ${t('confirmCode')}</button>`
      : state === 'confirmed' && can('insurance.catalog-review')
        ? html` <button type="button" class="btn btn-small" disabled=${props.busy}
            data-testid=${'review-' + props.testid} onClick=${() => props.onStep('review')}>${t('reviewCode')}</button>`
        : null
  }</span>`;
}

/** A downloaded code list, searchable (1308 手术操作 … 1315 中医证候). */
function CodeListPanel(props: { infno: string }) {
  const [q, setQ] = useState('');
  const dq = useDebounced(q.trim());
  const list = useResource(
    () =>
      get<ResponseOf<typeof CodeListList>>('/api/insurance-catalog/code-lists', {
        infno: props.infno,
        q: dq || undefined,
      }),
    [props.infno, dq],
  );
  return html`<section class="ic-code-panel" data-testid=${'code-list-' + props.infno}>
    <${SearchBox} value=${q} onInput=${setQ} placeholder=${t('search')} label=${t('codeLists')} />
    <${DataTable} label=${t('codeLists')} rows=${list.data?.items ?? []} loading=${list.loading} error=${list.error}
      rowKey=${(r: CodeRow) => r.code}
      columns=${[
        { label: t('code'), render: (r: CodeRow) => r.code, class: 'mono' },
        { label: t('name'), render: (r: CodeRow) => r.name },
        {
          label: t('fields'),
          render: (r: CodeRow) =>
            Object.values(r.fields)
              .filter((v) => !/^\d{4}-/.test(v))
              .join(' · '),
        },
        { label: t('valid'), render: (r: CodeRow) => (r.valid ? '✓' : '✗') },
      ]} />
  </section>`;
}

/** The code tables in force: 1901's labels (下载) and the seed's where 1901 gave none. */
function CodeTablesPanel() {
  const list = useResource(() => get<ResponseOf<typeof CodeTableList>>('/api/insurance-catalog/code-tables'), []);
  useCatalogLive(() => list.reload());
  return html`<section class="ic-code-panel" data-testid="code-tables">
    <h2>${t('codeTables')}</h2>
    <${DataTable} label=${t('codeTables')} rows=${list.data?.items ?? []} loading=${list.loading} error=${list.error}
      rowKey=${(r: TableRow) => `${r.type}:${r.value}`}
      columns=${[
        { label: t('kind'), render: (r: TableRow) => r.type, class: 'mono' },
        { label: t('value'), render: (r: TableRow) => r.value, class: 'mono' },
        { label: t('label'), render: (r: TableRow) => r.label },
        { label: t('source'), render: (r: TableRow) => t(`source.${r.source}`) },
      ]} />
  </section>`;
}

/** Joins the page's live room while it is open (either permission may join). */
export function useCatalogLive(reload: () => void) {
  useEffect(() => joinRooms(['insurance-catalog']), []);
  useLive([INSURANCE_CATALOG_EVENTS.changed], reload);
}

export async function run<T>(fn: () => Promise<T>, ok: (r: T) => string, after: () => void): Promise<void> {
  try {
    toast(ok(await fn()));
  } catch (e) {
    toast((e as Error).message, 'error', 8000);
  } finally {
    after();
  }
}

const done = (r: ResponseOf<typeof ChangeResult>) => t('done', { n: r.changed });
const when = (ms: number | null) => (ms ? new Date(ms).toLocaleString(lang.value === 'en' ? 'en-GB' : 'zh-CN') : '');

export function DownloadsTab() {
  const list = useResource(() => get<ResponseOf<typeof CatalogStatusList>>('/api/insurance-catalog/catalogs'), []);
  const [mine, setMine] = useState<Set<string>>(new Set());
  const [viewing, setViewing] = useState<string | null>(null);
  useCatalogLive(() => list.reload());
  const download = (c: Catalog) => {
    setMine((s) => new Set([...s, c.infno]));
    const name = lang.value === 'en' ? c.nameEn : c.name;
    void run(
      () => post<ResponseOf<typeof DownloadResult>>('/api/insurance-catalog/download', { infno: c.infno }),
      (r) => (r.files ? t('downloaded', { name, files: r.files, rows: r.rows, ver: r.ver }) : t('upToDate', { name })),
      () => {
        setMine((s) => new Set([...s].filter((x) => x !== c.infno)));
        list.reload();
      },
    );
    // the status (with the rows stored so far) follows the download's events
    setTimeout(() => list.reload(), 300);
  };
  const columns: Column<Catalog>[] = [
    {
      label: t('catalog'),
      render: (c) => html`<span class="mono">${c.infno}</span> ${lang.value === 'en' ? c.nameEn : c.name}`,
    },
    { label: t('version'), render: (c) => c.ver, class: 'mono' },
    { label: t('rows'), render: (c) => c.rows, class: 'num' },
    { label: t('lastDownload'), render: (c) => `${when(c.downloadedAt)} ${c.downloadedBy ?? ''}` },
    {
      label: '',
      class: 'actions-col',
      render: (c) =>
        html`${
          c.running || mine.has(c.infno)
            ? html`<${Badge} kind="info">${t('downloading', { n: c.progressRows ?? 0 })}<//>`
            : html`<button type="button" class="btn btn-small" data-testid=${'download-' + c.infno}
              onClick=${() => download(c)}>${t('download')}</button>`
        }${
          (CODE_LISTS as readonly string[]).includes(c.infno) && c.rows
            ? html` <button type="button" class="btn btn-small" data-testid=${'view-' + c.infno}
                onClick=${() => setViewing(viewing === c.infno ? null : c.infno)}>
                ${viewing === c.infno ? t('hide') : t('view')}</button>`
            : null
        }`,
    },
  ];
  return html`<div>
    <${DataTable} label=${t('tab.download')} columns=${columns} rows=${list.data?.items ?? []}
      rowKey=${(c: Catalog) => c.infno} loading=${list.loading} error=${list.error} />
    ${viewing ? html`<${CodeListPanel} key=${viewing} infno=${viewing} />` : null}
    <${CodeTablesPanel} />
  </div>`;
}

function Proposals(props: { items: Proposal[]; onSave: (kept: Proposal[], proposed: boolean) => void; busy: boolean }) {
  const [off, setOff] = useState<Set<string>>(new Set());
  const kept = props.items.filter((p) => !off.has(String(p.key)));
  if (!props.items.length) return html`<p class="hint">${t('noProposals')}</p>`;
  return html`<section class="ic-proposals">
    <h2>${t('proposals')}</h2>
    <${DataTable} label=${t('proposals')} rows=${props.items} rowKey=${(p: Proposal) => String(p.key)}
      columns=${[
        {
          label: t('select'),
          class: 'check-col',
          render: (p: Proposal) => html`<input type="checkbox" aria-label=${t('select') + ' ' + p.localName}
            checked=${!off.has(String(p.key))}
            onChange=${() =>
              setOff((s) => {
                const n = new Set(s);
                if (n.has(String(p.key))) n.delete(String(p.key));
                else n.add(String(p.key));
                return n;
              })} />`,
        },
        { label: t('name'), render: (p: Proposal) => p.localName },
        { label: t('insurerCode'), render: (p: Proposal) => p.code, class: 'mono' },
        { label: t('insurerName'), render: (p: Proposal) => p.name },
        { label: t('score'), render: (p: Proposal) => p.score, class: 'num' },
      ]} />
    <button type="button" class="btn btn-primary" data-testid="save-proposals" disabled=${props.busy || !kept.length}
      onClick=${() => props.onSave(kept, false)}>${t('saveProposals', { n: kept.length })}</button>
    <button type="button" class="btn" data-testid="save-proposed" disabled=${props.busy || !kept.length}
      onClick=${() => props.onSave(kept, true)}>${t('saveAsProposed')}</button>
  </section>`;
}

export function DepartmentsTab() {
  const list = useResource(() => get<ResponseOf<typeof DepartmentCodeList>>('/api/insurance-catalog/departments'), []);
  const [props, setProps] = useState<Proposal[] | null>(null);
  const [busy, setBusy] = useState(false);
  useCatalogLive(() => list.reload());
  const act = <T>(fn: () => Promise<T>, ok: (r: T) => string) => {
    setBusy(true);
    void run(fn, ok, () => {
      setBusy(false);
      list.reload();
    });
  };
  const caty = list.data?.caty ?? [];
  const columns: Column<Dept>[] = [
    { label: t('code'), render: (d) => d.code, class: 'mono' },
    { label: t('name'), render: (d) => d.name },
    { label: t('kind'), render: (d) => d.kind },
    {
      label: t('caty'),
      render: (d) => html`<select aria-label=${t('caty') + ' ' + d.name} value=${d.caty ?? ''} disabled=${busy}
        onChange=${(e: Event) => {
          const v = (e.currentTarget as HTMLSelectElement).value;
          act(
            () =>
              v
                ? post<ResponseOf<typeof ChangeResult>>('/api/insurance-catalog/departments/link', {
                    links: [{ departmentId: d.id, caty: v }],
                  })
                : post<ResponseOf<typeof ChangeResult>>('/api/insurance-catalog/departments/unlink', {
                    departmentIds: [d.id],
                  }),
            done,
          );
        }}>
        <option value="">—</option>
        ${caty.map((c) => html`<option value=${c.code}>${c.code} ${lang.value === 'en' ? c.nameEn : c.name}</option>`)}
      </select>`,
    },
    {
      label: t('codeState'),
      render: (d) => html`<${CodeStateCell} state=${d.state} reviewedBy=${d.reviewedBy} busy=${busy}
        testid=${'dept-' + d.code}
        onStep=${(what: 'confirm' | 'review') =>
          act(() => post<CR>(`/api/insurance-catalog/departments/${what}`, { departmentIds: [d.id] }), done)} />`,
    },
  ];
  return html`<div>
    <div class="toolbar">
      <button type="button" class="btn btn-primary" disabled=${busy}
        onClick=${() =>
          void get<never>('/api/insurance-catalog/departments')
            .then(() => post<ResponseOf<typeof ProposalList>>('/api/insurance-catalog/departments/smart'))
            .then((r) => setProps(r.proposals))
            .catch((e: Error) => toast(e.message, 'error'))}>${t('smart')}</button>
    </div>
    ${
      props
        ? html`<${Proposals} items=${props} busy=${busy} onSave=${(kept: Proposal[], proposed: boolean) =>
            act(
              () =>
                post<ResponseOf<typeof ChangeResult>>('/api/insurance-catalog/departments/link', {
                  links: kept.map((p) => ({ departmentId: Number(p.key), caty: p.code })),
                  proposed,
                }),
              (r) => {
                setProps(null);
                return done(r);
              },
            )} />`
        : null
    }
    <p class="hint">${t('reviewNote')}</p>
    <${DataTable} label=${t('tab.department')} columns=${columns} rows=${list.data?.items ?? []}
      rowKey=${(d: Dept) => d.id} loading=${list.loading} error=${list.error}
      rowClass=${(d: Dept) => (d.caty ? undefined : 'im-unmapped')} />
  </div>`;
}

const diseaseCounts = (d: { total: number; unmatched: number }) =>
  t('counts', { total: d.total, unmatched: d.unmatched, proposed: 0, confirmed: 0, reviewed: 0, uploaded: 0 });

export function DiseasesTab() {
  const [q, setQ] = useState('');
  const dq = useDebounced(q.trim());
  const [onlyRed, setOnlyRed] = useState(false);
  const list = useResource(
    () =>
      get<ResponseOf<typeof DiseaseCodeList>>('/api/insurance-catalog/diseases', {
        q: dq || undefined,
        unmatched: onlyRed ? 'true' : undefined,
      }),
    [dq, onlyRed],
  );
  const [current, setCurrent] = useState<Disease | null>(null);
  const [iq, setIq] = useState('');
  const diq = useDebounced(iq.trim());
  const found = useResource(
    () =>
      diq
        ? get<ResponseOf<typeof InsurerDiseaseList>>('/api/insurance-catalog/insurer-diseases', { q: diq })
        : Promise.resolve({ items: [], total: 0 }),
    [diq],
  );
  const [props, setProps] = useState<Proposal[] | null>(null);
  const [busy, setBusy] = useState(false);
  useCatalogLive(() => list.reload());
  const act = <T>(fn: () => Promise<T>, ok: (r: T) => string) => {
    setBusy(true);
    void run(fn, ok, () => {
      setBusy(false);
      list.reload();
    });
  };
  const linkTo = (d: InsurerDisease) =>
    current &&
    act(
      () =>
        post<ResponseOf<typeof ChangeResult>>('/api/insurance-catalog/diseases/link', {
          links: [{ localCode: current.code, diseCode: d.code }],
        }),
      () => t('linked', { name: current.name, code: d.code }),
    );
  const columns: Column<Disease>[] = [
    {
      label: t('code'),
      render: (d) =>
        html`<button type="button" class="btn-link mono" onClick=${() => {
          setCurrent(d);
          setIq(d.name);
        }}>${d.code}</button>`,
    },
    { label: t('name'), render: (d) => d.name },
    { label: t('insurerCode'), render: (d) => d.diseCode ?? '', class: 'mono' },
    { label: t('insurerName'), render: (d) => d.diseName ?? '' },
    {
      label: t('codeState'),
      render: (d) => html`<${CodeStateCell} state=${d.state} reviewedBy=${d.reviewedBy} busy=${busy}
        testid=${'dis-' + d.code}
        onStep=${(what: 'confirm' | 'review') =>
          act(() => post<CR>(`/api/insurance-catalog/diseases/${what}`, { localCodes: [d.code] }), done)} />`,
    },
    {
      label: '',
      class: 'actions-col',
      render: (d) =>
        d.diseCode
          ? html`<button type="button" class="btn btn-small btn-danger-quiet" disabled=${busy}
              onClick=${() =>
                act(() => post<CR>('/api/insurance-catalog/diseases/unlink', { localCodes: [d.code] }), done)}>
              ${t('removeCode')}</button>`
          : null,
    },
  ];
  return html`<div>
    <div class="toolbar">
      <${SearchBox} value=${q} onInput=${setQ} placeholder=${t('search')} label=${t('search')} />
      <label class="check-inline"><input type="checkbox" checked=${onlyRed}
        onChange=${(e: Event) => setOnlyRed((e.currentTarget as HTMLInputElement).checked)} />
        ${t('onlyUnmatched')}</label>
      <button type="button" class="btn btn-primary" disabled=${busy}
        onClick=${() =>
          void post<ResponseOf<typeof ProposalList>>('/api/insurance-catalog/diseases/smart', { limit: 500 })
            .then((r) => setProps(r.proposals))
            .catch((e: Error) => toast(e.message, 'error'))}>${t('smart')}</button>
    </div>
    ${
      props
        ? html`<${Proposals} items=${props} busy=${busy} onSave=${(kept: Proposal[], proposed: boolean) =>
            act(
              () =>
                post<ResponseOf<typeof ChangeResult>>('/api/insurance-catalog/diseases/link', {
                  links: kept.map((p) => ({ localCode: String(p.key), diseCode: p.code, score: p.score })),
                  proposed,
                }),
              (r) => {
                setProps(null);
                return done(r);
              },
            )} />`
        : null
    }
    ${list.data ? html`<p class="hint">${diseaseCounts(list.data)} ${t('reviewNote')}</p>` : null}
    <div class="ic-layout">
      <div class="im-scroll">
        <${DataTable} label=${t('tab.disease')} columns=${columns} rows=${list.data?.items ?? []}
          rowKey=${(d: Disease) => d.code} loading=${list.loading} error=${list.error}
          rowClass=${(d: Disease) => (d.diseCode ? undefined : 'im-unmapped')} />
      </div>
      <div>
        <h2>${t('diseaseSearch')}</h2>
        <p class="hint">${current ? `${t('current')}:${current.code} ${current.name}` : t('pickDisease')}</p>
        <${SearchBox} value=${iq} onInput=${setIq} placeholder=${t('search')} label=${t('diseaseSearch')} />
        <div class="im-scroll">
          <${DataTable} label=${t('diseaseSearch')} rows=${found.data?.items ?? []} loading=${found.loading}
            error=${found.error} rowKey=${(d: InsurerDisease) => d.code}
            columns=${[
              { label: t('insurerCode'), render: (d: InsurerDisease) => d.code, class: 'mono' },
              { label: t('name'), render: (d: InsurerDisease) => d.name },
              {
                label: '',
                class: 'actions-col',
                render: (d: InsurerDisease) => html`<button type="button" class="btn btn-small"
                  disabled=${!current || busy} onClick=${() => linkTo(d)}>${t('link')}</button>`,
              },
            ]} />
        </div>
      </div>
    </div>
  </div>`;
}

function StaffCodeCell(props: { p: Person; onSave: (code: string | null) => void; busy: boolean }) {
  const [v, setV] = useState(props.p.nationalCode ?? '');
  useEffect(() => setV(props.p.nationalCode ?? ''), [props.p.nationalCode]);
  const save = () => props.onSave(v.trim() ? v.trim().toUpperCase() : null);
  return html`<span class="inline">
    <input class="cell-input mono" aria-label=${t('nationalCode') + ' ' + props.p.name} value=${v}
      placeholder=${t('codeHint')} maxLength=${13}
      onInput=${(e: Event) => setV((e.currentTarget as HTMLInputElement).value)}
      onKeyDown=${(e: KeyboardEvent) => e.key === 'Enter' && save()} />
    <button type="button" class="btn btn-small" disabled=${props.busy || v.trim() === (props.p.nationalCode ?? '')}
      onClick=${save}>${t('save')}</button>
  </span>`;
}

export function StaffTab() {
  const [q, setQ] = useState('');
  const dq = useDebounced(q.trim());
  const list = useResource(
    () => get<ResponseOf<typeof StaffCodeList>>('/api/insurance-catalog/staff', { q: dq || undefined }),
    [dq],
  );
  const [busy, setBusy] = useState(false);
  useCatalogLive(() => list.reload());
  const save = (p: Person, code: string | null) => {
    setBusy(true);
    void run(
      () =>
        code
          ? post<ResponseOf<typeof ChangeResult>>('/api/insurance-catalog/staff/link', {
              links: [{ staffId: p.id, nationalCode: code }],
            })
          : post<ResponseOf<typeof ChangeResult>>('/api/insurance-catalog/staff/unlink', { staffIds: [p.id] }),
      done,
      () => {
        setBusy(false);
        list.reload();
      },
    );
  };
  const columns: Column<Person>[] = [
    { label: t('code'), render: (p) => p.code, class: 'mono' },
    { label: t('name'), render: (p) => p.name },
    { label: t('title'), render: (p) => p.title },
    { label: t('department'), render: (p) => p.departmentName ?? '' },
    {
      label: t('nationalCode'),
      render: (p) => html`<${StaffCodeCell} p=${p} busy=${busy} onSave=${(c: string | null) => save(p, c)} />`,
    },
  ];
  return html`<div>
    <div class="toolbar">
      <${SearchBox} value=${q} onInput=${setQ} placeholder=${t('search')} label=${t('search')} />
    </div>
    <${DataTable} label=${t('tab.staff')} columns=${columns} rows=${list.data?.items ?? []}
      rowKey=${(p: Person) => p.id} loading=${list.loading} error=${list.error}
      rowClass=${(p: Person) => (p.nationalCode ? undefined : 'im-unmapped')} />
  </div>`;
}
