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
  /** Migration 210: the doctor's answer for a restricted insured item (限定适应症): '1' met, '0' not met. */
  hosp_appr_flag: Generated<'0' | '1' | null>;
  hosp_appr_at: Generated<number | null>;
  hosp_appr_by: Generated<number | null>;
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

export type PaymentMethod = 'cash' | 'bank_card' | 'wechat' | 'alipay' | 'insurance_fund' | 'insurance_account';

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
  /** On an insurance_fund payment: the insurer's fund type (390100 …) (migration 210). */
  fund_pay_type: Generated<string | null>;
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

export type PrintLayout =
  | 'queue-ticket'
  | 'receipt'
  | 'rx-slip'
  | 'drug-label'
  | 'shift-report'
  | 'invoice'
  | 'deposit-receipt'
  | 'wristband'
  | 'bed-card';

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
  insurance_visits: InsuranceVisitsTable;
  insurance_fee_lines: InsuranceFeeLinesTable;
  insurance_settlements: InsuranceSettlementsTable;
  insurance_settlement_funds: InsuranceSettlementFundsTable;
  insurer_catalog_items: InsurerCatalogItemsTable;
  insurer_diseases: InsurerDiseasesTable;
  insurer_catalog_versions: InsurerCatalogVersionsTable;
  insurance_item_matches: InsuranceItemMatchesTable;
  insurance_department_codes: InsuranceDepartmentCodesTable;
  insurance_disease_codes: InsuranceDiseaseCodesTable;
  insurance_staff_codes: InsuranceStaffCodesTable;
  insurer_code_lists: InsurerCodeListsTable;
  insurer_price_rules: InsurerPriceRulesTable;
  insurer_held_matches: InsurerHeldMatchesTable;
  insurer_code_tables: InsurerCodeTablesTable;
  insurance_config: InsuranceConfigTable;
  insurance_calls: InsuranceCallsTable;
  insurance_sign_ins: InsuranceSignInsTable;
  insurance_person_lookups: InsurancePersonLookupsTable;
  insurance_reconciliations: InsuranceReconciliationsTable;
  insurance_recon_diffs: InsuranceReconDiffsTable;
  inpatient_stays: InpatientStaysTable;
  stay_deposits: StayDepositsTable;
  ward_settings: WardSettingsTable;
  ward_rooms: WardRoomsTable;
  beds: BedsTable;
  bed_charge_items: BedChargeItemsTable;
  bed_moves: BedMovesTable;
  stay_charges: StayChargesTable;
  stay_charge_emergency_items: StayChargeEmergencyItemsTable;
  stay_charge_runs: StayChargeRunsTable;
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

// ---- Insurance adapter (migration 200; module insurance) ----
export type InsuranceCallState = 'pending' | 'ok' | 'failed' | 'unknown';
export type InsuranceSigner = 'none' | 'sha256-header';

/** 接口设置: one row (id 1), versioned; signer_secret is never returned by the API. */
export interface InsuranceConfigTable {
  id: number;
  enabled: Bool01;
  interface_type: 'national';
  gateway_url: string;
  fixmedins_code: string;
  fixmedins_name: string;
  mdtrtarea_admvs: string;
  insuplc_admdvs: string;
  recer_sys_code: string;
  infver: string;
  dev_no: string;
  signer: InsuranceSigner;
  signer_paasid: string;
  signer_secret: string;
  timeout_ms: number;
  facility_level: 1 | 2 | 3;
  version: number;
  updated_at: number;
  updated_by: number | null;
}

/** The outbox: every call to the insurer, committed 'pending' before it is sent. */
export interface InsuranceCallsTable {
  id: Generated<number>;
  msgid: string;
  infno: string;
  input_json: string;
  state: InsuranceCallState;
  output_json: string | null;
  infcode: number | null;
  err_msg: string | null;
  http_status: number | null;
  user_id: number | null;
  patient_id: number | null;
  ref_type: string | null;
  ref_id: string | null;
  created_at: number;
  sent_at: number | null;
  answered_at: number | null;
  resolved_at: number | null;
  resolution: string | null;
  /** the refused call this one resends after a renewed 9001 (sign-in lost at the insurer) */
  retry_of: number | null;
}

/** 9001 sign-ins: one per operator per business day. */
export interface InsuranceSignInsTable {
  id: Generated<number>;
  user_id: number;
  business_day: string;
  sign_no: string;
  sign_time: string;
  call_id: number | null;
  signed_in_at: number;
  signed_out_at: number | null;
  sign_out_call_id: number | null;
}

/** 1101 answers kept per look-up (the last one of a patient is what settlement reads). */
export interface InsurancePersonLookupsTable {
  id: Generated<number>;
  patient_id: number | null;
  psn_no: string;
  psn_name: string;
  certno: string;
  insutype: string | null;
  cert_type: '01' | '02' | '03';
  cert_no: string;
  card_sn: string | null;
  insuplc_admdvs: string | null;
  output_json: string;
  call_id: number | null;
  user_id: number | null;
  at: number;
}

// ---- Insurance reconciliation (migration 230; module insurance-recon) ----
/** One 3201 (对总账) call: a period and a (insutype, clr_type, clr_optins) group, the HIS's totals and the answer. */
export interface InsuranceReconciliationsTable {
  id: Generated<number>;
  /** YYYY-MM-DD, the period (inclusive) in the institution's time zone. */
  begin_date: string;
  end_date: string;
  insutype: string;
  clr_type: string;
  clr_optins: string;
  /** The HIS's totals sent (reversals netted: see insurance-recon/CONTEXT.md). */
  medfee_sumamt_fen: number;
  fund_pay_sumamt_fen: number;
  acct_pay_fen: number;
  psn_cash_pay_fen: number;
  setl_cnt: number;
  state: 'balanced' | 'unbalanced' | 'failed';
  /** The insurer's stmt_rslt ('0' 平, '1' 不平) and stmt_rslt_dscr; null when the call failed. */
  stmt_rslt: string | null;
  stmt_rslt_dscr: string | null;
  msgid: string | null;
  error: string | null;
  /** 3202 (对明细账) on this group: none yet, done (diffs stored), failed (detail_error). */
  detail_state: Generated<'none' | 'done' | 'failed'>;
  detail_msgid: string | null;
  detail_error: string | null;
  detail_count: number | null;
  detail_by: number | null;
  detail_at: number | null;
  created_by: number;
  created_at: number;
}

/** A settlement that differs between the HIS and the insurer (from 3202's answer). */
export interface InsuranceReconDiffsTable {
  id: Generated<number>;
  reconciliation_id: number;
  kind: 'only_local' | 'only_insurer' | 'amount_differs';
  setl_id: string;
  mdtrt_id: string | null;
  psn_no: string | null;
  refd_setl_flag: string | null;
  local_medfee_sumamt_fen: number | null;
  local_fund_pay_sumamt_fen: number | null;
  local_acct_pay_fen: number | null;
  insurer_medfee_sumamt_fen: number | null;
  insurer_fund_pay_sumamt_fen: number | null;
  insurer_acct_pay_fen: number | null;
  memo: string | null;
  /** The local insurance_settlements row and its bill, when the HIS has the settlement. */
  settlement_id: number | null;
  bill_id: number | null;
  created_at: number;
}

// ---- Insurer catalogs and matches (migration 220; module insurance-catalog) ----
/** 101 西药, 102 中成药, 103 中药饮片, 104 自制剂, 105 民族药, 201 服务项目, 301 医用材料. */
export type InsurerListType = '101' | '102' | '103' | '104' | '105' | '201' | '301';
export type InsuranceMatchState = 'proposed' | 'confirmed' | 'reviewed' | 'uploaded' | 'revoked';

/** A national catalog row (1301/1302/1305/1306), completed by 1312 (level, restriction, ratio, cap). */
export interface InsurerCatalogItemsTable {
  id: Generated<number>;
  list_type: InsurerListType;
  med_list_codg: string;
  name: string;
  spec: string | null;
  dosage_form: string | null;
  manufacturer: string | null;
  aprvno: string | null;
  unit: string | null;
  /** 01 甲类, 02 乙类, 03 丙类 (from 1312); null until 1312 was downloaded. */
  chrgitm_lv: '01' | '02' | '03' | null;
  lmt_used_flag: Generated<Bool01>;
  lmt_text: string | null;
  /** 乙类 self-pay ratio in basis points (1000 = 10%). */
  selfpay_prop: number | null;
  price_cap_fen: number | null;
  /** YYYY-MM-DD */
  begndate: string | null;
  enddate: string | null;
  valid: Generated<Bool01>;
  source_infno: string;
  version: string;
  pinyin_initials: Generated<string>;
  updated_at: number;
  /** 商品名 (1301 drug_prodname; migration 2026-12-09-200). */
  trade_name: Generated<string | null>;
  /** The validity (YYYY-MM-DD, null = open) of the 1318 cap and 1319 ratio applied (migration 2026-12-09-200). */
  price_cap_begndate: Generated<string | null>;
  price_cap_enddate: Generated<string | null>;
  selfpay_begndate: Generated<string | null>;
  selfpay_enddate: Generated<string | null>;
}

/** A code list row (1308 手术操作, 1309 慢特病种, 1310 按病种, 1311 日间手术, 1313–1315 肿瘤形态学/中医). */
export interface InsurerCodeListsTable {
  infno: '1308' | '1309' | '1310' | '1311' | '1313' | '1314' | '1315';
  code: string;
  name: string;
  /** JSON object of the wire's other columns. */
  fields: Generated<string>;
  pinyin_initials: Generated<string>;
  valid: Generated<Bool01>;
  version: string;
  updated_at: number;
}

/** A 1318 price cap (value in fen) or 1319 self-pay ratio (basis points) with its validity. */
export interface InsurerPriceRulesTable {
  id: Generated<number>;
  kind: 'cap' | 'selfpay';
  hilist_code: string;
  rid: string;
  value: number;
  begndate: string;
  enddate: string | null;
  valid: Bool01;
  updt_time: string;
  updated_at: number;
}

/** 1316 (national medical code → list code) and 1317 (our matches as the insurer holds them). */
export interface InsurerHeldMatchesTable {
  infno: '1316' | '1317';
  /** 1316: med_list_codg; 1317: medins_list_codg (our item code, 3301's fixmedins_hilist_id). */
  local_code: string;
  list_type: string;
  hilist_code: string;
  name: string | null;
  begndate: string | null;
  enddate: string | null;
  valid: Bool01;
  rid: string;
  updt_time: string;
  updated_at: number;
}

/** A 1901 code table row: it wins over core/insurance-wire.ts's seed label. */
export interface InsurerCodeTablesTable {
  type: string;
  value: string;
  label: string;
  sort: Generated<number>;
  valid: Generated<Bool01>;
  updated_at: number;
}

/** 1307 疾病诊断 (the insurer's ICD-10 医保版 codes). */
export interface InsurerDiseasesTable {
  code: string;
  name: string;
  pinyin_initials: Generated<string>;
  valid: Generated<Bool01>;
  version: string;
  updated_at: number;
}

/** One downloaded catalog file (or 1312 page run): the version reached and how many rows. */
export interface InsurerCatalogVersionsTable {
  id: Generated<number>;
  infno: string;
  ver: string;
  rows: number;
  filename: string | null;
  downloaded_at: number;
  by_user_id: number | null;
}

/** A local catalog item → a national code; revoked rows stay (history), one live row per item. */
export interface InsuranceItemMatchesTable {
  id: Generated<number>;
  catalog_item_id: number;
  med_list_codg: string;
  list_type: InsurerListType;
  state: InsuranceMatchState;
  score: number | null;
  matched_by: number | null;
  matched_at: number;
  reviewed_by: number | null;
  reviewed_at: number | null;
  upload_msgid: string | null;
  uploaded_at: number | null;
  revoked_by: number | null;
  revoked_at: number | null;
  revoke_msgid: string | null;
  version: Generated<number>;
}

/** 科室 → the national 科别 (caty) sent with 2201/2204. */
export interface InsuranceDepartmentCodesTable {
  department_id: number;
  caty: string;
  caty_name: string;
  matched_by: number | null;
  matched_at: number;
  /** proposed → confirmed → reviewed (by another user); only reviewed counts (migration 2026-12-09-200). */
  state: Generated<InsuranceCodeState>;
  reviewed_by: Generated<number | null>;
  reviewed_at: Generated<number | null>;
}

export type InsuranceCodeState = 'proposed' | 'confirmed' | 'reviewed';

/** A local diagnosis code (ICD-10) → the insurer's disease code (1307). */
export interface InsuranceDiseaseCodesTable {
  local_code: string;
  dise_code: string;
  dise_name: string;
  score: number | null;
  matched_by: number | null;
  matched_at: number;
  /** proposed → confirmed → reviewed (by another user); only reviewed counts (migration 2026-12-09-200). */
  state: Generated<InsuranceCodeState>;
  reviewed_by: Generated<number | null>;
  reviewed_at: Generated<number | null>;
}

/** A staff member → 医保医师/护士国家码 (D/N + 12 digits). */
export interface InsuranceStaffCodesTable {
  staff_id: number;
  national_code: string;
  matched_by: number | null;
  matched_at: number;
}

// ---- Insurance settlement (migration 210; module insurance-settlement) ----
/** A local visit registered with the insurer (2201 → mdtrt_id), with the per-visit settlement lock. */
export interface InsuranceVisitsTable {
  id: Generated<number>;
  visit_id: number;
  patient_id: number;
  psn_no: string;
  psn_name: string;
  insutype: string;
  psn_type: string | null;
  med_type: string;
  mdtrt_cert_type: '01' | '02' | '03';
  mdtrt_cert_no: string;
  card_sn: string | null;
  insuplc_admdvs: string;
  ipt_otp_no: string;
  atddr_no: string;
  dept_code: string;
  mdtrt_id: string;
  state: 'registered' | 'cancelled';
  register_msgid: string;
  diagnoses_msgid: string | null;
  cancel_msgid: string | null;
  lock_user_id: number | null;
  lock_at: number | null;
  lock_step: string | null;
  /** The settle attempt sent (2207's msgid, batch, orders, the cashier's payments) until it is applied or resolved. */
  pending_settle_json: string | null;
  created_by: number;
  created_at: number;
  updated_at: number;
  cancelled_at: number | null;
  version: Generated<number>;
}

/** A line uploaded by 2204 with the insurer's answer in fen; 2205 cancels it. */
export interface InsuranceFeeLinesTable {
  id: Generated<number>;
  insurance_visit_id: number;
  mdtrt_id: string;
  /** A stable id of the charge row ('OL' + order_line_id …), never reused in the visit. */
  feedetl_sn: string;
  chrg_bchno: string;
  order_line_id: number | null;
  registration_id: number | null;
  item_id: number;
  med_list_codg: string;
  medins_list_codg: string;
  list_type: string | null;
  det_item_fee_sumamt_fen: number;
  /** In the item's smallest unit (the local quantity). */
  quantity: number;
  /** As sent: cnt (≤ 4 decimals) and pric (≤ 6 decimals), decimal strings. */
  cnt: string;
  pric: string;
  hosp_appr_flag: string;
  fulamt_ownpay_amt_fen: number;
  overlmt_amt_fen: number;
  preselfpay_amt_fen: number;
  inscp_scp_amt_fen: number;
  pric_uplmt_amt_fen: number | null;
  selfpay_prop: string | null;
  chrgitm_lv: string | null;
  med_chrgitm_type: string | null;
  lmt_used_flag: string | null;
  memo: string | null;
  state: 'uploaded' | 'cancelled';
  settlement_id: number | null;
  upload_msgid: string;
  cancel_msgid: string | null;
  created_at: number;
  cancelled_at: number | null;
}

/** 2207's setlinfo in fen (columns `<field>_fen`); bill_id null while not yet applied locally (单边账). */
export interface InsuranceSettlementsTable {
  id: Generated<number>;
  insurance_visit_id: number;
  visit_id: number;
  patient_id: number;
  bill_id: number | null;
  setl_id: string;
  mdtrt_id: string;
  /** The 2207 call's msgid (also sent as medins_setl_id). */
  msgid: string;
  chrg_bchno: string;
  psn_no: string;
  psn_name: string;
  insutype: string;
  med_type: string;
  clr_type: string;
  clr_way: string;
  clr_optins: string;
  setl_time: string;
  medins_setl_id: string | null;
  medfee_sumamt_fen: number;
  fulamt_ownpay_amt_fen: number;
  overlmt_selfpay_fen: number;
  preselfpay_amt_fen: number;
  inscp_scp_amt_fen: number;
  act_pay_dedc_fen: number;
  hifp_pay_fen: number;
  cvlserv_pay_fen: number;
  hifes_pay_fen: number;
  hifmi_pay_fen: number;
  hifob_pay_fen: number;
  maf_pay_fen: number;
  oth_pay_fen: number;
  fund_pay_sumamt_fen: number;
  psn_part_amt_fen: number;
  acct_pay_fen: number;
  psn_cash_pay_fen: number;
  hosp_part_amt_fen: number;
  balc_fen: number;
  acct_mulaid_pay_fen: number;
  /** 统筹 ratio as sent (e.g. '0.9'). */
  pool_prop_selfpay: string | null;
  state: 'settled' | 'cancelled';
  /** 2208: the reversal's own setl_id, its msgid and time. */
  cancel_setl_id: string | null;
  cancel_msgid: string | null;
  cancel_time: string | null;
  cancelled_at: number | null;
  cancelled_by: number | null;
  /** The local refund bill written when the settlement was cancelled. */
  refund_bill_id: number | null;
  /** YYYY-MM-DD in the institution's time zone. */
  business_day: string;
  order_ids_json: string;
  /** The patient's payments collected by the cashier (to complete the bill locally). */
  payments_json: string;
  apply_error: string | null;
  settled_by: number;
  created_at: number;
  applied_at: number | null;
}

/** setldetail: one row per fund type of a settlement (append-only). */
export interface InsuranceSettlementFundsTable {
  id: Generated<number>;
  settlement_id: number;
  fund_pay_type: string;
  fund_payamt_fen: number;
  inscp_scp_amt_fen: number | null;
  crt_payb_lmt_amt_fen: number | null;
  setl_proc_info: string | null;
}

// ---- Stays: admission and deposits (migration 2026-12-09-100, owner: stays) ----
export type StayState = 'pending' | 'in_ward' | 'transferring' | 'pre_discharge' | 'discharged' | 'cancelled';
export type AdmissionWay = 'outpatient' | 'emergency' | 'transfer';
export type AdmissionCondition = 'critical' | 'urgent' | 'general';
export type StayPatientType = 'self' | 'insured';
export type DepositMethod = 'cash' | 'wechat' | 'alipay' | 'card' | 'transfer' | 'cheque';

/** One inpatient stay (住院); deposits_fen / charges_fen are caches of the ledgers' sums. */
export interface InpatientStaysTable {
  id: Generated<number>;
  /** 住院号 */
  stay_no: string;
  patient_id: number;
  ward_id: number;
  dept_id: number;
  state: StayState;
  /** The bed held now (set through stays' setPlacement only). */
  bed_id: number | null;
  admitted_at: number;
  admission_way: AdmissionWay;
  admission_condition: AdmissionCondition;
  outpatient_diag_code: string | null;
  outpatient_diag_name: string | null;
  admission_diag_code: string;
  admission_diag_name: string;
  outpatient_doctor_id: number | null;
  attending_doctor_id: number | null;
  resident_doctor_id: number | null;
  nurse_id: number | null;
  bed_wish: string | null;
  patient_type: StayPatientType;
  psn_no: string | null;
  insutype: string | null;
  mdtrt_id: string | null;
  contact_name: string | null;
  contact_relation: string | null;
  contact_phone: string | null;
  guarantor_name: string | null;
  guarantee_fen: Generated<number>;
  guarantee_approver_id: number | null;
  nursing_level: string | null;
  diet: string | null;
  /** Cache: Σ stay_deposits.amount_fen. */
  deposits_fen: Generated<number>;
  /** Cache: Σ unsettled stay_charges.amount_fen (kept by addChargeTotal). */
  charges_fen: Generated<number>;
  /** How many times addChargeTotal was called (0 = no charge row was ever written). */
  charge_writes: Generated<number>;
  discharged_at: number | null;
  cancel_reason: string | null;
  cancelled_by: number | null;
  cancelled_at: number | null;
  remark: string | null;
  version: Generated<number>;
  created_by: number;
  created_at: number;
  updated_at: number;
}

/** A deposit receipt (预交金收据), or its reversal (negative, reverses_id set). Ledger: never updated but
 *  for settlement_id. */
export interface StayDepositsTable {
  id: Generated<number>;
  stay_id: number;
  receipt_no: string;
  amount_fen: number;
  method: DepositMethod;
  reference: string | null;
  reverses_id: number | null;
  reason: string | null;
  settlement_id: number | null;
  operator_id: number;
  workstation_id: number | null;
  created_at: number;
}

/** A ward's 预警线 and 欠费上限 (defaults 50000 / -100000 when no row). */
export interface WardSettingsTable {
  ward_id: number;
  warning_line_fen: number;
  arrears_limit_fen: number;
  updated_by: number;
  updated_at: number;
}

// ---- Beds (migration 2026-12-09-110, owner: beds) ----
export type BedType = 'normal' | 'extra' | 'virtual';
export type BedState = 'free' | 'occupied' | 'reserved';
export type BedMoveKind =
  | 'place'
  | 'change'
  | 'reserve'
  | 'unreserve'
  | 'transfer_out'
  | 'transfer_in'
  | 'release'
  | 'pre_discharge'
  | 'recall';

export interface WardRoomsTable {
  id: Generated<number>;
  ward_id: number;
  code: string;
  name: string;
  active: Generated<Bool01>;
  version: Generated<number>;
  created_at: number;
  updated_at: number;
}

/** state 'free' ⇔ stay_id null; an inactive bed is free. */
export interface BedsTable {
  id: Generated<number>;
  ward_id: number;
  room_id: number;
  code: string;
  type: Generated<BedType>;
  state: Generated<BedState>;
  /** The occupant ('occupied') or the 包床 holder ('reserved'). */
  stay_id: number | null;
  active: Generated<Bool01>;
  sort: Generated<number>;
  version: Generated<number>;
  created_at: number;
  updated_at: number;
}

/** A bed's daily charge items (catalog `service` items). */
export interface BedChargeItemsTable {
  bed_id: number;
  catalog_item_id: number;
  quantity: number;
}

/** Append-only (triggers). */
export interface BedMovesTable {
  id: Generated<number>;
  stay_id: number;
  kind: BedMoveKind;
  from_bed_id: number | null;
  to_bed_id: number | null;
  from_ward_id: number | null;
  to_ward_id: number | null;
  attending_doctor_id: number | null;
  resident_doctor_id: number | null;
  nurse_id: number | null;
  reason: string | null;
  operator_id: number;
  created_at: number;
}

// ---- The stay's charge ledger (migration 2026-12-09-120, inpatient-charges) ----
export type StayChargeSource = 'bed' | 'manual' | 'order';
/** One charge of a stay (insert-only; a reversal is a new row with negative quantity/amount). */
export interface StayChargesTable {
  id: Generated<number>;
  stay_id: number;
  /** The center's business day the charge belongs to ('YYYY-MM-DD'). */
  charge_day: string;
  catalog_item_id: number;
  item_name: string;
  item_spec: string | null;
  item_unit: string;
  pack_size: number;
  charge_category: string;
  /** Smallest units; negative on a reversal row. */
  quantity: number;
  /** Price of one pack at charge time (the catalog's price_fen). */
  unit_price_fen: number;
  amount_fen: number;
  source: StayChargeSource;
  /** 'bed:<day>:<slot>:<itemId>' for the nightly run (unique per stay and source); null otherwise. */
  source_key: string | null;
  bed_id: number | null;
  reverses_id: number | null;
  reason: string | null;
  dept_id: number;
  exec_dept_id: number | null;
  doctor_id: number | null;
  operator_id: number | null;
  settlement_id: number | null;
  emergency: Bool01;
  created_at: number;
}
export interface StayChargeEmergencyItemsTable {
  catalog_item_id: number;
  updated_by: number | null;
  updated_at: number;
}
export interface StayChargeRunsTable {
  id: Generated<number>;
  ward_id: number;
  charge_day: string;
  trigger: 'job' | 'manual';
  rows: number;
  amount_fen: number;
  operator_id: number | null;
  created_at: number;
}
