// The administration sections and the administration home.
import type { FunctionComponent } from 'preact';
import { html } from '../../html.js';
import { t, type Key } from '../../i18n/index.js';
import { Link } from '../../router.js';
import { ADMIN_NAV, AdminFrame, allowedAdminNav } from './frame.js';
import { lazyPage } from '../../lazy.js';

// The administration pages load on demand (client/src/lazy.ts), inside the admin frame.
const VIEWS: Record<string, FunctionComponent> = {
  '/admin/users': lazyPage(() => import('./users.js').then((m) => m.UsersPage), AdminFrame),
  '/admin/roles': lazyPage(() => import('./roles.js').then((m) => m.RolesPage), AdminFrame),
  '/admin/departments': lazyPage(() => import('./departments.js').then((m) => m.DepartmentsPage), AdminFrame),
  '/admin/staff': lazyPage(() => import('./staff.js').then((m) => m.StaffPage), AdminFrame),
  '/admin/settings': lazyPage(() => import('./settings.js').then((m) => m.SettingsPage), AdminFrame),
  '/admin/workstations': lazyPage(() => import('./workstations.js').then((m) => m.WorkstationsPage), AdminFrame),
  '/admin/diagnoses': lazyPage(() => import('./diagnoses.js').then((m) => m.DiagnosesImportPage), AdminFrame),
  '/admin/catalog': lazyPage(() => import('./catalog.js').then((m) => m.CatalogPage), AdminFrame),
  '/admin/suppliers': lazyPage(() => import('./suppliers.js').then((m) => m.SuppliersPage), AdminFrame),
  '/admin/invoice-mapping': lazyPage(
    () => import('./invoice-mapping.js').then((m) => m.InvoiceMappingPage),
    AdminFrame,
  ),
  '/admin/stock-locations': lazyPage(
    () => import('./stock-locations.js').then((m) => m.StockLocationsPage),
    AdminFrame,
  ),
  '/admin/equipment': lazyPage(() => import('./equipment.js').then((m) => m.EquipmentPage), AdminFrame),
  '/admin/insurance-recon': lazyPage(
    () => import('../insurance/recon.js').then((m) => m.InsuranceReconPage),
    AdminFrame,
  ),
  '/admin/insurance': lazyPage(() => import('./insurance.js').then((m) => m.InsurancePage), AdminFrame),
  '/admin/insurance-catalog': lazyPage(
    () => import('./insurance-catalog.js').then((m) => m.InsuranceCatalogPage),
    AdminFrame,
  ),
  '/admin/wards': lazyPage(() => import('../wards-admin/page.js').then((m) => m.WardsAdminPage), AdminFrame),
  '/admin/ward-settings': lazyPage(
    () => import('../stays/ward-settings.js').then((m) => m.WardSettingsPage),
    AdminFrame,
  ),
  '/admin/audit': lazyPage(() => import('./audit.js').then((m) => m.AuditPage), AdminFrame),
};

export const ADMIN_SECTIONS: Array<{ path: string; title: Key; perm: string; view: FunctionComponent }> = ADMIN_NAV.map(
  (n) => ({
    ...n,
    view: VIEWS[n.path]!,
  }),
);

export function AdminIndexPage() {
  return html`<${AdminFrame}>
    <h1>${t('station.admin')}</h1>
    <ul class="tiles small">
      ${allowedAdminNav().map(
        (n) => html`<li key=${n.path}>
          <${Link} href=${n.path} class="tile">
            <span class="tile-title">${t(n.title)}</span>
            <span class="tile-desc">${t((n.title + '.desc') as Key)}</span>
          <//>
        </li>`,
      )}
    </ul>
  <//>`;
}
