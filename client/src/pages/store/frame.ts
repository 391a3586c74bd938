// The store station's frame: the heading with the location picker, and the station's own
// navigation (documents + the report pages spread in from ./reports), and the stock alert
// bar for the location (every store page).
import type { ComponentChildren } from 'preact';
import { PageHead } from '../../components/layout.js';
import { html } from '../../html.js';
import { currentPath } from '../../router.js';
import { go, paths } from './nav.js';
import { REPORT_NAV } from './reports/nav.js';
import { t } from './i18n.js';
import { LocationPicker, type LocationState } from './location.js';
import { ChosenLocationAlertBar, StockAlertBar } from './alert-bar.js';
import { can } from '../../session.js';

export function StoreNav() {
  const here = currentPath.value;
  const items = [{ path: paths.list, title: () => t('nav.docs') }, ...REPORT_NAV];
  return html`<nav class="store-nav" aria-label=${t('nav.label')}>
    ${items.map(
      (i) => html`<a
        key=${i.path}
        href=${i.path}
        class=${here === i.path ? 'store-nav-item store-nav-on' : 'store-nav-item'}
        aria-current=${here === i.path ? 'page' : undefined}
        onClick=${(e: MouseEvent) => {
          if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey) return;
          e.preventDefault();
          go(i.path);
        }}
        >${i.title()}</a
      >`,
    )}
  </nav>`;
}

export function StoreFrame(props: {
  title: string;
  location?: LocationState;
  actions?: ComponentChildren;
  children?: ComponentChildren;
}) {
  return html`<div class="page store">
    <${PageHead} title=${props.title}>
      ${props.location ? html`<${LocationPicker} state=${props.location} />` : null}
      ${props.actions}
    <//>
    <${StoreNav} />
    ${
      can('inventory.read')
        ? props.location
          ? props.location.current
            ? html`<${StockAlertBar} key=${props.location.current.id} locationId=${props.location.current.id} />`
            : null
          : html`<${ChosenLocationAlertBar} />`
        : null
    }
    ${props.children}
  </div>`;
}
