// The administration sections and the administration home.
import type { FunctionComponent } from 'preact';
import { html } from '../../html.js';
import { t, type Key } from '../../i18n/index.js';
import { Link } from '../../router.js';
import { ADMIN_NAV, AdminFrame, allowedAdminNav } from './frame.js';
import { UsersPage } from './users.js';
import { RolesPage } from './roles.js';
import { DepartmentsPage } from './departments.js';
import { StaffPage } from './staff.js';
import { SettingsPage } from './settings.js';
import { WorkstationsPage } from './workstations.js';
import { AuditPage } from './audit.js';
import { EquipmentPage } from './equipment.js';
import { DiagnosesImportPage } from './diagnoses.js';
import { SuppliersPage } from './suppliers.js';
import { CatalogPage } from './catalog.js';
import { InvoiceMappingPage } from './invoice-mapping.js';
import { StockLocationsPage } from './stock-locations.js';

const VIEWS: Record<string, FunctionComponent> = {
  '/admin/users': UsersPage,
  '/admin/roles': RolesPage,
  '/admin/departments': DepartmentsPage,
  '/admin/staff': StaffPage,
  '/admin/settings': SettingsPage,
  '/admin/workstations': WorkstationsPage,
  '/admin/diagnoses': DiagnosesImportPage,
  '/admin/catalog': CatalogPage,
  '/admin/suppliers': SuppliersPage,
  '/admin/invoice-mapping': InvoiceMappingPage,
  '/admin/stock-locations': StockLocationsPage,
  '/admin/equipment': EquipmentPage,
  '/admin/audit': AuditPage,
};

export const ADMIN_SECTIONS: Array<{ path: string; title: Key; perm: string; view: FunctionComponent }> = ADMIN_NAV.map((n) => ({
  ...n,
  view: VIEWS[n.path]!,
}));

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
