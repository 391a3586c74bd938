// A stock document: /store/docs/new?type=… (a new draft; ?requisitionId= prefills a transfer
// from a requisition) and /store/doc?id=… (edit a draft, post it, cancel it; view a posted
// document and reverse it). Server field errors land on their field or line cell; a 409
// stale version offers to reload.
import { useEffect, useRef, useState } from 'preact/hooks';
import { EV } from '../../../../core/contract.js';
import { ApiError, get } from '../../api.js';
import { toast } from '../../components/toast.js';
import { useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { can } from '../../session.js';
import { onEvent } from '../../socket.js';
import { DocActions } from './doc-actions.js';
import { DocHeader, type HeaderDraft } from './doc-header.js';
import { DocView } from './doc-view.js';
import { StoreFrame } from './frame.js';
import { t, typeLabel } from './i18n.js';
import { blankLine, checkLine, draftOfLine, lineInput, LinesGrid, type CellError, type LineDraft } from './lines.js';
import { useLocation, useLocationRoom } from './location.js';
import { go, paths, queryId, queryParam } from './nav.js';
import { StatusBadge } from './list.js';
import {
  blankPriceLine,
  checkPriceLine,
  draftOfPriceLine,
  priceLineInput,
  PriceLinesGrid,
  type PriceLineDraft,
} from './price-lines.js';
import { centerDateTimeLocalToMs, centerParts } from '../../time.js';
import { TextField } from '../../components/form.js';
import { DOC_TYPES, OUTGOING, type DocType, type Items, type Lot, type StockDoc, type StockLocation } from './types.js';

const HEADER_FIELDS = [
  'counterpartId',
  'supplierId',
  'supplierInvoiceNo',
  'reason',
  'note',
  'type',
  'locationId',
  'requisitionId',
  'effectiveAt',
];

export function NewDocPage() {
  const loc = useLocation();
  const typeParam = queryParam('type') as DocType | null;
  const requisitionId = queryId('requisitionId');
  const type = typeParam && DOC_TYPES.includes(typeParam) && typeParam !== 'stocktake' ? typeParam : null;
  const here = loc.current?.id ?? null;
  const prefillKey = `${requisitionId}:${here}`;
  const prefill = useResource(
    async () => ({
      key: prefillKey,
      value: requisitionId && here !== null ? await prefillFromRequisition(requisitionId, here) : null,
    }),
    [prefillKey],
  );
  if (!type)
    return html`<${StoreFrame} title=${t('doc.new')}><p class="form-error" role="alert">${t('doc.badType')}</p><//>`;
  // The editor starts from the prefill of this requisition at this location (never from an older one).
  if (!loc.current || (!prefill.error && prefill.data?.key !== prefillKey)) {
    return html`<${StoreFrame} title=${t('doc.newOf', { type: typeLabel(type) })}>
      ${
        loc.locations.error
          ? html`<div class="form-error" role="alert">${loc.locations.error.message}</div>`
          : html`
        <p class="muted" role="status">${t('loading')}</p>`
      }
    <//>`;
  }
  if (prefill.error)
    return html`<${StoreFrame} title=${t('doc.newOf', { type: typeLabel(type) })}><div class="form-error"
      role="alert">${prefill.error.message}</div><//>`;
  if (type === 'price_adjustment') {
    return html`<${StoreFrame} title=${t('doc.newOf', { type: typeLabel(type) })} location=${loc}>
      <${PriceDocEditor} key=${loc.current.id} location=${loc.current} locations=${loc.list} doc=${null}
        onSaved=${(d: StockDoc) => go(paths.doc(d.id), { replace: true })} />
    <//>`;
  }
  return html`<${StoreFrame} title=${t('doc.newOf', { type: typeLabel(type) })} location=${loc}>
    <${DocEditor} key=${loc.current.id} type=${type} location=${loc.current} locations=${loc.list} doc=${null}
      prefill=${prefill.data?.value ?? null} onSaved=${(d: StockDoc) => go(paths.doc(d.id), { replace: true })} />
  <//>`;
}

export function DocPage() {
  const id = queryId('id');
  const loc = useLocation();
  const doc = useResource(
    () =>
      id ? get<StockDoc>(`/api/stock/docs/${id}`) : Promise.reject(new ApiError(404, 'not_found', t('doc.notFound'))),
    [id],
  );
  const d = doc.data?.id === id ? doc.data : undefined;
  useEffect(() => {
    if (d && d.type === 'stocktake' && d.status === 'draft') go(paths.stocktake(d.id), { replace: true });
  }, [d?.id, d?.status]);
  useLocationRoom(d?.locationId ?? null, () => undefined);
  if (!d) {
    return html`<${StoreFrame} title=${t('doc.title')}>
      ${
        doc.error
          ? html`<div class="form-error" role="alert">${doc.error.message}</div>`
          : html`<p class="muted"
        role="status">${t('loading')}</p>`
      }
    <//>`;
  }
  const location = loc.list.find((l) => l.id === d.locationId) ?? null;
  const editable = d.status === 'draft' && d.type !== 'stocktake' && can('inventory.draft') && location !== null;
  const title = html`${typeLabel(d.type)} <span class="mono">${d.docNo}</span> <${StatusBadge} status=${d.status} />`;
  return html`<${StoreFrame} title=${t('doc.titleOf', { type: typeLabel(d.type), no: d.docNo })}>
    <h2 class="doc-title">${title}</h2>
    ${
      editable && d.type === 'price_adjustment'
        ? html`<${PriceDocEditor} key=${`${d.id}:${d.version}`} location=${location!} locations=${loc.list} doc=${d}
          onSaved=${() => doc.reload()} onReload=${doc.reload} />`
        : editable
          ? html`<${DocEditor} key=${`${d.id}:${d.version}`} type=${d.type} location=${location!}
            locations=${loc.list} doc=${d} prefill=${null} onSaved=${() => doc.reload()} onReload=${doc.reload} />`
          : html`<${DocView} doc=${d} hereId=${loc.current?.id ?? null} onChanged=${doc.reload} />`
    }
  <//>`;
}

interface Prefill {
  header: Partial<HeaderDraft>;
  lines: LineDraft[];
  requisitionId: number;
}

/** A transfer drafted from a requisition: to the requesting pharmacy, its lines split over this store's lots FEFO. */
async function prefillFromRequisition(reqId: number, storeId: number): Promise<Prefill> {
  const req = await get<StockDoc>(`/api/stock/docs/${reqId}`);
  const lines: LineDraft[] = [];
  for (const rl of req.lines) {
    const lots = (await get<Items<Lot>>('/api/stock/lots', { locationId: storeId, itemId: rl.itemId })).items.filter(
      (l) => !l.expired && l.qtyOnHand > 0,
    );
    let left = rl.quantity ?? 0;
    for (const lot of lots) {
      if (left <= 0) break;
      const take = Math.min(left, lot.qtyOnHand);
      left -= take;
      lines.push({
        ...draftOfLine({
          ...rl,
          quantity: take,
          lotId: lot.id,
          lotNo: lot.lotNo,
          expiryDate: lot.expiryDate,
          purchasePriceFen: lot.purchasePriceFen,
        }),
      });
    }
    // What the store cannot cover stays on a row without a lot: the clerk sees it and decides.
    if (left > 0)
      lines.push({
        ...draftOfLine({ ...rl, quantity: left, lotId: null, lotNo: null, expiryDate: null, purchasePriceFen: null }),
      });
  }
  return {
    header: { counterpartId: String(req.locationId), note: t('doc.fromRequisition', { no: req.docNo }) },
    lines: lines.length ? lines : [blankLine()],
    requisitionId: req.id,
  };
}

function headerOf(doc: StockDoc | null, location: StockLocation, type: DocType, prefill: Prefill | null): HeaderDraft {
  const defCounterpart = type === 'requisition' && location.suppliedById ? String(location.suppliedById) : '';
  return {
    counterpartId: doc?.counterpartId ? String(doc.counterpartId) : (prefill?.header.counterpartId ?? defCounterpart),
    supplier: doc?.supplierId ? { id: doc.supplierId, name: doc.supplierName ?? '' } : null,
    supplierInvoiceNo: doc?.supplierInvoiceNo ?? '',
    reason: doc?.reason ?? '',
    note: doc?.note ?? prefill?.header.note ?? '',
  };
}

/** Maps a server error's field (e.g. lines.2.quantity) to a line cell; the rest stays on the form. */
function cellErrorOf(e: ApiError, sent: LineDraft[]): CellError | null {
  const m = /^lines\.(\d+)(?:\.(\w+))?/.exec(e.field ?? '');
  if (!m) return null;
  const line = sent[Number(m[1])];
  if (!line) return null;
  return { key: line.key, col: m[2] ?? '', message: e.message, line };
}

function DocEditor(props: {
  type: DocType;
  location: StockLocation;
  locations: StockLocation[];
  doc: StockDoc | null;
  prefill: Prefill | null;
  onSaved: (d: StockDoc) => void;
  onReload?: () => void;
}) {
  const { type, doc } = props;
  const [header, setHeader] = useState<HeaderDraft>(() => headerOf(doc, props.location, type, props.prefill));
  const [lines, setLines] = useState<LineDraft[]>(() =>
    doc ? doc.lines.map(draftOfLine) : (props.prefill?.lines ?? [blankLine()]),
  );
  const [cellErrors, setCellErrors] = useState<CellError[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [staleByOther, setStaleByOther] = useState(false);

  const used = lines.filter((l) => l.item !== null || l.qtyText.trim() !== '');
  const body = () => {
    const b: Record<string, unknown> = { lines: used.map((l) => lineInput(type, l)) };
    if (['transfer', 'requisition', 'consumption'].includes(type))
      b.counterpartId = header.counterpartId ? Number(header.counterpartId) : null;
    if (type === 'receipt' || type === 'supplier_return') b.supplierId = header.supplier?.id ?? null;
    if (type === 'receipt') b.supplierInvoiceNo = header.supplierInvoiceNo.trim() || null;
    if (type === 'loss') b.reason = header.reason.trim() || null;
    b.note = header.note.trim() || null;
    return b;
  };
  const savedBody = useState(() => (doc ? JSON.stringify(body()) : ''))[0];
  const dirty = !doc || JSON.stringify(body()) !== savedBody;

  const dirtyRef = useRef(false);
  dirtyRef.current = dirty && !!doc;
  // Someone else changed this draft: say so (and reload at once when nothing here is unsaved).
  useEffect(() => {
    if (!doc) return;
    return onEvent(EV.stockDocChanged, (env) => {
      const p = env.payload;
      if (p.id !== doc.id) return;
      if (dirtyRef.current) setStaleByOther(true);
      else props.onReload?.();
    });
  }, [doc?.id, doc?.version]);

  /** Checks the form; returns the body or null (errors shown). */
  const validate = (): Record<string, unknown> | null => {
    setError(null);
    const errs = used.map((l) => checkLine(type, l)).filter((e): e is CellError => e !== null);
    setCellErrors(errs);
    if (!used.length) {
      setError(new ApiError(422, 'invalid', t('err.noLines'), 'lines'));
      return null;
    }
    if (errs.length) {
      requestAnimationFrame(() => document.querySelector<HTMLElement>('.lines [aria-invalid="true"]')?.focus());
      return null;
    }
    return body();
  };

  const showError = (e: unknown) => {
    if (!(e instanceof ApiError)) {
      toast(t('error.unexpected'), 'error');
      console.error(e);
      return;
    }
    const cell = cellErrorOf(e, used);
    setCellErrors(cell ? [cell] : []);
    setError(cell ? null : e);
    if (cell)
      requestAnimationFrame(() =>
        document.querySelector<HTMLElement>(`tr.line-invalid [aria-invalid="true"], tr.line-invalid input`)?.focus(),
      );
    else if (e.field)
      requestAnimationFrame(() => document.querySelector<HTMLElement>(`[name="${CSS.escape(e.field!)}"]`)?.focus());
  };

  return html`<form class="doc-form" novalidate onSubmit=${(e: Event) => e.preventDefault()}>
    ${
      staleByOther || error?.code === 'stale_version'
        ? html`<div class="notice notice-warn" role="alert">
          ${t('doc.stale')}
          <button type="button" class="btn btn-small" onClick=${() => props.onReload?.()}>${t('doc.reload')}</button>
        </div>`
        : null
    }
    ${
      error && error.code !== 'stale_version' && !(error.field && HEADER_FIELDS.includes(error.field))
        ? html`<div
      class="form-error" role="alert">${error.message}</div>`
        : null
    }
    <${DocHeader} type=${type} location=${props.location} locations=${props.locations} value=${header}
      onChange=${setHeader} error=${error} disabled=${false} />
    <${LinesGrid} type=${type} locationId=${props.location.id} lines=${lines} errors=${cellErrors}
      setLines=${setLines} />
    <${DocActions}
      type=${type}
      location=${props.location}
      doc=${doc}
      dirty=${dirty}
      requisitionId=${props.prefill?.requisitionId ?? null}
      validate=${validate}
      onError=${showError}
      onSaved=${props.onSaved}
    />
  </form>`;
}

/** "2026-12-08T09:00" in the center's zone (the value of a datetime-local field). */
function localValue(ms: number | null): string {
  if (ms === null) return '';
  const p = centerParts(ms);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/**
 * A price adjustment (调价单) being drafted: the effective time (empty: when posted; a future
 * time in the center's zone: it takes effect by itself), the note, and the price lines.
 */
function PriceDocEditor(props: {
  location: StockLocation;
  locations: StockLocation[];
  doc: StockDoc | null;
  onSaved: (d: StockDoc) => void;
  onReload?: () => void;
}) {
  const { doc } = props;
  const [header, setHeader] = useState<HeaderDraft>(() => headerOf(doc, props.location, 'price_adjustment', null));
  const [effective, setEffective] = useState(() => localValue(doc?.effectiveAt ?? null));
  const [lines, setLines] = useState<PriceLineDraft[]>(() =>
    doc ? doc.lines.map(draftOfPriceLine) : [blankPriceLine()],
  );
  const [cellErrors, setCellErrors] = useState<CellError[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const used = lines.filter((l) => l.item !== null || l.newPriceText.trim() !== '');
  const body = () => ({
    lines: used.filter((l) => l.item).map(priceLineInput),
    note: header.note.trim() || null,
    effectiveAt: effective ? (centerDateTimeLocalToMs(effective) ?? null) : null,
  });
  const savedBody = useState(() => (doc ? JSON.stringify(body()) : ''))[0];
  const dirty = !doc || JSON.stringify(body()) !== savedBody;

  const validate = (): Record<string, unknown> | null => {
    setError(null);
    const errs = used.map(checkPriceLine).filter((e): e is CellError => e !== null);
    setCellErrors(errs);
    if (!used.length) {
      setError(new ApiError(422, 'invalid', t('err.noLines'), 'lines'));
      return null;
    }
    const b = body();
    if (b.effectiveAt !== null && b.effectiveAt <= Date.now()) {
      setError(new ApiError(422, 'invalid', t('err.effectiveAt'), 'effectiveAt'));
      return null;
    }
    if (errs.length) {
      requestAnimationFrame(() => document.querySelector<HTMLElement>('.lines [aria-invalid="true"]')?.focus());
      return null;
    }
    return b;
  };
  const showError = (e: unknown) => {
    if (!(e instanceof ApiError)) {
      toast(t('error.unexpected'), 'error');
      console.error(e);
      return;
    }
    const m = /^lines\.(\d+)(?:\.(\w+))?/.exec(e.field ?? '');
    const line = m ? used[Number(m[1])] : undefined;
    setCellErrors(line ? [{ key: line.key, col: m![2] ?? '', message: e.message }] : []);
    setError(line ? null : e);
    if (e.field && !line)
      requestAnimationFrame(() => document.querySelector<HTMLElement>(`[name="${CSS.escape(e.field!)}"]`)?.focus());
  };
  return html`<form class="doc-form" novalidate onSubmit=${(e: Event) => e.preventDefault()}>
    ${
      error?.code === 'stale_version'
        ? html`<div class="notice notice-warn" role="alert">${t('doc.stale')} <button type="button"
          class="btn btn-small" onClick=${() => props.onReload?.()}>${t('doc.reload')}</button></div>`
        : null
    }
    ${
      error && error.code !== 'stale_version' && !(error.field && HEADER_FIELDS.includes(error.field))
        ? html`<div
      class="form-error" role="alert">${error.message}</div>`
        : null
    }
    <div class="form grid3 doc-header">
      <${TextField}
        label=${t('field.effectiveAt')}
        name="effectiveAt"
        type="datetime-local"
        value=${effective}
        hint=${t('field.effectiveAtHint')}
        onInput=${(v: string) => setEffective(v)}
        error=${error}
      />
    </div>
    <${DocHeader} type="price_adjustment" location=${props.location} locations=${props.locations} value=${header}
      onChange=${setHeader} error=${error} disabled=${false} />
    <${PriceLinesGrid} lines=${lines} errors=${cellErrors} setLines=${setLines} />
    <${DocActions} type="price_adjustment" location=${props.location} doc=${doc} dirty=${dirty} requisitionId=${null}
      validate=${validate} onError=${showError} onSaved=${props.onSaved} />
  </form>`;
}

export { OUTGOING };
