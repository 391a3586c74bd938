// The buttons under a draft: 保存草稿 (Ctrl+S), 审核记账 (F9; inventory.post; saves first when
// changed, confirms first) — for a requisition 提交请领 (F9; its maker with inventory.draft, or
// inventory.post; the same posting call) —, 作废 (a saved draft). One idempotency key per intent.
// F9 and the 审核记账 button appear only for those who may post; F9 pressed by anyone else says
// why nothing happens. A receipt with short-dated lots (409 short_expiry) asks to confirm and
// posts again with confirmShortExpiry.
import { useState } from 'preact/hooks';
import { ApiError, newKey, post, put } from '../../api.js';
import { Confirm } from '../../components/dialog.js';
import { toast } from '../../components/toast.js';
import { useKeydown } from '../../hooks.js';
import { html } from '../../html.js';
import { can, me } from '../../session.js';
import { t } from './i18n.js';
import type { DocType, StockDoc, StockLocation } from './types.js';

export function DocActions(props: {
  type: DocType;
  location: StockLocation;
  doc: StockDoc | null;
  dirty: boolean;
  requisitionId: number | null;
  validate: () => Record<string, unknown> | null;
  onError: (e: unknown) => void;
  onSaved: (d: StockDoc) => void;
}) {
  const { doc } = props;
  const [createKey] = useState(newKey);
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState<
    | null
    | { kind: 'post' | 'cancel'; key: string }
    | { kind: 'short'; key: string; lines: string; months: string; saved: StockDoc }
  >(null);
  // A requisition is submitted (posted) by its maker, or by anyone who may post; it moves no stock.
  const submit = props.type === 'requisition';
  const mayPost = submit
    ? can('inventory.post') || (can('inventory.draft') && (!doc || doc.createdBy.id === me.value?.userId))
    : can('inventory.post');

  const save = async (body: Record<string, unknown>): Promise<StockDoc> => {
    if (doc) return put<StockDoc>(`/api/stock/docs/${doc.id}`, { version: doc.version, ...body });
    const b: Record<string, unknown> = { type: props.type, locationId: props.location.id, ...body };
    if (props.requisitionId) b.requisitionId = props.requisitionId;
    return post<StockDoc>('/api/stock/docs', b, { idempotencyKey: createKey });
  };

  const run = async (fn: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    try {
      await fn();
    } catch (e) {
      props.onError(e);
    } finally {
      setBusy(false);
    }
  };

  const onSave = () => {
    const body = props.validate();
    if (!body) return;
    void run(async () => {
      const d = await save(body);
      toast(t('doc.saved', { no: d.docNo }));
      props.onSaved(d);
    });
  };

  const askPost = () => {
    if ((props.dirty || !doc) && !props.validate()) return;
    setAsking({ kind: 'post', key: newKey() });
  };

  const doPost = (key: string, confirmShortExpiry = false, saved: StockDoc | null = null) =>
    run(async () => {
      let d = saved ?? doc;
      if (!saved && (props.dirty || !d)) {
        const body = props.validate();
        if (!body) return;
        d = await save(body);
      }
      if (!d) return;
      const target: StockDoc = d;
      try {
        const posted = await post<StockDoc>(
          `/api/stock/docs/${target.id}/post`,
          { version: target.version, ...(confirmShortExpiry ? { confirmShortExpiry: true } : {}) },
          { idempotencyKey: key },
        );
        toast(t(submit ? 'doc.submitted' : 'doc.posted', { no: posted.docNo }));
        props.onSaved(posted);
      } catch (e) {
        if (e instanceof ApiError && e.code === 'short_expiry' && !confirmShortExpiry) {
          // Ask, then post the saved draft again with the confirmation (a new intent, a new key).
          const details = (e.details ?? {}) as { lines?: number[]; months?: number };
          setAsking({
            kind: 'short',
            key: newKey(),
            lines: (details.lines ?? []).map((i) => i + 1).join('、'),
            months: String(details.months ?? ''),
            saved: target,
          });
          return;
        }
        // The draft was saved; show it (with the error) rather than a form that no longer matches.
        if (target !== doc) props.onSaved(target);
        throw e;
      }
    });

  const doCancel = () =>
    run(async () => {
      const d = await post<StockDoc>(`/api/stock/docs/${doc!.id}/cancel`, { version: doc!.version });
      toast(t('doc.cancelled', { no: d.docNo }));
      props.onSaved(d);
    });

  useKeydown((e) => {
    if (document.querySelector('dialog[open]')) return;
    if ((e.ctrlKey || e.metaKey) && e.key === 's' && can('inventory.draft')) {
      e.preventDefault();
      onSave();
    } else if (e.key === 'F9') {
      e.preventDefault();
      if (mayPost) askPost();
      else toast(t('doc.noPostRight'), 'error');
    }
  });

  return html`<div class="actions doc-actions">
    ${
      can('inventory.draft')
        ? html`<button type="button" class="btn" disabled=${busy}
      onClick=${onSave}>${busy ? t('working') : t('doc.save')}</button>`
        : null
    }
    ${
      mayPost
        ? html`<button type="button" class="btn btn-primary" disabled=${busy}
      onClick=${askPost}>${t(submit ? 'doc.submit' : 'doc.post')}</button>`
        : null
    }
    ${
      doc && doc.status === 'draft'
        ? html`<button type="button" class="btn btn-danger-quiet" disabled=${busy}
      onClick=${() => setAsking({ kind: 'cancel', key: newKey() })}>${t('doc.cancel')}</button>`
        : null
    }
    <span class="muted small">${t(submit ? 'doc.submitKeys' : mayPost ? 'doc.keys' : 'doc.keysDraft')}</span>
    ${
      asking?.kind === 'post'
        ? html`<${Confirm}
          title=${t(submit ? 'doc.submitTitle' : 'doc.postTitle')}
          text=${t(submit ? 'doc.submitText' : 'doc.postText')}
          confirmLabel=${t(submit ? 'doc.submit' : 'doc.postGo')}
          busy=${busy}
          onAnswer=${(yes: boolean) => {
            const key = asking.key;
            setAsking(null);
            if (yes) void doPost(key);
          }}
        />`
        : null
    }
    ${
      asking?.kind === 'short'
        ? html`<${Confirm}
          title=${t('short.title')}
          text=${t('short.text', { lines: asking.lines, m: asking.months })}
          confirmLabel=${t('short.go')}
          busy=${busy}
          onAnswer=${(yes: boolean) => {
            const { key, saved } = asking;
            setAsking(null);
            if (yes) void doPost(key, true, saved);
            else if (saved !== doc) props.onSaved(saved);
          }}
        />`
        : null
    }
    ${
      asking?.kind === 'cancel'
        ? html`<${Confirm}
          title=${t('doc.cancelTitle')}
          text=${t('doc.cancelText')}
          confirmLabel=${t('doc.cancelGo')}
          danger
          busy=${busy}
          onAnswer=${(yes: boolean) => {
            setAsking(null);
            if (yes) void doCancel();
          }}
        />`
        : null
    }
  </div>`;
}
