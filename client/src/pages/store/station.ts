// The store station's entry in the station registry (client/src/stations.ts): the documents
// list, a document, the stock-take counting page, and the report pages from ./reports.
// The pages load on demand (client/src/lazy.ts): the store is one or two people's work.
import type { Station } from '../../station-types.js';
import { lazyPage } from '../../lazy.js';
import { t } from './station.i18n.js';
import { storedLocation } from './stored-location.js';
import { REPORT_ROUTES } from './reports/index.js';

const StoreListPage = lazyPage(() => import('./list.js').then((m) => m.StoreListPage));
const NewDocPage = lazyPage(() => import('./doc.js').then((m) => m.NewDocPage));
const DocPage = lazyPage(() => import('./doc.js').then((m) => m.DocPage));
const StocktakePage = lazyPage(() => import('./stocktake.js').then((m) => m.StocktakePage));

export const storeStation: Station = {
  id: 'store',
  title: () => t('station.title'),
  description: () => t('station.desc'),
  route: '/store',
  glyph: () => t('station.glyph'),
  allowed: (p) => p.has('inventory.read'),
  routes: {
    '/store': { view: StoreListPage, title: () => t('page.title') },
    '/store/docs/new': { view: NewDocPage, title: () => t('doc.new') },
    '/store/doc': { view: DocPage, title: () => t('doc.title') },
    '/store/stocktake': { view: StocktakePage, title: () => t('stocktake.title') },
    ...REPORT_ROUTES,
  },
  // The remembered location's room from the start; the pages join the chosen one when it changes.
  rooms: () => {
    const id = storedLocation();
    return id ? [`pharmacy:${id}`] : [];
  },
};
