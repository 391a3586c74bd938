// The stock-take counting page (/store/stocktake?id=…), made for a tablet: one big row per
// lot in shelf order (by name, then expiry), a number field per line whose counts are saved
// as you go (PUT counts, debounced; 已保存 when the server has them), a pinyin filter,
// progress, "add a found lot", and for a poster the variance view and 审核记账. A line of an
// item sold in packs is counted in two fields, whole packs + loose pieces (sent as one number
// in the smallest unit); a blind count (盲盘) shows no book quantity to those who cannot post.
import { useEffect, useRef, useState } from 'preact/hooks';
import { EV } from '../../../../core/contract.js';
import { ApiError, get, newKey, post, put } from '../../api.js';
import { Confirm } from '../../components/dialog.js';
import { toast } from '../../components/toast.js';
import { useDebounced, useKeydown, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { can } from '../../session.js';
import { onEvent } from '../../socket.js';
import { AddFoundLot } from './found-lot.js';
import { DocView } from './doc-view.js';
import { StoreFrame } from './frame.js';
import { formatYuan, lineAmountFen, parseCount, qtyText } from './format.js';
import { t } from './i18n.js';
import { useLocationRoom } from './location.js';
import { StatusBadge } from './list.js';
import { go, paths, queryId } from './nav.js';
import type { Items, Lot, StockDoc, StockDocLine } from './types.js';

type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'error';

/**
 * What was typed for a line: "118" (smallest units) or, for packs + pieces, "4|22" (4 packs
 * and 22 pieces). Null when nothing or not whole numbers.
 */
export function parseCounted(text: string, packSize: number): number | null {
  if (!text.includes('|')) return parseCount(text);
  const [p = '', u = ''] = text.split('|');
  if (!p.trim() && !u.trim()) return null;
  const packs = p.trim() ? parseCount(p) : 0;
  const units = u.trim() ? parseCount(u) : 0;
  if (packs === null || units === null) return null;
  return packs * packSize + units;
}

export function StocktakePage() {
  const id = queryId('id');
  const r = useResource(
    () =>
      id ? get<StockDoc>(`/api/stock/docs/${id}`) : Promise.reject(new ApiError(404, 'not_found', t('doc.notFound'))),
    [id],
  );
  const d = r.data?.id === id ? r.data : undefined;
  useEffect(() => {
    if (d && d.type !== 'stocktake') go(paths.doc(d.id), { replace: true });
  }, [d?.id]);
  if (!d) {
    return html`<${StoreFrame} title=${t('stocktake.title')}>
      ${
        r.error
          ? html`<div class="form-error" role="alert">${r.error.message}</div>`
          : html`<p class="muted"
        role="status">${t('loading')}</p>`
      }
    <//>`;
  }
  return html`<${StoreFrame} title=${t('stocktake.titleOf', { no: d.docNo })}>
    <h2 class="doc-title">${d.locationName} <span class="mono">${d.docNo}</span> <${StatusBadge} status=${d.status} />
      </h2>
    ${
      d.status === 'draft' && can('inventory.draft')
        ? html`<${Counting} key=${d.id} initial=${d} onReload=${r.reload}
      />`
        : html`<${DocView} doc=${d} hereId=${null} onChanged=${r.reload} />`
    }
  <//>`;
}

function byShelf(a: StockDocLine, b: StockDocLine): number {
  return (
    a.itemName.localeCompare(b.itemName, 'zh-CN') ||
    (a.expiryDate ?? '').localeCompare(b.expiryDate ?? '') ||
    a.id - b.id
  );
}

function Counting(props: { initial: StockDoc; onReload: () => void }) {
  const [doc, setDoc] = useState(props.initial);
  /** What was typed and not yet confirmed by the server, by line id. */
  const [typed, setTyped] = useState<Record<number, string>>({});
  const [state, setState] = useState<SaveState>('idle');
  const [saveError, setSaveError] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const [view, setView] = useState<'count' | 'variance'>('count');
  const [adding, setAdding] = useState(false);
  const [asking, setAsking] = useState<string | null>(null);
  const [postError, setPostError] = useState<{ lineId: number | null; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const pending = useRef<Record<number, number>>({});
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inFlight = useRef<Promise<void> | null>(null);
  const typedRef = useRef(typed);
  typedRef.current = typed;

  useLocationRoom(doc.locationId, () => undefined);

  /** Sends what is pending; resolves when the server has it (or failed). */
  const flush = async (): Promise<void> => {
    clearTimeout(timer.current);
    if (inFlight.current) await inFlight.current;
    const batch = pending.current;
    const ids = Object.keys(batch).map(Number);
    if (!ids.length) return;
    pending.current = {};
    setState('saving');
    const job = (async () => {
      try {
        const next = await put<StockDoc>(`/api/stock/docs/${doc.id}/counts`, {
          counts: ids.map((lineId) => ({ lineId, countedQty: batch[lineId]! })),
        });
        setDoc(next);
        setTyped((prev) => {
          const out = { ...prev };
          // Packs + pieces stay as typed (the server's number would re-split them under the cursor).
          for (const lineId of ids)
            if (
              out[lineId] !== undefined &&
              !out[lineId]!.includes('|') &&
              parseCount(out[lineId]!) === batch[lineId] &&
              pending.current[lineId] === undefined
            )
              delete out[lineId];
          return out;
        });
        setSaveError(null);
        setState(Object.keys(pending.current).length ? 'pending' : 'saved');
      } catch (e) {
        // Keep them to send again with the next change (or the retry button).
        pending.current = { ...batch, ...pending.current };
        setSaveError(e instanceof ApiError ? e.message : t('error.unexpected'));
        setState('error');
      }
    })();
    inFlight.current = job;
    await job;
    inFlight.current = null;
  };
  const schedule = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), 600);
  };
  useEffect(() => () => clearTimeout(timer.current), []);
  // Counts not sent yet when the page is left: send them now.
  useEffect(
    () => () => {
      if (Object.keys(pending.current).length) void flush();
    },
    [],
  );

  // Another tablet counted or the draft changed elsewhere: take the server's lines (typed values stay).
  useEffect(
    () =>
      onEvent(EV.stockDocChanged, (env) => {
        const p = env.payload;
        if (p.id !== doc.id) return;
        if (p.status !== 'draft') props.onReload();
        else void get<StockDoc>(`/api/stock/docs/${doc.id}`).then(setDoc, () => undefined);
      }),
    [doc.id],
  );

  const onType = (lineId: number, text: string) => {
    setTyped((prev) => ({ ...prev, [lineId]: text }));
    setPostError((e) => (e && (e.lineId === lineId || e.lineId === null) ? null : e));
    const line = doc.lines.find((l) => l.id === lineId);
    const n = parseCounted(text, line?.packSize ?? 1);
    if (n === null) {
      delete pending.current[lineId];
      return;
    }
    pending.current[lineId] = n;
    setState('pending');
    schedule();
  };

  // Filter: the server's pinyin search over this location's lots gives the item ids.
  const dq = useDebounced(q.trim(), 250);
  const found = useResource(
    () =>
      dq
        ? get<Items<Lot>>('/api/stock/lots', {
            locationId: doc.locationId,
            q: dq,
            includeEmpty: 'true',
            includeExpired: 'true',
          })
        : Promise.resolve(null),
    [dq, doc.locationId],
  );
  const matchIds = found.data ? new Set(found.data.items.map((l) => l.itemId)) : null;
  const lines = [...doc.lines].sort(byShelf);
  // Until the first answer for a filter arrives, every line stays (no flash of "nothing matches").
  const shown =
    dq && matchIds
      ? lines.filter(
          (l) =>
            matchIds?.has(l.itemId) ||
            l.itemName.includes(dq) ||
            l.itemCode.toLowerCase().includes(dq.toLowerCase()) ||
            (l.lotNo ?? '').includes(dq),
        )
      : lines;
  const countOf = (l: StockDocLine): number | null => {
    const typedText = typed[l.id];
    if (typedText !== undefined) return parseCounted(typedText, l.packSize);
    return l.countedQty;
  };
  const counted = doc.lines.filter((l) => countOf(l) !== null).length;

  const askPost = () => {
    setPostError(null);
    setAsking(newKey());
  };
  const doPost = async (key: string) => {
    setBusy(true);
    try {
      await flush();
      if (Object.keys(pending.current).length) throw new ApiError(0, 'not_saved', t('count.notSaved'));
      const current = await get<StockDoc>(`/api/stock/docs/${doc.id}`);
      const posted = await post<StockDoc>(
        `/api/stock/docs/${doc.id}/post`,
        { version: current.version },
        { idempotencyKey: key },
      );
      toast(t('doc.posted', { no: posted.docNo }));
      props.onReload();
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, 'unexpected', t('error.unexpected'));
      const m = /^lines\.(\d+)/.exec(err.field ?? '');
      const line = m ? doc.lines[Number(m[1])] : undefined;
      setPostError({ lineId: line?.id ?? null, message: err.message });
      if (line) {
        setQ('');
        setView('count');
        requestAnimationFrame(() =>
          document.querySelector<HTMLInputElement>(`input[data-line-id="${line.id}"]`)?.focus(),
        );
      }
    } finally {
      setBusy(false);
    }
  };

  useKeydown((e) => {
    if (document.querySelector('dialog[open]')) return;
    if (e.key === 'F9') {
      e.preventDefault();
      // Only a poster posts; anyone else is told why F9 does nothing.
      if (can('inventory.post')) askPost();
      else toast(t('doc.noPostRight'), 'error');
    }
  });

  const stateText =
    state === 'saving'
      ? t('count.saving')
      : state === 'pending'
        ? t('count.pending')
        : state === 'saved'
          ? t('count.saved')
          : state === 'error'
            ? t('count.error')
            : '';
  return html`<div class="stocktake">
    <div class="count-bar">
      <label class="search count-search">
        <span class="sr-only">${t('count.filter')}</span>
        <input type="search" name="q" value=${q} placeholder=${t('count.filter')} autocomplete="off"
          onInput=${(e: Event) => setQ((e.currentTarget as HTMLInputElement).value)} />
      </label>
      <div class="count-progress" role="status" data-testid="count-progress">
        <progress max=${doc.lines.length} value=${counted}></progress>
        <span>${t('count.progress', { n: counted, total: doc.lines.length })}</span>
      </div>
      <span class=${'count-state count-state-' + state} role="status" data-testid="save-state">${stateText}</span>
      ${
        state === 'error'
          ? html`<button type="button" class="btn btn-small"
        onClick=${() => void flush()}>${t('count.retry')}</button>`
          : null
      }
      <button type="button" class="btn" onClick=${() => setAdding(true)}>${t('count.addLot')}</button>
      ${
        can('inventory.post')
          ? html`<div class="tabs count-tabs" role="tablist">
            <button type="button" role="tab" aria-selected=${view === 'count' ? 'true' : 'false'}
              class=${view === 'count' ? 'tab tab-on' : 'tab'}
                onClick=${() => setView('count')}>${t('count.viewCount')}</button>
            <button type="button" role="tab" aria-selected=${view === 'variance' ? 'true' : 'false'}
              class=${view === 'variance' ? 'tab tab-on' : 'tab'}
                onClick=${() => (void flush(), setView('variance'))}>${t('count.viewVariance')}</button>
          </div>`
          : null
      }
    </div>
    ${doc.blind ? html`<p class="notice" data-testid="blind-note">${t('count.blind')}</p>` : null}
    ${saveError ? html`<div class="form-error" role="alert">${saveError}</div>` : null}
    ${postError ? html`<div class="form-error" role="alert">${postError.message}</div>` : null}
    ${
      view === 'count'
        ? html`<ul class="count-list" aria-label=${t('count.label')}>
          ${shown.map(
            (l, i) => html`<${CountRow} key=${l.id} line=${l} bookHidden=${doc.bookHidden}
            text=${typed[l.id] ?? (l.countedQty === null ? '' : String(l.countedQty))}
              invalid=${postError?.lineId === l.id} onType=${(v: string) => onType(l.id, v)}
                nextId=${shown[i + 1]?.id ?? null} />`,
          )}
          ${!shown.length ? html`<li class="empty muted">${dq ? t('count.noMatch') : t('count.empty')}</li>` : null}
        </ul>`
        : html`<${VarianceTable} lines=${lines} countOf=${countOf} />`
    }
    ${
      can('inventory.post')
        ? html`<div class="actions">
          <button type="button" class="btn btn-primary btn-big" disabled=${busy}
            onClick=${askPost}>${busy ? t('working') : t('doc.post')} F9</button>
        </div>`
        : html`<p class="muted">${t('count.posterHint')}</p>`
    }
    ${
      adding
        ? html`<${AddFoundLot}
          doc=${doc}
          flush=${flush}
          onClose=${() => setAdding(false)}
          onAdded=${(d: StockDoc) => {
            setDoc(d);
            setAdding(false);
          }}
        />`
        : null
    }
    ${
      asking
        ? html`<${Confirm}
          title=${t('count.postTitle')}
          text=${t('count.postText', { n: counted, total: doc.lines.length })}
          confirmLabel=${t('doc.postGo')}
          busy=${busy}
          onAnswer=${(yes: boolean) => {
            const key = asking;
            setAsking(null);
            if (yes) void doPost(key);
          }}
        />`
        : null
    }
  </div>`;
}

function CountRow(props: {
  line: StockDocLine;
  bookHidden: boolean;
  text: string;
  invalid: boolean;
  onType: (v: string) => void;
  nextId: number | null;
}) {
  const l = props.line;
  const packed = l.packSize > 1;
  // Packs + pieces: "p|u" while typing; a saved count shows as whole packs and the rest.
  const [packsText, unitsText] = props.text.includes('|')
    ? (props.text.split('|') as [string, string])
    : packed && props.text.trim() !== '' && parseCount(props.text) !== null
      ? [String(Math.floor(parseCount(props.text)! / l.packSize)), String(parseCount(props.text)! % l.packSize)]
      : ['', props.text];
  const n = parseCounted(props.text, l.packSize);
  const bad = props.text.replace('|', '').trim() !== '' && n === null;
  const invalid = props.invalid || bad ? 'true' : undefined;
  const next = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && props.nextId !== null) {
      e.preventDefault();
      document.querySelector<HTMLInputElement>(`input[data-line-id="${props.nextId}"]`)?.focus();
    }
  };
  const label = t('count.fieldLabel', { name: l.itemName, lot: l.lotNo ?? '' });
  const rowClass =
    props.invalid || bad ? 'count-row count-row-invalid' : n !== null ? 'count-row count-row-done' : 'count-row';
  return html`<li class=${rowClass}>
    <div class="count-item">
      <strong>${l.itemName}</strong> <span class="muted">${l.spec ?? ''}</span>
      <div class="small">
        <span class="mono">${l.lotNo ?? ''}</span> ·${' '}
          ${t('lot.expiry', { date: l.expiryDate ?? '' })}${
            props.bookHidden || l.snapshotQty === null
              ? ''
              : ' · ' + t('count.book', { q: qtyText(l.snapshotQty, l.unit, l.packUnit, l.packSize) })
          }
      </div>
    </div>
    ${
      packed
        ? html`<label class="count-field count-field-packs">
          <span class="sr-only">${t('count.packsLabel', { name: l.itemName, lot: l.lotNo ?? '', unit: l.packUnit })}
            </span>
          <input
            type="text"
            inputmode="numeric"
            pattern="[0-9]*"
            class="count-input count-input-packs"
            data-line-id=${String(l.id)}
            data-part="packs"
            name=${`count.${l.id}.packs`}
            aria-label=${t('count.packsLabel', { name: l.itemName, lot: l.lotNo ?? '', unit: l.packUnit })}
            aria-invalid=${invalid}
            value=${packsText}
            onInput=${(e: Event) => props.onType(`${(e.currentTarget as HTMLInputElement).value}|${unitsText}`)}
            onKeyDown=${next}
          />
          <span class="count-unit">${l.packUnit}</span>
        </label>`
        : null
    }
    <label class="count-field">
      <span class="sr-only">${label}</span>
      <input
        type="text"
        inputmode="numeric"
        pattern="[0-9]*"
        class="count-input"
        data-line-id=${packed ? undefined : String(l.id)}
        data-part="units"
        name=${`count.${l.id}`}
        aria-label=${label}
        aria-invalid=${invalid}
        value=${unitsText}
        onInput=${(e: Event) => {
          const typed = (e.currentTarget as HTMLInputElement).value;
          props.onType(packed ? `${packsText}|${typed}` : typed);
        }}
        onKeyDown=${next}
      />
      <span class="count-unit">${l.unit}</span>
    </label>
    <div class="count-hint small muted" data-testid="count-total">
      ${
        bad
          ? html`<span class="danger-text">${t('count.bad')}
        </span>`
          : n !== null && packed
            ? qtyText(n, l.unit, l.packUnit, l.packSize)
            : ''
      }
    </div>
  </li>`;
}

function VarianceTable(props: { lines: StockDocLine[]; countOf: (l: StockDocLine) => number | null }) {
  let total = 0;
  const rows = props.lines.map((l) => {
    const c = props.countOf(l);
    const v = c === null || l.snapshotQty === null ? null : c - l.snapshotQty;
    const value =
      v === null || l.purchasePriceFen === null
        ? null
        : Math.sign(v) * lineAmountFen(Math.abs(v), l.purchasePriceFen, l.packSize);
    total += value ?? 0;
    return { l, c, v, value };
  });
  return html`<div class="table-scroll">
    <table class="data" aria-label=${t('count.varianceLabel')}>
      <thead>
        <tr>
          <th scope="col">${t('col.item')}</th>
          <th scope="col">${t('col.lotNo')}</th>
          <th scope="col">${t('col.expiry')}</th>
          <th scope="col" class="num">${t('col.snapshot')}</th>
          <th scope="col" class="num">${t('col.counted')}</th>
          <th scope="col" class="num">${t('col.variance')}</th>
          <th scope="col" class="num">${t('col.varianceValue')}</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          ({ l, c, v, value }) => html`<tr key=${l.id}
            class=${c === null ? 'row-near' : v ? (v < 0 ? 'row-expired' : 'row-gain') : undefined}>
            <td><strong>${l.itemName}</strong> <span class="small muted">${l.spec ?? ''}</span></td>
            <td class="mono">${l.lotNo ?? ''}</td>
            <td class="mono">${l.expiryDate ?? ''}</td>
            <td class="num">${l.snapshotQty ?? ''}${l.unit}</td>
            <td class="num">${c === null ? t('count.uncounted') : `${c}${l.unit}`}</td>
            <td class="num">${v === null ? '' : `${v > 0 ? '+' : ''}${v}${l.unit}`}</td>
            <td class="num mono">${value === null ? '' : formatYuan(value)}</td>
          </tr>`,
        )}
      </tbody>
      <tfoot><tr><td colspan="6" class="num">${t('count.varianceTotal')}</td><td class="num mono"
        data-testid="variance-total">${formatYuan(total)}</td></tr></tfoot>
    </table>
  </div>`;
}
