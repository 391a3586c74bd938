// One owner per table (issue 10 item 1): the module that is the ONLY place inserting, updating
// or deleting each table of db/schema.ts. Every other module calls the owner's exported
// commands (its server/modules/<owner>/index.ts). test/platform/table-owners.test.ts scans the
// sources for writes and fails on a writer that is not the owner, and on a table with no owner.
//
// An owner is a module folder under server/modules, or 'platform': the unit of work and the
// event bus below the modules (server/lib and server/realtime), which keep the audit log, the
// event log behind live pushes and resumes, the idempotency keys and the human-number sequences
// for every module. Nothing else owns a table: server/jobs, server/cli.ts, server/main.ts, db/
// (outside its migrations, which are exempt), devices/ and the demo seeds (demo/) write only
// through owners' commands.
import type { Database } from '../../db/schema.js';

export type TableOwner =
  | 'platform'
  | 'auth'
  | 'beds'
  | 'billing'
  | 'catalog'
  | 'clinics'
  | 'departments'
  | 'diagnoses'
  | 'display'
  | 'equipment'
  | 'inventory'
  | 'insurance'
  | 'insurance-catalog'
  | 'insurance-recon'
  | 'inpatient-charges'
  | 'insurance-settlement'
  | 'orders'
  | 'outpatient'
  | 'patients'
  | 'pharmacy'
  | 'printing'
  | 'queue'
  | 'registration'
  | 'roles'
  | 'roster'
  | 'settings'
  | 'staff'
  | 'stays'
  | 'stock-locations'
  | 'suppliers'
  | 'users'
  | 'workstations';

/** The folders (from the repository root) whose files make up the 'platform' owner. */
export const PLATFORM_DIRS: readonly string[] = ['server/lib/', 'server/realtime/'];

/** Every table → its owner. Typed by the schema: a table added to db/schema.ts without an owner
 *  does not compile (and the table-owner test names it). */
export const TABLE_OWNERS: { readonly [T in keyof Database]: TableOwner } = {
  // platform: written by the unit of work (server/lib/uow.ts) and lib/sequences.ts
  audit_log: 'platform',
  event_log: 'platform',
  idempotency_keys: 'platform',
  sequences: 'platform',
  // the foundation
  settings: 'settings',
  departments: 'departments',
  staff: 'staff',
  roles: 'roles',
  role_permissions: 'roles',
  users: 'users',
  user_roles: 'users',
  sessions: 'auth',
  workstations: 'workstations',
  workstation_tokens: 'workstations',
  // dictionaries
  catalog_items: 'catalog',
  diagnoses: 'diagnoses',
  suppliers: 'suppliers',
  equipment: 'equipment',
  equipment_log: 'equipment',
  stock_locations: 'stock-locations',
  location_doc_types: 'stock-locations',
  // the outpatient day
  patients: 'patients',
  patient_search: 'patients',
  clinics: 'clinics',
  roster: 'roster',
  visits: 'outpatient',
  registrations: 'registration',
  queue_entries: 'queue',
  displays: 'display',
  orders: 'orders',
  order_lines: 'orders',
  invoice_books: 'billing',
  invoice_usage: 'billing',
  invoice_prints: 'billing',
  shifts: 'billing',
  bills: 'billing',
  bill_lines: 'billing',
  payments: 'billing',
  dispensations: 'pharmacy',
  dispense_lines: 'pharmacy',
  dispense_preparations: 'pharmacy',
  print_jobs: 'printing',
  // the stock ledger and its documents
  stock_lots: 'inventory',
  stock_moves: 'inventory',
  stock_docs: 'inventory',
  stock_doc_lines: 'inventory',
  stock_revaluations: 'inventory',
  price_adjustment_applied: 'inventory',
  // insurance: the adapter (gateway settings, outbox, sign-ins, person look-ups)
  insurance_config: 'insurance',
  insurance_calls: 'insurance',
  insurance_sign_ins: 'insurance',
  insurance_person_lookups: 'insurance',
  // insurance catalogs and matches (目录对照)
  insurer_catalog_items: 'insurance-catalog',
  insurer_diseases: 'insurance-catalog',
  insurer_catalog_versions: 'insurance-catalog',
  insurance_item_matches: 'insurance-catalog',
  insurance_department_codes: 'insurance-catalog',
  insurance_disease_codes: 'insurance-catalog',
  insurance_staff_codes: 'insurance-catalog',
  insurer_code_lists: 'insurance-catalog',
  insurer_price_rules: 'insurance-catalog',
  insurer_held_matches: 'insurance-catalog',
  insurer_code_tables: 'insurance-catalog',
  // the insured visit settled at the cashier
  insurance_visits: 'insurance-settlement',
  insurance_fee_lines: 'insurance-settlement',
  insurance_settlements: 'insurance-settlement',
  insurance_settlement_funds: 'insurance-settlement',
  // insurance reconciliation
  insurance_reconciliations: 'insurance-recon',
  insurance_recon_diffs: 'insurance-recon',
  // the wards: admission and deposits (issue 12)
  inpatient_stays: 'stays',
  stay_deposits: 'stays',
  ward_settings: 'stays',
  // the wards: beds (issue 12)
  ward_rooms: 'beds',
  beds: 'beds',
  bed_charge_items: 'beds',
  bed_moves: 'beds',
  // the wards: the stay's charge ledger (issue 12)
  stay_charges: 'inpatient-charges',
  stay_charge_emergency_items: 'inpatient-charges',
  stay_charge_runs: 'inpatient-charges',
};

/** The owner a source file (path from the repository root, with '/') belongs to, or null
 *  for a file that owns no table (jobs, cli, db, devices, demo seeds …). */
export function ownerOfFile(file: string): TableOwner | 'none' {
  const f = file.replace(/\\/g, '/').replace(/^\.\//, '');
  if (PLATFORM_DIRS.some((d) => f.startsWith(d))) return 'platform';
  const m = /^server\/modules\/([^/]+)\//.exec(f);
  if (m) return m[1] as TableOwner;
  return 'none';
}
