// The pharmacy API's shapes (the server's zod schemas in server/modules/pharmacy/schema.ts are the truth).
export interface Allocation {
  lotId: number;
  lotNo: string;
  expiryDate: string;
  quantity: number;
}

export interface RxLine {
  orderLineId: number;
  lineNo: number;
  itemId: number;
  code: string;
  name: string;
  spec: string | null;
  unit: string;
  packUnit: string;
  packSize: number;
  quantity: number;
  packs: number;
  units: number;
  dose: string | null;
  doseUnit: string | null;
  frequency: string | null;
  route: string | null;
  days: number | null;
  note: string | null;
  dispensed: number;
  returned: number;
  allocations: Allocation[];
}

export interface Rx {
  orderId: number;
  kind: 'western' | 'herbal' | 'service';
  status: string;
  pharmacyId: number | null;
  patient: { id: number; mrn: string; name: string; sex: 'M' | 'F'; age: number };
  doctorName: string;
  departmentName: string;
  herbalDoses: number | null;
  paidAt: number | null;
  dispensedAt: number | null;
  dispensedBy: string | null;
  version: number;
  /** For review (审方): the patient's allergies and the visit's diagnoses. */
  allergies: string[];
  diagnoses: Array<{ code: string; name: string }>;
  /** 配药 (two-person check): who prepared it. */
  preparation: { userId: number; by: string; at: number } | null;
  refusal: { reason: string; at: number } | null;
  lines: RxLine[];
}

export interface QueueView {
  pharmacy: { id: number; name: string };
  day: string;
  waiting: Rx[];
  dispensedToday: Rx[];
  /** 配药/核对 by two different pharmacists (institution setting). */
  twoPersonCheck: boolean;
}

export interface PickLine {
  orderLineId: number;
  itemId: number;
  name: string;
  unit: string;
  quantity: number;
  available: number;
  expired: number;
  short: number;
  allocations: Allocation[];
}

export interface PickView {
  orderId: number;
  pharmacyId: number;
  ok: boolean;
  message: string | null;
  lines: PickLine[];
}

export interface DispenseResult {
  orderId: number;
  dispensationId: number;
  status: string;
  printJobs: { labels: number[]; slip: number };
  /** Whether the labels and slip can print here (no label printer: the desk says so). */
  print?: import('../printing/desk-print.js').PrintOutcome;
}

export interface StockLot {
  lotId: number;
  lotNo: string;
  expiryDate: string;
  qty: number;
  expired: boolean;
  nearExpiry: boolean;
}

export interface StockItem {
  itemId: number;
  code: string;
  name: string;
  spec: string | null;
  unit: string;
  packUnit: string;
  packSize: number;
  onHand: number;
  expiredQty: number;
  lots: StockLot[];
}

export interface StockView {
  pharmacyId: number;
  day: string;
  nearExpiryBefore: string;
  items: StockItem[];
}

export interface PharmacyChoice {
  id: number;
  name: string;
}
