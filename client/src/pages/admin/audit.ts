// The audit log (审计日志): search by user, patient, action, outcome and time; newest
// first, paged with nextBeforeId.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, type Query, type ResponseOf } from '../../api.js';
import { FormError, SelectField, TextField, useForm } from '../../components/form.js';
import { PageHead } from '../../components/layout.js';
import { Badge, DataTable, type Column } from '../../components/table.js';
import { useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { formatTime, t, type Key } from '../../i18n/index.js';
import { centerDateTimeLocalToMs } from '../../time.js';
import { AdminFrame } from './frame.js';
import type { AuditEntry } from './types.js';
import type { AuditPage as AuditPageOut } from '../../../../server/modules/audit/schema.js';

const PAGE = 100;

interface Filters {
  username: string;
  patientId: string;
  action: string;
  outcome: string;
  from: string;
  to: string;
}

function toQuery(f: Filters): Query {
  // The inputs are wall-clock times at the center, not in the browser's zone.
  const ms = (s: string) => (s ? centerDateTimeLocalToMs(s) : undefined);
  return {
    username: f.username.trim() || undefined,
    patientId: f.patientId.trim() || undefined,
    action: f.action.trim() || undefined,
    outcome: f.outcome || undefined,
    from: ms(f.from),
    to: ms(f.to),
    limit: PAGE,
  };
}

function summaryText(s: Record<string, unknown> | null): string {
  if (!s) return '';
  const text = JSON.stringify(s);
  return text.length > 160 ? text.slice(0, 157) + '…' : text;
}

export function AuditPage() {
  const actions = useResource(() => get<string[]>('/api/audit/actions'), []);
  const f = useForm<Filters>({ username: '', patientId: '', action: '', outcome: '', from: '', to: '' });
  const [rows, setRows] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [query, setQuery] = useState<Query | null>(null);
  const [moreBusy, setMoreBusy] = useState(false);
  const [moreError, setMoreError] = useState<ApiError | null>(null);

  const search = f.submit(async (v) => {
    const q = toQuery(v);
    const res = await get<ResponseOf<typeof AuditPageOut>>('/api/audit', q);
    setQuery(q);
    setRows(res.items);
    setNext(res.nextBeforeId);
  });
  // The first page without filters, when the page opens.
  useEffect(() => void search(), []);

  const more = async () => {
    if (next === null || !query) return;
    setMoreBusy(true);
    setMoreError(null);
    try {
      const res = await get<ResponseOf<typeof AuditPageOut>>('/api/audit', {
        ...query,
        beforeId: next,
      });
      setRows((prev) => [...prev, ...res.items]);
      setNext(res.nextBeforeId);
    } catch (e) {
      setMoreError(e instanceof ApiError ? e : null);
    } finally {
      setMoreBusy(false);
    }
  };

  const outcomeBadge = (o: AuditEntry['outcome']) =>
    html`<${Badge} kind=${o === 'ok' ? 'ok' : o === 'denied' ? 'warn' : 'off'}>${t(('audit.outcome.' + o) as Key)}<//>`;
  const columns: Column<AuditEntry>[] = [
    { label: t('audit.at'), render: (e) => formatTime(e.at), class: 'nowrap' },
    { label: t('audit.user'), render: (e) => e.username ?? '' },
    { label: t('audit.action'), render: (e) => e.action, class: 'mono' },
    { label: t('audit.outcome'), render: (e) => outcomeBadge(e.outcome) },
    { label: t('audit.entity'), render: (e) => (e.entity ? `${e.entity}${e.entityId ? ' #' + e.entityId : ''}` : '') },
    { label: t('audit.patient'), render: (e) => (e.patientId === null ? '' : String(e.patientId)) },
    { label: t('audit.ip'), render: (e) => e.ip ?? '', class: 'mono' },
    { label: t('audit.workstation'), render: (e) => (e.workstationId === null ? '' : String(e.workstationId)) },
    {
      label: t('audit.summary'),
      render: (e) =>
        html`<span class="summary" title=${e.summary ? JSON.stringify(e.summary) : ''}>${summaryText(e.summary)}
          </span>`,
    },
  ];
  const v = f.values;
  return html`<${AdminFrame}>
    <${PageHead} title=${t('admin.audit')} />
    <form class="form filters" onSubmit=${search} novalidate>
      <${TextField} label=${t('audit.user')} name="username" value=${v.username}
        onInput=${(x: string) => f.set('username', x)} maxLength=${64} error=${f.error} />
      <${TextField} label=${t('audit.patientId')} name="patientId" value=${v.patientId}
        onInput=${(x: string) => f.set('patientId', x.replace(/\D/g, ''))} maxLength=${12} error=${f.error} />
      <${TextField} label=${t('audit.action')} name="action" value=${v.action}
        onInput=${(x: string) => f.set('action', x)} maxLength=${64} list="audit-actions"
          hint=${t('audit.actionHint')} error=${f.error} />
      <datalist id="audit-actions">${(actions.data ?? []).map((a) => html`<option value=${a}></option>`)}</datalist>
      <${SelectField} label=${t('audit.outcome')} name="outcome" value=${v.outcome} empty=${t('common.all')}
        options=${(['ok', 'denied', 'failed'] as const).map((o) => ({
          value: o,
          label: t(('audit.outcome.' + o) as Key),
        }))}
        onChange=${(x: string) => f.set('outcome', x)} error=${f.error} />
      <${TextField} label=${t('audit.from')} name="from" type="datetime-local" value=${v.from}
        onInput=${(x: string) => f.set('from', x)} error=${f.error} />
      <${TextField} label=${t('audit.to')} name="to" type="datetime-local" value=${v.to}
        onInput=${(x: string) => f.set('to', x)} error=${f.error} />
      <div class="filters-go"><button type="submit" class="btn btn-primary" disabled=${f.busy}>${t('common.search')}
        </button></div>
    </form>
    <${FormError} error=${f.error} fields=${['username', 'patientId', 'action', 'outcome', 'from', 'to']} />
    <${DataTable} label=${t('admin.audit')} columns=${columns} rows=${rows} rowKey=${(e: AuditEntry) => e.id}
      loading=${f.busy} error=${moreError} />
    ${
      next !== null
        ? html`<div class="more"><button type="button" class="btn" disabled=${moreBusy}
          onClick=${() => void more()}>${moreBusy ? t('common.working') : t('audit.more')}</button></div>`
        : null
    }
  <//>`;
}
