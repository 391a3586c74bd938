// The realtime contract shared by the server and the client (both import this file).
// HTTP carries commands and queries; Socket.IO carries pushes from the server only,
// plus the client's request to join rooms. Every push is an envelope with a rising seq.

export interface EventEnvelope<P = unknown> {
  seq: number;
  name: string;
  at: number;
  payload: P;
}

export interface SubscribeRequest {
  rooms: string[];
  /** The highest seq this client has applied; null on a first load (no replay). */
  since: number | null;
}

export type SubscribeReply =
  | { ok: true; joined: string[]; denied: string[]; lastSeq: number; replayed: number; resync: boolean }
  | { ok: false; error: string };

/** Socket.IO event names (the transport's, not the domain's). */
export const SOCKET = {
  event: 'event', // server -> client: EventEnvelope
  subscribe: 'subscribe', // client -> server, with ack: SubscribeRequest -> SubscribeReply
  resync: 'resync', // server -> client: { reason } — reload the snapshot, the gap is too old
  sessionEnded: 'session-ended', // server -> client: the session was signed out, expired or disabled
  // server -> client: EphemeralEnvelope — pushed once, never stored or replayed (e.g. card:read)
  ephemeral: 'ephemeral',
} as const;

/** An ephemeral push: no seq (not in event_log, no replay, no dedupe). */
export interface EphemeralEnvelope<P = unknown> {
  name: string;
  at: number;
  payload: P;
}

/**
 * Every event name, the one place the strings are written (`domain:past-tense`). The payload of
 * each is in EventMap (stored, replayable) or EphemeralEventMap (pushed once, never stored).
 * The grouped objects below (EVENTS, PHARMACY_EVENTS …) are views of this one.
 */
export const EV = {
  departmentChanged: 'department:changed',
  staffChanged: 'staff:changed',
  userChanged: 'user:changed',
  roleChanged: 'role:changed',
  workstationChanged: 'workstation:changed',
  settingsChanged: 'settings:changed',
  patientChanged: 'patient:changed',
  supplierChanged: 'supplier:changed',
  // registration and queues
  queueTicketCalled: 'queue:ticket-called',
  queueTicketRecalled: 'queue:ticket-recalled',
  queueTicketPassed: 'queue:ticket-passed',
  queueChanged: 'queue:changed',
  registrationCreated: 'registration:created',
  registrationCancelled: 'registration:cancelled',
  clinicChanged: 'clinic:changed',
  rosterChanged: 'roster:changed',
  displayChanged: 'display:changed',
  // the doctor's visit and orders
  visitStarted: 'visit:started',
  visitFinished: 'visit:finished',
  orderSigned: 'order:signed',
  orderCancelled: 'order:cancelled',
  orderRefused: 'order:refused',
  // billing
  billPaid: 'bill:paid',
  billRefunded: 'bill:refunded',
  invoiceChanged: 'bill:invoice',
  shiftClosed: 'shift:closed',
  // pharmacy and stock
  dispensePrepared: 'dispense:prepared',
  dispenseCompleted: 'dispense:completed',
  dispenseReturned: 'dispense:returned',
  stockChanged: 'stock:changed',
  stockDocChanged: 'stock:doc',
  stockAlert: 'stock:alert',
  catalogChanged: 'catalog:changed',
  stockLocationChanged: 'stock-location:changed',
  // devices, printing, equipment
  cardRead: 'card:read',
  cardError: 'card:error',
  cardRemoved: 'card:removed',
  cardReady: 'card:ready',
  readerChanged: 'device:reader-changed',
  printJobUpdated: 'print:job-updated',
  equipmentChanged: 'equipment:changed',
  equipmentDue: 'equipment:due',
  workstationBindingChanged: 'workstation:binding-changed',
  // insurance adapter (接口设置, the outbox)
  insuranceConfigChanged: 'insurance:config-changed',
  insuranceCallChanged: 'insurance:call-changed',
  // insurer catalogs and matching (目录对照)
  insuranceCatalogChanged: 'insurance:catalog-changed',
  // insurance reconciliation (医保对账)
  insuranceReconciled: 'insurance:reconciled',
  // the insured visit settled at the cashier (医保结算)
  insuranceSettlementChanged: 'insurance:settlement-changed',
  // the wards: admission and deposits (入院登记, 预交金)
  stayChanged: 'stay:changed',
  // the wards: beds and bed movements at the nurse station (issue 12)
  bedChanged: 'bed:changed',
  // the wards: the stay's charge ledger (记账, 冲账, nightly bed fees; issue 12)
  stayChargePosted: 'stay-charge:posted',
} as const satisfies Record<string, LiveEventName>;

/** Stored domain events (event_log, replayed after a reconnect): each name's payload. */
export interface EventMap {
  'department:changed': EntityChangedPayload;
  'staff:changed': EntityChangedPayload;
  'user:changed': EntityChangedPayload;
  'role:changed': EntityChangedPayload;
  'workstation:changed': EntityChangedPayload;
  'settings:changed': EntityChangedPayload;
  'patient:changed': EntityChangedPayload;
  'supplier:changed': EntityChangedPayload;
  'queue:ticket-called': QueueTicketPayload;
  'queue:ticket-recalled': QueueTicketPayload;
  'queue:ticket-passed': QueueTicketPayload;
  'queue:changed': QueueTicketPayload;
  'registration:created': RegistrationChangedPayload;
  'registration:cancelled': RegistrationChangedPayload;
  'clinic:changed': ClinicChangedPayload;
  'roster:changed': ClinicChangedPayload;
  'display:changed': EntityChangedPayload;
  'visit:started': VisitEventPayload;
  'visit:finished': VisitEventPayload;
  'order:signed': OrderEventPayload;
  'order:cancelled': OrderEventPayload;
  'order:refused': OrderRefusedPayload;
  'bill:paid': BillPaidPayload;
  'bill:refunded': BillRefundedPayload;
  'bill:invoice': InvoiceChangedPayload;
  'shift:closed': ShiftClosedPayload;
  'dispense:prepared': DispensePreparedPayload;
  'dispense:completed': DispenseCompletedPayload;
  'dispense:returned': DispenseReturnedPayload;
  'stock:changed': StockChangedPayload;
  'stock:doc': StockDocPayload;
  'stock:alert': StockAlertPayload;
  'catalog:changed': CatalogChangedPayload;
  'stock-location:changed': StockLocationChangedPayload;
  'card:error': CardErrorPayload;
  'card:removed': CardRemovedPayload;
  'card:ready': CardReadyPayload;
  'device:reader-changed': ReaderChangedPayload;
  'print:job-updated': PrintJobUpdatedPayload;
  'equipment:changed': EquipmentChangedPayload;
  'equipment:due': EquipmentDuePayload;
  'insurance:config-changed': InsuranceConfigChangedPayload;
  'insurance:call-changed': InsuranceCallChangedPayload;
  'insurance:catalog-changed': InsuranceCatalogChangedPayload;
  'insurance:reconciled': InsuranceReconciledPayload;
  'insurance:settlement-changed': InsuranceSettlementChangedPayload;
  'stay:changed': StayChangedPayload;
  'bed:changed': BedChangedPayload;
  'stay-charge:posted': StayChargePostedPayload;
}

/** Ephemeral pushes (SOCKET.ephemeral): never in event_log, never replayed. */
export interface EphemeralEventMap {
  'card:read': CardReadPayload;
  'workstation:binding-changed': WorkstationBindingChangedPayload;
}

export type EventName = keyof EventMap;
export type EphemeralEventName = keyof EphemeralEventMap;
/** What a browser may hear: the stored events and the ephemeral ones (one listener API for both). */
export type LiveEventMap = EventMap & EphemeralEventMap;
export type LiveEventName = keyof LiveEventMap;

/** A stored event's envelope, its payload typed by its name. */
export type EnvelopeOf<K extends LiveEventName> = EventEnvelope<LiveEventMap[K]> & { name: K };

/** Any stored event's envelope: checking `env.name` narrows `env.payload` (no cast). */
export type StoredEnvelope = { [K in EventName]: EnvelopeOf<K> }[EventName];

/** Ephemeral, to the sockets of one browser: its workstation binding was revoked or changed. */
export const WORKSTATION_BINDING_CHANGED = EV.workstationBindingChanged;

export interface WorkstationBindingChangedPayload {
  workstationId: number | null;
}

/** Domain event names published by the foundation. */
export const EVENTS = {
  departmentChanged: EV.departmentChanged,
  staffChanged: EV.staffChanged,
  userChanged: EV.userChanged,
  roleChanged: EV.roleChanged,
  workstationChanged: EV.workstationChanged,
  settingsChanged: EV.settingsChanged,
} as const;

export interface EntityChangedPayload {
  id: number | string;
  action: 'created' | 'updated' | 'deleted';
}

// ---- Pharmacy (药房): dispensing, returns, stock at a pharmacy ----
export const PHARMACY_EVENTS = {
  dispenseCompleted: EV.dispenseCompleted,
  dispenseReturned: EV.dispenseReturned,
  stockChanged: EV.stockChanged,
} as const;

/** To `pharmacy:<id>` and `cashier` after an order was dispensed. */
export interface DispenseCompletedPayload {
  orderId: number;
  patientId: number;
  pharmacyId: number;
}

/** To `pharmacy:<id>` and `cashier` after drugs were taken back (the cashier may refund them). */
export interface DispenseReturnedPayload {
  orderId: number;
  patientId: number;
  pharmacyId: number;
  orderLineIds: number[];
}

/** To `pharmacy:<locationId>`: on hand (non-expired lots, smallest units) after a change. */
export interface StockChangedPayload {
  itemId: number;
  locationId: number;
  onHand: number;
}

// ---- Registration and queues (挂号、候诊): registration desk, doctors, waiting-room displays ----
export const QUEUE_EVENTS = {
  ticketCalled: EV.queueTicketCalled,
  ticketRecalled: EV.queueTicketRecalled,
  ticketPassed: EV.queueTicketPassed,
  changed: EV.queueChanged,
  registrationCreated: EV.registrationCreated,
  registrationCancelled: EV.registrationCancelled,
  clinicChanged: EV.clinicChanged,
  rosterChanged: EV.rosterChanged,
  displayChanged: EV.displayChanged,
} as const;

export type QueueEntryStatus = 'waiting' | 'called' | 'in_consultation' | 'passed' | 'done' | 'cancelled';

/** To `dept:<id>`, every `display:<id>` showing that clinic, and `registration`. */
export interface QueueTicketPayload {
  entryId: number;
  departmentId: number;
  label: string;
  /** 张*三 style: first character, *, last character (2-character names: 张*). */
  maskedName: string;
  room: string | null;
  status: QueueEntryStatus;
  callCount: number;
  // The rest of the row as the doctor's queue and the registration desk show it (no patient data
  // beyond the masked name): the screens apply the change without reloading their lists.
  visitId: number;
  queueNo: number;
  /** Place in the clinic's line (the doctor's list is ordered by position, then number). */
  position: number;
  /** The doctor the ticket is registered to (null: the clinic). */
  doctorStaffId: number | null;
  doctorName: string | null;
  calledByStaffId: number | null;
  calledByName: string | null;
  /** The entry's version after the change (a list holding a newer copy of the row keeps it). */
  version: number;
  /** The entry's business day, and how many wait in its clinic's line that day after the change
   *  (waiting or passed: the desk's count per clinic, applied without reloading the clinics). */
  day: string;
  waiting: number;
}

/** To `registration` and `dept:<id>` when a registration is made or cancelled. */
export interface RegistrationChangedPayload {
  registrationId: number;
  departmentId: number;
  visitId: number;
  queueLabel: string;
  status: 'active' | 'cancelled';
  queueEntryId: number | null;
  cancelledAt: number | null;
}

/** To `registration` and `admin` when a clinic's settings or a day's roster change. */
export interface ClinicChangedPayload {
  departmentId: number | null;
  day: string | null;
}

/** `order:signed` / `order:cancelled` (orders module) to `cashier` and `dept:<id>`. */
export interface OrderEventPayload {
  orderId: number;
  patientId: number;
  visitId: number;
  totalFen: number;
}

/** Issue 9 items 6 and 10: the pharmacy's review of a paid prescription. */
export const REVIEW_EVENTS = {
  /** 拒发 (orders module, on the pharmacy's command): to `dept:<visit dept>`, `cashier`, `pharmacy:<id>`. */
  orderRefused: EV.orderRefused,
  /** 配药 recorded by a first pharmacist (two-person check): to `pharmacy:<id>`. */
  dispensePrepared: EV.dispensePrepared,
} as const;

/** `order:refused`: the pharmacy refused a paid prescription; the doctor rewrites it, the cashier refunds it whole. */
export interface OrderRefusedPayload extends OrderEventPayload {
  pharmacyId: number;
  reason: string;
  refusedBy: string;
}

/** `dispense:prepared`: a pharmacist prepared (配药) a prescription; another must check and dispense it. */
export interface DispensePreparedPayload {
  orderId: number;
  patientId: number;
  pharmacyId: number;
  preparedBy: string;
}

/** `visit:started` / `visit:updated` / `visit:finished` (outpatient module) to `dept:<id>`. */
export interface VisitEventPayload {
  visitId: number;
  patientId: number;
  departmentId: number;
  doctorStaffId: number | null;
  status: 'waiting' | 'in_consultation' | 'finished' | 'cancelled';
}

// ---- Billing (收费): bills paid and refunded, shifts closed ----
export const BILLING_EVENTS = {
  billPaid: EV.billPaid,
  billRefunded: EV.billRefunded,
  shiftClosed: EV.shiftClosed,
  invoiceChanged: EV.invoiceChanged,
} as const;

/** `bill:invoice` to `cashier`: an invoice number was issued, printed, replaced (补打) or voided (作废). */
export interface InvoiceChangedPayload {
  billId: number | null;
  bookId: number | null;
  action: 'issued' | 'printed' | 'reprinted' | 'voided';
  invoiceNo: string | null;
  voidedNo: string | null;
}

/** `bill:paid` to `cashier`, each `pharmacy:<id>` of its orders and `dept:<visit dept>`. */
export interface BillPaidPayload {
  billId: number;
  patientId: number;
  orderIds: number[];
  pharmacyIds: number[];
  totalFen: number;
}

/** `bill:refunded`, same rooms; totalFen is the refund bill's (zero or negative) total. */
export interface BillRefundedPayload extends BillPaidPayload {
  originalBillId: number;
}

/** `shift:closed` to `cashier` and `user:<cashier>`. */
export interface ShiftClosedPayload {
  shiftId: number;
  cashierUserId: number;
}

/** The spoken call of the waiting-room display: "请 A012 号 张*三 到 2 诊室 就诊". */
export function callText(label: string, maskedName: string, room: string | null, clinicName: string): string {
  const place = room ? (/[室诊]$/.test(room) ? room : `${room} 诊室`) : clinicName;
  return `请 ${label} 号 ${maskedName} 到 ${place} 就诊`;
}

/** What the display's speech endpoint accepts: the call template only. */
export const CALL_TEXT_PATTERN =
  /^请 [A-Z]{1,2}\d{3,5} 号 \p{sc=Han}\*\p{sc=Han}? 到 [\p{sc=Han}A-Za-z0-9 -]{1,24} 就诊$/u;

/** Patients (master patient index): a patient was registered or edited (payload: EntityChangedPayload,
 *  no personal data). */
export const PATIENT_EVENTS = { changed: EV.patientChanged } as const;

/** How a call is spoken: the ticket's digits one by one (A012 → "A 零一二"), the mask as 某. */
export function spokenCall(text: string): string {
  const zh = '零一二三四五六七八九';
  return text
    .replace(
      /^请 ([A-Z]{1,2})(\d+)/,
      (_m, p: string, d: string) => `请 ${p} ${[...d].map((c) => zh[Number(c)]).join('')}`,
    )
    .replace(/\*/g, '某');
}

// ---- Card readers (读卡器): pushed ONLY to the bound workstation's room `workstation:<id>` ----
// card:read is ephemeral (SOCKET.ephemeral): it carries ID numbers, so it is never written to
// event_log and never replayed; only sockets of browsers bound to that workstation get it.
export const CARD_EVENTS = {
  /** A card was read: the holder's data (personal data, never broadcast). */
  read: EV.cardRead,
  /** Unknown card, failed read, card pulled mid-read, reader unplugged / PC/SC down. */
  error: EV.cardError,
  /** The card left the reader. */
  removed: EV.cardRemoved,
  /** The reader is back (re-plugged, or pcscd back): the desk clears its "disconnected" message. { readerName } */
  ready: EV.cardReady,
  /** To `admin`: a reader's state changed (no personal data; the devices page reloads). */
  readerChanged: EV.readerChanged,
} as const;

export interface CardPersonPayload {
  idNumber: string;
  name: string;
  sex: 'M' | 'F' | 'U';
  /** YYYY-MM-DD */
  birthDate: string | null;
  ethnicity: string | null;
  cardNumber: string | null;
  /** 卡识别码 (32 hex digits), for the insurer's look-up by card (03); null when not read. */
  cardSn?: string | null;
}

export interface CardReadPayload {
  readerName: string;
  /** e.g. 'social-security', 'iso7816'. */
  profile: string;
  /** null for cards that hold no person (a generic contactless card: see uid). */
  person: CardPersonPayload | null;
  uid: string | null;
}

export interface CardErrorPayload {
  readerName: string;
  code:
    | 'unknown_card'
    | 'read_failed'
    | 'bad_data'
    | 'card_removed'
    | 'no_card'
    | 'reader_gone'
    | 'service_down'
    | 'in_use';
  message: { zh: string; en: string };
}

export interface CardRemovedPayload {
  readerName: string;
}

/** `card:ready`: the reader is back. */
export type CardReadyPayload = CardRemovedPayload;

export interface ReaderChangedPayload {
  readerName: string;
  state: string;
}

/** Printing (issue 4): a print job's status, to the `workstation:<id>` room of the workstation that asked. */
export const PRINT_EVENTS = {
  jobUpdated: EV.printJobUpdated,
} as const;

export interface PrintJobUpdatedPayload {
  jobId: number;
  status: 'pending' | 'printing' | 'done' | 'failed' | 'cancelled';
  attempts: number;
  error: string | null;
  /** The job's layout (queue-ticket, receipt …): the desk names what failed. */
  layout?: string;
}

/** Equipment (issue 5): a register entry created, updated or logged, to the `admin` room. */
export const EQUIPMENT_EVENTS = {
  changed: EV.equipmentChanged,
  due: EV.equipmentDue,
} as const;

export interface EquipmentChangedPayload {
  id: number;
  action: 'created' | 'updated' | 'logged';
}

/** At server start and daily: items whose maintenance or calibration is due within 30 days or overdue. */
export interface EquipmentDuePayload {
  today: string;
  until: string;
  due: number;
  overdue: number;
  ids: number[];
}

// ---- Suppliers (供应商) ----
export const SUPPLIER_EVENTS = {
  /** To `admin`, payload EntityChangedPayload, after a supplier was created, updated or deactivated. */
  supplierChanged: EV.supplierChanged,
} as const;

// ---- Inventory (药库 / 药房库存): documents, alerts, dictionary changes (issue 5) ----
export const INVENTORY_EVENTS = {
  /** To `pharmacy:<locationId>` and `pharmacy:<counterpartId>`: a stock document was created, changed, posted,
   *  cancelled or counted. */
  docChanged: EV.stockDocChanged,
  /** To `pharmacy:<locationId>`: items fell below their reorder level, or lots are near expiry / expired. */
  alert: EV.stockAlert,
  /** To `admin` and every `pharmacy:<id>`: catalog items were created, updated or imported
   *  (EntityChangedPayload-like, ids). */
  catalogChanged: EV.catalogChanged,
} as const;

export interface StockDocPayload {
  id: number;
  docNo: string;
  type:
    | 'receipt'
    | 'requisition'
    | 'transfer'
    | 'supplier_return'
    | 'loss'
    | 'consumption'
    | 'stocktake'
    | 'price_adjustment';
  status: 'draft' | 'posted' | 'cancelled';
  locationId: number;
  counterpartId: number | null;
  action: 'created' | 'updated' | 'posted' | 'cancelled' | 'reversed' | 'counted';
}

export interface StockAlertItem {
  itemId: number;
  code: string;
  name: string;
  /** below_reorder: on hand now / the level; near_expiry and expired: the lot and its quantity. */
  onHand: number;
  reorderLevel?: number;
  lotId?: number;
  lotNo?: string;
  expiryDate?: string;
}

export interface StockAlertPayload {
  locationId: number;
  kind: 'below_reorder' | 'near_expiry' | 'expired';
  items: StockAlertItem[];
}

export interface CatalogChangedPayload {
  ids: number[];
  action: 'created' | 'updated' | 'imported';
}

// ---- Stock locations and document settings (库房 / 单据使用设置) ----
export const STOCK_LOCATION_EVENTS = {
  /** To `admin` and `pharmacy:<id>`: a location's role, supplier or document types changed, or a location was
   *  created. */
  changed: EV.stockLocationChanged,
} as const;

export interface StockLocationChangedPayload {
  id: number;
  action: 'created' | 'updated';
}

// ---- Insurance adapter (医保接口): settings and the outbox (issue 11) ----
export const INSURANCE_EVENTS = {
  /** To `admin`: 接口设置 were saved (no secret in the payload). */
  configChanged: EV.insuranceConfigChanged,
  /** To `admin` and `cashier`: an outbox call was written or answered (no personal data). */
  callChanged: EV.insuranceCallChanged,
} as const;

export interface InsuranceConfigChangedPayload {
  version: number;
  enabled: boolean;
}

export interface InsuranceCallChangedPayload {
  id: number;
  infno: string;
  state: 'pending' | 'ok' | 'failed' | 'unknown';
  patientId: number | null;
  resolved: boolean;
}

// ---- Insurer catalogs and matching (基础数据对应 / 目录对照, issue 11 item 4) ----
/** To `insurance-catalog`: a catalog was downloaded, or matches changed (the matching pages apply or reload). */
export const INSURANCE_CATALOG_EVENTS = { changed: EV.insuranceCatalogChanged } as const;

export interface InsuranceCatalogChangedPayload {
  /** Which tab changed: local catalog items, departments, diseases (local codes), staff, or a download. */
  kind: 'item' | 'department' | 'disease' | 'staff' | 'download';
  /** Catalog item / department / staff ids, local ICD-10 codes, or the infno downloaded. */
  keys: Array<number | string>;
  action: 'proposed' | 'matched' | 'confirmed' | 'reviewed' | 'uploaded' | 'revoked' | 'unmatched' | 'downloaded';
}

// ---- Insurance reconciliation (医保对账, issue 11 item 6) ----
/** To `insurance-recon`: a 3201 was recorded or a 3202's differences changed (the 对账 page applies it). */
export const INSURANCE_RECON_EVENTS = { reconciled: EV.insuranceReconciled } as const;

export interface InsuranceReconciledPayload {
  /** The insurance_reconciliations row. */
  id: number;
  from: string;
  to: string;
  state: 'balanced' | 'unbalanced' | 'failed';
}

// ---- The insured visit settled at the cashier (医保结算, issue 11 items 2, 3, 7) ----
/** To `cashier`: a step of a patient's insured visit changed (the cashier's screens re-read that patient). */
export const INSURANCE_SETTLEMENT_EVENTS = { changed: EV.insuranceSettlementChanged } as const;

export interface InsuranceSettlementChangedPayload {
  patientId: number;
  visitId: number;
  insuranceVisitId: number;
  settlementId: number | null;
  step:
    | 'registered'
    | 'uploaded'
    | 'upload-cancelled'
    | 'settled'
    | 'applied'
    | 'cancelled'
    | 'refunded'
    | 'unknown'
    | 'resolved'
    | 'locked'
    | 'unlocked';
  billId: number | null;
}

// ---- The wards: stays (入院登记, 预交金; issue 12) ----
/** To `ward:<wardId>` (and the ward it left, on a transfer) and `cashier`: a stay was admitted, edited,
 *  placed in a bed or moved, took a deposit or a charge, or was cancelled. */
export const STAY_EVENTS = { changed: EV.stayChanged } as const;

export type StaySummaryState = 'pending' | 'in_ward' | 'transferring' | 'pre_discharge' | 'discharged' | 'cancelled';

/** Balance = deposits − unsettled charges + guarantee (INPATIENT.md §2), with the ward's lines. */
export interface StayBalance {
  depositsFen: number;
  chargesFen: number;
  guaranteeFen: number;
  balanceFen: number;
  /** Below the ward's 预警线. */
  warning: boolean;
  /** Below the ward's 欠费上限. */
  arrears: boolean;
  warningLineFen: number;
  arrearsLimitFen: number;
}

/** A stay as boards and lists show it (stays' staySummaries). */
export interface StaySummary {
  id: number;
  stayNo: string;
  state: StaySummaryState;
  patient: { id: number; name: string; sex: 'M' | 'F'; age: number; mrn: string };
  wardId: number;
  wardName: string;
  deptId: number;
  bedId: number | null;
  admittedAt: number;
  /** 住院天数 so far (算入不算出: the admission day counts, the discharge day does not; minimum 1). */
  days: number;
  attendingDoctorId: number | null;
  attendingDoctorName: string | null;
  nursingLevel: string | null;
  patientType: 'self' | 'insured';
  admissionDiagName: string;
  balance: StayBalance;
  version: number;
}

export type StayChangeAction =
  | 'admitted'
  | 'updated'
  | 'placed'
  | 'deposit'
  | 'deposit-reversed'
  | 'charged'
  | 'cancelled';

export interface StayChangedPayload {
  action: StayChangeAction;
  stay: StaySummary;
}

// ---- Beds (床位, the nurse station's bed board, issue 12) ----
/** To `ward:<id>`: beds of the ward changed (a move, or the ward's rooms/beds setup); the board applies the rows. */
export const BED_EVENTS = { changed: EV.bedChanged } as const;

export interface BedChangedBed {
  id: number;
  roomId: number;
  code: string;
  type: 'normal' | 'extra' | 'virtual';
  state: 'free' | 'occupied' | 'reserved';
  /** The occupant or the 包床 holder; null when free. */
  stayId: number | null;
  active: boolean;
  sort: number;
  version: number;
}

export interface BedChangedPayload {
  wardId: number;
  /** What happened: a bed move's kind, or 'setup' (rooms, beds, charge items edited). */
  cause:
    | 'place'
    | 'change'
    | 'reserve'
    | 'unreserve'
    | 'transfer_out'
    | 'transfer_in'
    | 'release'
    | 'pre_discharge'
    | 'setup';
  stayId: number | null;
  beds: BedChangedBed[];
}

// ---- The wards: the stay's charge ledger (记账, 冲账, 床位费; issue 12) ----
/** To `ward:<wardId>` and `cashier`: charge rows were added to a stay (a manual charge, a reversal, the
 *  nightly bed fees); the fee panels append the rows. The stay's balance comes with `stay:changed`. */
export const STAY_CHARGE_EVENTS = { posted: EV.stayChargePosted } as const;

/** One stay_charges row as screens show it (a reversal: negative quantity and amount, reversesId set). */
export interface StayChargeRow {
  id: number;
  stayId: number;
  chargeDay: string;
  catalogItemId: number;
  itemName: string;
  itemSpec: string | null;
  itemUnit: string;
  packSize: number;
  chargeCategory: string;
  quantity: number;
  unitPriceFen: number;
  amountFen: number;
  source: 'bed' | 'manual' | 'order';
  bedId: number | null;
  reversesId: number | null;
  /** Set on a row that has been reversed: the reversal's id. */
  reversedById: number | null;
  reason: string | null;
  deptId: number;
  operatorId: number | null;
  operatorName: string | null;
  settlementId: number | null;
  emergency: boolean;
  createdAt: number;
}

export interface StayChargePostedPayload {
  stayId: number;
  wardId: number;
  cause: 'manual' | 'reversal' | 'nightly' | 'order';
  rows: StayChargeRow[];
  /** Σ amount of the rows (negative for a reversal). */
  totalFen: number;
}
