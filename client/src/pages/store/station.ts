// The store station's entry in the station registry (client/src/stations.ts): the documents
// list, a document, the stock-take counting page, and the report pages from ./reports.
import type { Station } from '../../stations.js';
import { DocPage, NewDocPage } from './doc.js';
import { t } from './i18n.js';
import { StoreListPage } from './list.js';
import { storedLocation } from './location.js';
import { REPORT_ROUTES } from './reports/index.js';
import { StocktakePage } from './stocktake.js';

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
