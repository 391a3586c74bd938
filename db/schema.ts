// The Kysely type of the whole database. snake_case columns, as in the migrations.
// Booleans are INTEGER 0/1; times are epoch milliseconds; money is integer fen.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export type Bool01 = 0 | 1;

export type DepartmentKind = 'clinic' | 'ward' | 'pharmacy' | 'store' | 'cashier' | 'registration' | 'lab' | 'admin';
export const DEPARTMENT_KINDS: readonly DepartmentKind[] = [
  'clinic',
  'ward',
  'pharmacy',
  'store',
  'cashier',
  'registration',
  'lab',
  'admin',
];

export interface SettingsTable {
  key: string;
  value_json: string;
  updated_at: number;
  updated_by: number | null;
}

export interface DepartmentsTable {
  id: Generated<number>;
  code: string;
  name: string;
  kind: DepartmentKind;
  pinyin_initials: string;
  pinyin_full: string;
  phone: string | null;
  location: string | null;
  active: Generated<Bool01>;
  version: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface StaffTable {
  id: Generated<number>;
  code: string;
  name: string;
  gender: 'M' | 'F';
  id_number: string | null;
  phone: string | null;
  department_id: number;
  title: string;
  pinyin_initials: string;
  pinyin_full: string;
  /** Inner word-start pinyin keys (migration 140; derived from the name, see db/pinyin.ts innerKeys). */
  search_words: Generated<string>;
  active: Generated<Bool01>;
  version: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface RolesTable {
  id: Generated<number>;
  code: string;
  name_zh: string;
  name_en: string;
  builtin: Generated<Bool01>;
  version: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface RolePermissionsTable {
  role_id: number;
  permission: string;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  staff_id: number;
  password_hash: string;
  must_change_password: Generated<Bool01>;
  active: Generated<Bool01>;
  failed_attempts: Generated<number>;
  locked_until: number | null;
  password_changed_at: number | null;
  last_sign_in_at: number | null;
  version: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface UserRolesTable {
  user_id: number;
  role_id: number;
}

export interface WorkstationsTable {
  id: Generated<number>;
  code: string;
  name: string;
  department_id: number | null;
  receipt_printer: string | null;
  label_printer: string | null;
  invoice_printer: string | null;
  card_reader: string | null;
  default_pharmacy_id: number | null;
  pinyin_initials: string;
  active: Generated<Bool01>;
  version: Generated<number>;
  created_at: number;
  updated_at: number;
}

/** A browser bound to a workstation (only the token's hash is stored). */
export interface WorkstationTokensTable {
  id: Generated<number>;
  workstation_id: number;
  token_hash: string;
  issued_by: number | null;
  issued_at: number;
  user_agent: string | null;
  last_seen_at: number | null;
  revoked_at: number | null;
  revoked_by: number | null;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  revoked_at: number | null;
  ip: string | null;
  user_agent: string | null;
  workstation_id: number | null;
}

export type AuditOutcome = 'ok' | 'denied' | 'failed';

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  user_id: number | null;
  username: string | null;
  action: string;
  outcome: AuditOutcome;
  entity: string | null;
  entity_id: string | null;
  patient_id: number | null;
  ip: string | null;
  workstation_id: number | null;
  summary_json: string | null;
}

export interface EventLogTable {
  seq: Generated<number>;
  at: number;
  name: string;
  rooms_json: string;
  payload_json: string;
}

export interface SequencesTable {
  name: string;
  value: number;
}

export interface IdempotencyKeysTable {
  key: string;
  user_id: number;
  operation: string;
  request_hash: string;
  status: number;
  response_json: string;
  created_at: number;
}

// ---- Outpatient day (migration 2026-11-26-002) ----

export type ItemKind = 'drug' | 'service' | 'material';
export type DrugClass = 'western' | 'patent' | 'herbal';
export type AntibioticTier = 'unrestricted' | 'restricted' | 'special';
export type ControlledClass = 'narcotic' | 'psych1' | 'psych2';
export type ChargeCategory =
  | '01'
  | '02'
  | '03'
  | '04'
  | '05'
  | '06'
  | '07'
  | '08'
  | '09'
  | '10'
  | '11'
  | '12'
  | '13'
  | '14';

export interface CatalogItemsTable {
  id: Generated<number>;
  code: string;
  kind: ItemKind;
  name: string;
  trade_name: string | null;
  spec: string | null;
  dosage_form: string | null;
  manufacturer: string | null;
  /** The smallest unit quantities are counted in (片, 支, 袋, g, 次). */
  unit: string;
  pack_unit: string;
  /** Smallest units per pack. */
  pack_size: number;
  /** Retail price of one pack, in fen. */
  price_fen: number;
  charge_category: ChargeCategory;
  drug_class: DrugClass | null;
  antibiotic_tier: AntibioticTier | null;
  controlled_class: ControlledClass | null;
  essential: Generated<Bool01>;
  /** e.g. "0.25g" of active ingredient per smallest unit (free text, for display). */
  dose_per_unit: string | null;
  default_dose: string | null;
  dose_unit: string | null;
  default_frequency: string | null;
  default_route: string | null;
  insurance_code: string | null;
  pinyin_initials: string;
  pinyin_full: string;
  /** Inner word-start pinyin keys (migration 140; derived from the name, see db/pinyin.ts innerKeys). */
  search_words: Generated<string>;
  active: Generated<Bool01>;
  version: Generated<number>;
  created_at: number;
  updated_at: number;
  /** 批准文号 (migration 090). */
  approval_no: string | null;
  /** Default purchase price of one pack, in fen (migration 090). */
  purchase_price_fen: number | null;
  /** Below this many smallest units at a location the item is reported for reordering (0 = never). */
  reorder_level: Generated<number>;
  /** 发票归类 saved (1) or still to be confirmed (0, shown red, not chargeable). */
  invoice_confirmed: Generated<Bool01>;
}

export interface StockLotsTable {
  id: Generated<number>;
  item_id: number;
  location_id: number;
  lot_no: string;
  expiry_date: string;
  purchase_price_fen: number;
  /** Cache of the sum of this lot's stock_moves, kept in the same transaction. */
  qty_on_hand: Generated<number>;
  created_at: number;
  /** 生产厂家 / 批准文号 of the receipt that made the lot (migration 160). */
  manufacturer: string | null;
  approval_no: string | null;
}

/** Append-only: a posted price adjustment (调价) revaluing a lot (migration 160). */
export interface StockRevaluationsTable {
  id: Generated<number>;
  lot_id: number;
  item_id: number;
  location_id: number;
  doc_id: number;
  /** The lot's quantity at the revaluation (smallest units). */
  qty: number;
  /** The lot's valuation price per pack before and after, in fen. */
  old_price_fen: number;
  new_price_fen: number;
  /** lineAmount(qty, new) − lineAmount(qty, old), in fen. */
  amount_fen: number;
  at: number;
  user_id: number | null;
}

/** Append-only: when a posted price adjustment took effect (migration 160). */
export interface PriceAdjustmentAppliedTable {
  doc_id: number;
  applied_at: number;
  applied_by: number | null;
}

export type StockMoveReason =
  | 'opening'
  | 'receipt'
  | 'dispense'
  | 'dispense_return'
  | 'transfer_in'
  | 'transfer_out'
  | 'supplier_return'
  | 'loss'
  | 'consumption'
  | 'stocktake';

export interface StockMovesTable {
  id: Generated<number>;
  lot_id: number;
  item_id: number;
  location_id: number;
  qty_delta: number;
  reason: StockMoveReason;
  ref_type: string | null;
  ref_id: number | null;
  reverses_id: number | null;
  at: number;
  user_id: number | null;
}

export interface DiagnosesTable {
  code: string;
  name: string;
  pinyin_initials: string;
  pinyin_full: string;
  /** Inner word-start pinyin keys (migration 140; derived from the name, see db/pinyin.ts innerKeys). */
  search_words: Generated<string>;
  active: Generated<Bool01>;
}

export interface ClinicsTable {
  department_id: number;
  queue_prefix: string;
  registration_fee_fen: Generated<number>;
  fee_item_id: number | null;
  room: string | null;
  version: Generated<number>;
  updated_at: number;
}

export interface RosterTable {
  id: Generated<number>;
  day: string;
  department_id: number;
  doctor_staff_id: number;
  session: 'am' | 'pm' | 'all';
  room: string | null;
  created_at: number;
}

export interface PatientsTable {
  id: Generated<number>;
  mrn: string;
  name: string;
  sex: 'M' | 'F';
  birth_date: string;
  id_number: string | null;
  phone: string | null;
  address: string | null;
  insurance_no: string | null;
  guardian_name: string | null;
  guardian_phone: string | null;
  guardian_relation: string | null;
  allergies_json: Generated<string>;
  chronic_json: Generated<string>;
  pinyin_initials: string;
  pinyin_full: string;
  version: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface PatientSearchTable {
  key: string;
  patient_id: number;
}

export type VisitStatus = 'waiting' | 'in_consultation' | 'finished' | 'cancelled';

export interface VisitsTable {
  id: Generated<number>;
  patient_id: number;
  department_id: number;
  doctor_staff_id: number | null;
  day: string;
  kind: 'registered' | 'walk_in';
  payer: Generated<'cash' | 'insured'>;
  status: VisitStatus;
  chief_complaint: string | null;
  history: string | null;
  examination: string | null;
  notes: string | null;
  diagnoses_json: Generated<string>;
  started_at: number | null;
  finished_at: number | null;
  version: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface RegistrationsTable {
  id: Generated<number>;
  visit_id: number;
  patient_id: number;
  department_id: number;
  doctor_staff_id: number | null;
  day: string;
  queue_no: number;
  queue_label: string;
  fee_fen: Generated<number>;
  bill_id: number | null;
  status: 'active' | 'cancelled';
  cancelled_at: number | null;
  cancelled_by: number | null;
  created_by: number | null;
  version: Generated<number>;
  created_at: number;
}

export type QueueStatus = 'waiting' | 'called' | 'in_consultation' | 'passed' | 'done' | 'cancelled';

export interface QueueEntriesTable {
  id: Generated<number>;
  visit_id: number;
  department_id: number;
  doctor_staff_id: number | null;
  day: string;
  queue_no: number;
  queue_label: string;
  status: QueueStatus;
  called_by_staff_id: number | null;
  called_at: number | null;
  call_count: Generated<number>;
  room: string | null;
  version: Generated<number>;
  created_at: number;
  updated_at: number;
  /** Place in line (migration 020); a requeued entry moves to the back. */
  position: Generated<number>;
}

export interface DisplaysTable {
  id: Generated<number>;
  name: string;
  token_hash: string;
  department_ids_json: Generated<string>;
  active: Generated<Bool01>;
  version: Generated<number>;
  created_at: number;
  updated_at: number;
}

export type OrderKind = 'western' | 'herbal' | 'service';
export type OrderStatus = 'draft' | 'signed' | 'paid' | 'dispensed' | 'returned' | 'cancelled';

export interface OrdersTable {
  id: Generated<number>;
  visit_id: number;
  patient_id: number;
  doctor_staff_id: number;
  department_id: number;
  kind: OrderKind;
  status: OrderStatus;
  pharmacy_id: number | null;
  herbal_doses: number | null;
  emergency: Generated<Bool01>;
  supply_reason: string | null;
  valid_days: Generated<number>;
  total_fen: Generated<number>;
  signed_at: number | null;
  paid_at: number | null;
  dispensed_at: number | null;
  version: Generated<number>;
  created_at: number;
  updated_at: number;
  /** Migration 030: the doctor's reason for prescribing over a recorded allergy. */
  allergy_override_reason: Generated<string | null>;
  /** Migration 120: 拒发 — the pharmacy refused this paid prescription (status stays 'paid' until refunded). */
  refused_at: Generated<number | null>;
  refused_by: Generated<number | null>;
  refused_reason: Generated<string | null>;
}

/** Migration 120: 配药 — who prepared a prescription (two-person check); append-only, one per order. */
export interface DispensePreparationsTable {
  id: Generated<number>;
  order_id: number;
  pharmacy_id: number;
  prepared_by: number;
  at: number;
}

export interface OrderLinesTable {
  id: Generated<number>;
  order_id: number;
  line_no: number;
  item_id: number;
  dose: string | null;
  dose_unit: string | null;
  frequency: string | null;
  route: string | null;
  days: number | null;
  /** In the item's smallest unit. */
  quantity: number;
  /** Price of one pack when the order was signed (fen). */
  unit_price_fen: number;
  pack_size: number;
  /** quantity × unit_price_fen / pack_size, rounded half-up once per line. */
  amount_fen: number;
  charge_category: string;
  note: string | null;
}

export interface InvoiceBooksTable {
  id: Generated<number>;
  cashier_user_id: number;
  prefix: Generated<string>;
  start_no: number;
  end_no: number;
  next_no: number;
  status: 'active' | 'used_up' | 'retired';
  created_at: number;
}

export interface ShiftsTable {
  id: Generated<number>;
  cashier_user_id: number;
  opened_at: number;
  closed_at: number | null;
  totals_json: string | null;
}

export interface BillsTable {
  id: Generated<number>;
  patient_id: number;
  visit_id: number | null;
  kind: 'charge' | 'refund';
  reverses_id: number | null;
  payer: 'cash' | 'insured';
  invoice_no: string | null;
  total_fen: number;
  insurance_fund_fen: Generated<number>;
  patient_pay_fen: number;
  cashier_user_id: number;
  shift_id: number;
  at: number;
  /** Why a refund was made (migration 040); null on charges. */
  reason: Generated<string | null>;
}

export interface BillLinesTable {
  id: Generated<number>;
  bill_id: number;
  order_line_id: number | null;
  registration_id: number | null;
  item_id: number;
  quantity: number;
  unit_price_fen: number;
  amount_fen: number;
  charge_category: string;
  /** On a refund line: the charge line it reverses (migration 040). */
  reverses_line_id: Generated<number | null>;
}

/** Migration 150: every invoice number taken from a book, accounted for (append-only). */
export type InvoiceUsageKind = 'used' | 'voided' | 'reprint-replacement';
export interface InvoiceUsageTable {
  id: Generated<number>;
  book_id: number;
  number: number;
  invoice_no: string;
  /** The charge bill the number belongs to; null for a spoiled blank (作废). */
  bill_id: number | null;
  kind: InvoiceUsageKind;
  /** On a replacement number (补打, kept part of a refund): the number it replaces. */
  replaces_no: string | null;
  /** The refund (红冲) that voided or replaced the number. */
  refund_bill_id: number | null;
  reason: string | null;
  user_id: number | null;
  at: number;
}

/** Migration 150: each print of an invoice number on a form (append-only). */
export interface InvoicePrintsTable {
  id: Generated<number>;
  bill_id: number;
  invoice_no: string;
  queue: string;
  ok: Bool01;
  error: string | null;
  user_id: number | null;
  at: number;
}

export type PaymentMethod = 'cash' | 'bank_card' | 'wechat' | 'alipay' | 'insurance_fund';

export interface PaymentsTable {
  id: Generated<number>;
  bill_id: number;
  method: PaymentMethod;
  amount_fen: number;
  tendered_fen: number | null;
  change_fen: number | null;
  reference: string | null;
  shift_id: number;
  at: number;
  user_id: number;
}

export interface DispensationsTable {
  id: Generated<number>;
  order_id: number;
  pharmacy_id: number;
  kind: 'dispense' | 'return';
  reverses_id: number | null;
  pharmacist_user_id: number;
  at: number;
  reason: string | null;
}

export interface DispenseLinesTable {
  id: Generated<number>;
  dispensation_id: number;
  order_line_id: number;
  lot_id: number;
  /** Positive when dispensed, negative when returned. */
  quantity: number;
}

export type PrintLayout = 'queue-ticket' | 'receipt' | 'rx-slip' | 'drug-label' | 'shift-report' | 'invoice';

export interface PrintJobsTable {
  id: Generated<number>;
  workstation_id: number | null;
  printer: string | null;
  layout: PrintLayout;
  payload_json: string;
  status: Generated<'pending' | 'printing' | 'done' | 'failed' | 'cancelled'>;
  attempts: Generated<number>;
  last_error: string | null;
  ref_type: string | null;
  ref_id: number | null;
  created_by: number | null;
  created_at: number;
  updated_at: number;
  /**
   * Attempts that may have left part of the job on paper (kept by a reprint; the copy is headed by the void notice).
   */
  partial_count: Generated<number>;
  partial_at: number | null;
}

export type EquipmentStatus = 'in_use' | 'under_repair' | 'scrapped';
export type EquipmentLogKind = 'maintenance' | 'calibration' | 'repair' | 'status_change';

export interface EquipmentTable {
  id: Generated<number>;
  asset_code: string;
  name: string;
  model: string | null;
  serial_no: string | null;
  manufacturer: string | null;
  category: string | null;
  location_id: number;
  purchase_date: string | null;
  purchase_price_fen: number | null;
  supplier_name: string | null;
  warranty_until: string | null;
  status: Generated<EquipmentStatus>;
  maintenance_interval_days: number | null;
  calibration_interval_days: number | null;
  next_maintenance_due: string | null;
  next_calibration_due: string | null;
  pinyin_initials: Generated<string>;
  pinyin_full: Generated<string>;
  version: Generated<number>;
  created_at: number;
  updated_at: number;
}

/** Append-only (triggers refuse UPDATE and DELETE). */
export interface EquipmentLogTable {
  id: Generated<number>;
  equipment_id: number;
  kind: EquipmentLogKind;
  day: string;
  performed_by: string;
  note: string | null;
  cost_fen: Generated<number>;
  result: string | null;
  status_before: string | null;
  status_after: string | null;
  user_id: number | null;
  created_at: number;
}

export interface Database {
  settings: SettingsTable;
  departments: DepartmentsTable;
  staff: StaffTable;
  roles: RolesTable;
  role_permissions: RolePermissionsTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  workstations: WorkstationsTable;
  workstation_tokens: WorkstationTokensTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  event_log: EventLogTable;
  sequences: SequencesTable;
  idempotency_keys: IdempotencyKeysTable;
  catalog_items: CatalogItemsTable;
  stock_lots: StockLotsTable;
  stock_moves: StockMovesTable;
  diagnoses: DiagnosesTable;
  clinics: ClinicsTable;
  roster: RosterTable;
  patients: PatientsTable;
  patient_search: PatientSearchTable;
  visits: VisitsTable;
  registrations: RegistrationsTable;
  queue_entries: QueueEntriesTable;
  displays: DisplaysTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  invoice_books: InvoiceBooksTable;
  invoice_usage: InvoiceUsageTable;
  invoice_prints: InvoicePrintsTable;
  shifts: ShiftsTable;
  bills: BillsTable;
  bill_lines: BillLinesTable;
  payments: PaymentsTable;
  dispensations: DispensationsTable;
  dispense_lines: DispenseLinesTable;
  dispense_preparations: DispensePreparationsTable;
  print_jobs: PrintJobsTable;
  suppliers: SuppliersTable;
  equipment: EquipmentTable;
  equipment_log: EquipmentLogTable;
  stock_locations: StockLocationsTable;
  location_doc_types: LocationDocTypesTable;
  stock_docs: StockDocsTable;
  stock_doc_lines: StockDocLinesTable;
  stock_revaluations: StockRevaluationsTable;
  price_adjustment_applied: PriceAdjustmentAppliedTable;
}

// ---- Inventory (migration 090) ----
export type StockLocationRole = 'store' | 'outpatient_pharmacy' | 'inpatient_pharmacy';
export type StockDocType =
  | 'receipt'
  | 'requisition'
  | 'transfer'
  | 'supplier_return'
  | 'loss'
  | 'consumption'
  | 'stocktake'
  | 'price_adjustment';
export type StockDocStatus = 'draft' | 'posted' | 'cancelled';

export interface StockLocationsTable {
  department_id: number;
  role: StockLocationRole;
  supplied_by_id: number | null;
  version: Generated<number>;
  updated_at: number;
}

export interface LocationDocTypesTable {
  location_id: number;
  doc_type: StockDocType;
  created_at: number;
}

/** Posted and cancelled rows are immutable (triggers); never deleted. */
export interface StockDocsTable {
  id: Generated<number>;
  doc_no: string;
  type: StockDocType;
  status: StockDocStatus;
  /**
   * Where the document is made (the store for a receipt, the sending side of a transfer, the requesting pharmacy of a
   * requisition).
   */
  location_id: number;
  /** Transfer: the receiving location; requisition: the store asked; consumption: the consuming department. */
  counterpart_id: number | null;
  supplier_id: number | null;
  supplier_invoice_no: string | null;
  reason: string | null;
  note: string | null;
  /** A transfer made to fill this requisition. */
  requisition_id: number | null;
  /** The posted document this one reverses (a correction). */
  reverses_id: number | null;
  /** Stock-take: the last stock_moves.id at the freeze; later moves are carried over. */
  snapshot_move_id: number | null;
  snapshot_at: number | null;
  /** Price adjustment: when it takes effect once posted (migration 160). */
  effective_at: number | null;
  /** Stock-take: a blind count (book quantities hidden until posting) (migration 160). */
  blind: Generated<Bool01>;
  created_by: number;
  created_at: number;
  posted_by: number | null;
  posted_at: number | null;
  version: Generated<number>;
  updated_at: number;
}

export interface StockDocLinesTable {
  id: Generated<number>;
  doc_id: number;
  line_no: number;
  item_id: number;
  /** The lot moved (source lot for outgoing documents; set at posting for a receipt). */
  lot_id: number | null;
  lot_no: string | null;
  expiry_date: string | null;
  /** Per pack, in fen. */
  purchase_price_fen: number | null;
  /** Smallest units (stock-take: the variance, set at posting). */
  quantity: number | null;
  snapshot_qty: number | null;
  counted_qty: number | null;
  counted_by: number | null;
  counted_at: number | null;
  reason: string | null;
  /** Price adjustment: the retail price per pack before / after, in fen (migration 160). */
  old_price_fen: number | null;
  new_price_fen: number | null;
  /** Receipt: 生产厂家 and 批准文号 (migration 160). */
  manufacturer: string | null;
  approval_no: string | null;
}

export type Department = Selectable<DepartmentsTable>;
export type NewDepartment = Insertable<DepartmentsTable>;
export type DepartmentUpdate = Updateable<DepartmentsTable>;
export type Staff = Selectable<StaffTable>;
export type User = Selectable<UsersTable>;
export type Role = Selectable<RolesTable>;
export type Workstation = Selectable<WorkstationsTable>;
export type Session = Selectable<SessionsTable>;
export type AuditEntry = Selectable<AuditLogTable>;
export type EventRow = Selectable<EventLogTable>;

/** Suppliers (供应商), migration 080. */
export interface SuppliersTable {
  id: Generated<number>;
  code: string;
  name: string;
  short_name: string | null;
  contact_person: string | null;
  phone: string | null;
  address: string | null;
  credit_code: string | null;
  drug_licence_no: string | null;
  /** YYYY-MM-DD */
  drug_licence_expires_on: string | null;
  pinyin_initials: string;
  pinyin_full: string;
  active: Generated<Bool01>;
  version: Generated<number>;
  created_at: number;
  updated_at: number;
}
