// The administration area's frame: a side menu of the sections this user may open.
import type { ComponentChildren } from 'preact';
import { html } from '../../html.js';
import { t, type Key } from '../../i18n/index.js';
import { Link, currentPath } from '../../router.js';
import { permissions } from '../../session.js';

export interface AdminNavItem {
  path: string;
  title: Key;
  perm: string;
}

export const ADMIN_NAV: AdminNavItem[] = [
  { path: '/admin/users', title: 'admin.users', perm: 'admin.users' },
  { path: '/admin/roles', title: 'admin.roles', perm: 'admin.roles' },
  { path: '/admin/departments', title: 'admin.departments', perm: 'admin.departments' },
  { path: '/admin/staff', title: 'admin.staff', perm: 'admin.staff' },
  { path: '/admin/settings', title: 'admin.settings', perm: 'admin.settings' },
  { path: '/admin/workstations', title: 'admin.workstations', perm: 'admin.workstations' },
  { path: '/admin/diagnoses', title: 'admin.diagnoses', perm: 'dictionaries.manage' },
  { path: '/admin/catalog', title: 'admin.catalog', perm: 'dictionaries.manage' },
  { path: '/admin/suppliers', title: 'admin.suppliers', perm: 'dictionaries.manage' },
  { path: '/admin/invoice-mapping', title: 'admin.invoiceMapping', perm: 'dictionaries.manage' },
  { path: '/admin/stock-locations', title: 'admin.stockLocations', perm: 'admin.departments' },
  { path: '/admin/equipment', title: 'admin.equipment', perm: 'equipment.manage' },
  { path: '/admin/insurance-recon', title: 'admin.insuranceRecon', perm: 'insurance.reconcile' },
  { path: '/admin/insurance', title: 'admin.insurance', perm: 'insurance.configure' },
  { path: '/admin/insurance-catalog', title: 'admin.insuranceCatalog', perm: 'insurance.catalog' },
  { path: '/admin/wards', title: 'admin.wards', perm: 'inpatient.wards' },
  { path: '/admin/ward-settings', title: 'admin.wardSettings', perm: 'inpatient.wards' },
  { path: '/admin/audit', title: 'admin.audit', perm: 'audit.read' },
];

export function allowedAdminNav(): AdminNavItem[] {
  const p = permissions.value;
  return ADMIN_NAV.filter((n) => p.has(n.perm));
}

export function AdminFrame(props: { children?: ComponentChildren }) {
  const here = currentPath.value;
  return html`<div class="admin">
    <nav class="side" aria-label=${t('station.admin')}>
      <div class="side-title">${t('station.admin')}</div>
      <ul>
        ${allowedAdminNav().map(
          (n) => html`<li key=${n.path}>
            <${Link} href=${n.path} class="side-link"
              aria-current=${here === n.path ? 'page' : undefined}>${t(n.title)}<//>
          </li>`,
        )}
      </ul>
    </nav>
    <section class="admin-main">${props.children}</section>
  </div>`;
}
