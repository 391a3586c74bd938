// The stock alert bar shown where people work (every store page, the pharmacy station): the
// standing count per kind at one location (expired lots, near-expiry lots, items below their
// reorder level) from GET /api/stock/alerts, reloaded when the room is joined, on stock:alert
// and on stock:changed for that location; a toast when a new alert arrives; a link to
// 效期与库存预警. Callers show it only to users with inventory.read (the API's permission).
import { useEffect, useRef } from 'preact/hooks';
import { EV, type StockAlertPayload } from '../../../../core/contract.js';
import { get } from '../../api.js';
import { toast } from '../../components/toast.js';
import { useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { onEvent, onResync } from '../../socket.js';
import { t } from './alert-bar.i18n.js';
import { chooseLocation, useLocation, useLocationRoom } from './location.js';
import { go } from './nav.js';
import { REPORT_PATHS } from './reports/nav.js';
import type { AlertsReport } from './reports/types.js';

/** What the toast says about a pushed alert: up to three item names. */
export function alertText(p: StockAlertPayload): string {
  const names = [...new Set(p.items.map((i) => i.name))];
  const shown = names.slice(0, 3).join('、');
  const list = names.length > 3 ? t('toast.more', { names: shown, n: names.length }) : shown;
  return t(`toast.${p.kind}`, { names: list });
}

export function StockAlertBar(props: { locationId: number }) {
  const id = props.locationId;
  const r = useResource(() => get<AlertsReport>('/api/stock/alerts', { locationId: id }), [id]);
  // A posting touches many items at once: one reload for a burst of stock:changed.
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const soon = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(r.reload, 150);
  };
  useLocationRoom(id, r.reload);
  useEffect(() => {
    const offs = [
      onEvent(EV.stockChanged, (env) => {
        if (env.payload.locationId === id) soon();
      }),
      onEvent(EV.stockAlert, (env) => {
        const p = env.payload;
        if (p.locationId !== id || !p.items.length) return;
        toast(alertText(p), 'info', 8000);
        soon();
      }),
      onResync(soon),
    ];
    return () => {
      for (const off of offs) off();
      clearTimeout(timer.current);
    };
  }, [id]);

  if (r.error)
    return html`<div class="stock-alerts stock-alerts-error"
      role="alert">${t('bar.error', { message: r.error.message })}</div>`;
  const d = r.data;
  if (!d) return null;
  const kinds: Array<[string, string, number]> = [
    ['expired', t('bar.expired'), d.expired.length],
    ['near_expiry', t('bar.near'), d.nearExpiry.length],
    ['below_reorder', t('bar.reorder'), d.belowReorder.length],
  ];
  const any = kinds.some(([, , n]) => n > 0);
  return html`<section class=${any ? 'stock-alerts stock-alerts-on' : 'stock-alerts'} aria-label=${t('bar.label')}
    data-testid="stock-alerts" data-counts=${kinds.map(([, , n]) => n).join('/')}>
    <span class="stock-alerts-title">${any ? '⚠ ' : ''}${t('bar.title')}</span>
    ${
      any
        ? kinds.map(
            ([kind, label, n]) =>
              html`<span key=${kind}
                class=${
                  n > 0 ? `stock-alert ` + `stock-alert-${kind} stock-alert-on` : `stock-alert ` + `stock-alert-${kind}`
                }
                data-kind=${kind}
              >${label} <strong class="stock-alert-count">${n}</strong></span
            >`,
          )
        : html`<span class="muted">${t('bar.none')}</span>`
    }
    <a
      class="stock-alerts-link"
      href=${REPORT_PATHS.alerts}
      onClick=${(e: MouseEvent) => {
        chooseLocation(id);
        if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey) return;
        e.preventDefault();
        go(REPORT_PATHS.alerts);
      }}
      >${t('bar.open')} →</a
    >
  </section>`;
}

/** The bar for the store station's chosen location (pages whose frame was not given the location). */
export function ChosenLocationAlertBar() {
  const loc = useLocation();
  return loc.current ? html`<${StockAlertBar} key=${loc.current.id} locationId=${loc.current.id} />` : null;
}
