// The admin API's shapes: the server's zod schemas are the truth, imported type-only (esbuild
// strips these imports; the client's typecheck reads the server's schema files).
import type { AuditEntry as AuditEntryOut } from '../../../../server/modules/audit/schema.js';
import type { PermissionList } from '../../../../server/modules/auth/schema.js';
import type {
  DepartmentKind as DepartmentKindOut,
  DepartmentView,
} from '../../../../server/modules/departments/schema.js';
import type { RoleView } from '../../../../server/modules/roles/schema.js';
import type { InstitutionView } from '../../../../server/modules/settings/schema.js';
import type { StaffView, TitleList } from '../../../../server/modules/staff/schema.js';
import type { UserView } from '../../../../server/modules/users/schema.js';
import type { WorkstationView } from '../../../../server/modules/workstations/schema.js';
import type { z } from 'zod';

export type DepartmentKind = z.infer<typeof DepartmentKindOut>;
/** The kinds in the order the forms list them (the type checks it holds every kind and no other). */
export const DEPARTMENT_KINDS = [
  'clinic',
  'ward',
  'pharmacy',
  'store',
  'cashier',
  'registration',
  'lab',
  'admin',
] as const satisfies readonly DepartmentKind[];
// Every kind of the server's enum is listed above.
const _allKinds: Exclude<DepartmentKind, (typeof DEPARTMENT_KINDS)[number]> extends never ? true : never = true;
void _allKinds;

export type Department = DepartmentView;
export type Staff = StaffView;
export type Title = z.infer<typeof TitleList>[number];
export type User = UserView;
export type Role = RoleView;
export type Permission = z.infer<typeof PermissionList>[number];
export type InstitutionSettings = z.infer<typeof InstitutionView>;
export type PrescriptionRules = InstitutionSettings['prescription'];
export type AntibioticTier = PrescriptionRules['antibioticTierByTitleLevel']['junior'];
export type Workstation = WorkstationView;
export type AuditEntry = AuditEntryOut;

export interface Items<T> {
  items: T[];
}

/** Empty text inputs are sent as null for nullable fields. */
export const orNull = (s: string): string | null => (s.trim() === '' ? null : s.trim());
