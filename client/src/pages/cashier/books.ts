// Invoice books (票据号段): the finance office gives each cashier a numbered range; a cashier
// uses their oldest active book; ranges of one prefix never overlap; a book can be retired.
import { useRef, useState } from 'preact/hooks';
import { get, newKey, post } from '../../api.js';
import { Confirm, Dialog } from '../../components/dialog.js';
import { FormActions, FormError, NumberField, SelectField, TextField, useForm } from '../../components/form.js';
import { DataTable } from '../../components/table.js';
import { toast } from '../../components/toast.js';
import { useLive, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { me } from '../../session.js';
import { t } from './i18n.js';
import { LIVE, type Book } from './types.js';

/** used / voided / reprinted / unused, and the gaps (numbers taken without a record: should be 0). */
export const usageColumns = [
  {
    label: t('books.usage'),
    render: (b: Book) => `${b.usage.used} / ${b.usage.voided} / ${b.usage.reprinted} / ${b.usage.unused}`,
    class: 'num',
  },
  {
    label: t('books.gaps'),
    render: (b: Book) => (b.usage.gaps ? html`<span class="badge badge-warn">${b.usage.gaps}</span>` : '0'),
    class: 'num',
  },
];

/** The signed-in cashier's own books with their counts and 作废 of a spoiled blank (the shift tab). */
export function MyBooks(props: { epoch: number }) {
  const r = useResource(() => get<{ items: Book[] }>('/api/billing/invoice-books'), [props.epoch]);
  useLive([LIVE.invoiceChanged, LIVE.billPaid, LIVE.billRefunded], r.reload);
  const [voiding, setVoiding] = useState<Book | null>(null);
  const mine = (r.data?.items ?? []).filter((b) => b.cashierUserId === me.value?.userId);
  return html`<section class="cs-mybooks">
    <h3 class="cs-sub">${t('books.mine')}</h3>
    <${DataTable}
      label=${t('books.mine')}
      rows=${mine}
      loading=${r.loading}
      error=${r.error}
      empty=${t('books.empty')}
      rowKey=${(b: Book) => b.id}
      columns=${[
        { label: t('books.range'), render: (b: Book) => `${b.first}–${b.last}`, class: 'mono' },
        { label: t('books.next'), render: (b: Book) => b.next ?? '—', class: 'mono' },
        ...usageColumns,
        { label: t('books.status'), render: (b: Book) => t(('books.status.' + b.status) as 'books.status.active') },
        {
          label: t('col.actions'),
          render: (b: Book) =>
            b.status === 'active'
              ? html`<button type="button" class="btn btn-small" data-void-book=${b.id}
                onClick=${() => setVoiding(b)}>${t('books.void')}</button>`
              : null,
        },
      ]}
    />
    ${
      voiding
        ? html`<${VoidBlank} book=${voiding} onClose=${() => setVoiding(null)}
      onDone=${() => (setVoiding(null), r.reload())} />`
        : null
    }
  </section>`;
}

/** 作废: a spoiled blank (jammed, misprinted form) voided with a reason; the next number by default. */
export function VoidBlank(props: { book: Book; onClose: () => void; onDone: () => void }) {
  const f = useForm({ number: props.book.nextNo, reason: '' });
  const key = useRef<{ body: string; key: string } | null>(null);
  return html`<${Dialog} title=${t('books.voidTitle', { prefix: props.book.prefix || '—' })} onClose=${props.onClose}>
    <form
      onSubmit=${f.submit(async (x) => {
        const body = { number: x.number, reason: x.reason.trim() };
        const json = JSON.stringify(body);
        if (!key.current || key.current.body !== json) key.current = { body: json, key: newKey() };
        const res = await post<{ invoiceNo: string }>(`/api/billing/invoice-books/${props.book.id}/void`, body, {
          idempotencyKey: key.current.key,
        });
        toast(t('books.voided', { no: res.invoiceNo }));
        props.onDone();
      })}
    >
      <${NumberField} label=${t('books.voidNumber')} name="number" value=${f.values.number} min=${props.book.startNo}
        max=${props.book.endNo} onInput=${(v: number) => f.set('number', v)} error=${f.error} required />
      <${TextField} label=${t('books.voidReason')} name="reason" value=${f.values.reason} maxLength=${200}
        placeholder=${t('books.voidReasonHint')} onInput=${(v: string) => f.set('reason', v)} error=${f.error}
          required />
      <${FormError} error=${f.error} fields=${['number', 'reason']} />
      <${FormActions} busy=${f.busy} submitLabel=${t('books.void')} onCancel=${props.onClose} />
    </form>
  <//>`;
}

export function BooksPanel() {
  const r = useResource(() => get<{ items: Book[] }>('/api/billing/invoice-books'), []);
  const [creating, setCreating] = useState(false);
  const [retiring, setRetiring] = useState<Book | null>(null);
  const [voiding, setVoiding] = useState<Book | null>(null);
  useLive([LIVE.invoiceChanged, LIVE.billPaid, LIVE.billRefunded], r.reload);
  const [busy, setBusy] = useState(false);
  const retire = async (b: Book) => {
    setBusy(true);
    try {
      await post(`/api/billing/invoice-books/${b.id}/retire`, {});
      r.reload();
    } catch (e) {
      toast((e as Error).message, 'error');
    } finally {
      setBusy(false);
      setRetiring(null);
    }
  };
  return html`<div>
    <${DataTable}
      label=${t('books.title')}
      rows=${r.data?.items}
      loading=${r.loading}
      error=${r.error}
      empty=${t('books.empty')}
      rowKey=${(b: Book) => b.id}
      toolbar=${html`<button type="button" class="btn btn-primary"
        onClick=${() => setCreating(true)}>${t('books.new')}</button>`}
      columns=${[
        {
          label: t('books.cashier'),
          render: (b: Book) => html`${b.cashierName} <span class="muted small">${b.username}</span>`,
        },
        { label: t('books.range'), render: (b: Book) => `${b.first}–${b.last}`, class: 'mono' },
        { label: t('books.next'), render: (b: Book) => b.next ?? '—', class: 'mono' },
        { label: t('books.remaining'), render: (b: Book) => b.remaining, class: 'num' },
        ...usageColumns,
        { label: t('books.status'), render: (b: Book) => t(('books.status.' + b.status) as 'books.status.active') },
        {
          label: t('col.actions'),
          render: (b: Book) =>
            b.status === 'active'
              ? html`<button type="button" class="btn btn-small" data-void-book=${b.id}
                onClick=${() => setVoiding(b)}>${t('books.void')}</button>
                  <button type="button" class="btn btn-small btn-danger-quiet"
                    onClick=${() => setRetiring(b)}>${t('books.retire')}</button>`
              : null,
        },
      ]}
    />
    ${
      creating
        ? html`<${NewBook}
          onClose=${() => setCreating(false)}
          onDone=${(b: Book) => {
            setCreating(false);
            toast(t('books.created', { name: b.cashierName, first: b.first, last: b.last }));
            r.reload();
          }}
        />`
        : null
    }
    ${
      voiding
        ? html`<${VoidBlank} book=${voiding} onClose=${() => setVoiding(null)}
      onDone=${() => (setVoiding(null), r.reload())} />`
        : null
    }
    ${
      retiring
        ? html`<${Confirm}
          title=${t('books.retireTitle')}
          text=${t('books.retireText', { n: retiring.remaining })}
          confirmLabel=${t('books.retire')}
          danger
          busy=${busy}
          onAnswer=${(yes: boolean) => (yes ? void retire(retiring) : setRetiring(null))}
        />`
        : null
    }
  </div>`;
}

function NewBook(props: { onClose: () => void; onDone: (b: Book) => void }) {
  const cashiers = useResource(
    () => get<{ items: Array<{ id: number; username: string; name: string }> }>('/api/billing/cashiers'),
    [],
  );
  const f = useForm({ cashierUserId: '', prefix: '', startNo: 1, endNo: 100 });
  const v = f.values;
  const options = (cashiers.data?.items ?? []).map((c) => ({
    value: String(c.id),
    label: `${c.name} (${c.username})`,
  }));
  return html`<${Dialog} title=${t('books.new')} onClose=${props.onClose}>
    <form
      onSubmit=${f.submit(async (x) => {
        const b = await post<Book>('/api/billing/invoice-books', {
          cashierUserId: Number(x.cashierUserId),
          prefix: x.prefix.trim(),
          startNo: x.startNo,
          endNo: x.endNo,
        });
        props.onDone(b);
      })}
    >
      <${SelectField} label=${t('books.cashier')} name="cashierUserId" value=${v.cashierUserId} options=${options}
        empty=${options.length ? '' : t('books.noCashier')} onChange=${(x: string) => f.set('cashierUserId', x)}
          error=${f.error} required />
      <${TextField} label=${t('books.prefix')} name="prefix" value=${v.prefix} maxLength=${12}
        onInput=${(x: string) => f.set('prefix', x)} error=${f.error} />
      <${NumberField} label=${t('books.start')} name="startNo" value=${v.startNo} min=${0}
        onInput=${(x: number) => f.set('startNo', x)} error=${f.error} required />
      <${NumberField} label=${t('books.end')} name="endNo" value=${v.endNo} min=${0}
        onInput=${(x: number) => f.set('endNo', x)} error=${f.error} required />
      <${FormError} error=${f.error} fields=${['cashierUserId', 'prefix', 'startNo', 'endNo']} />
      <${FormActions} busy=${f.busy} submitLabel=${t('books.new')} onCancel=${props.onClose} />
    </form>
  <//>`;
}
