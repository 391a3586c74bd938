// Test data built through the services, as a person at a screen would (issue 10 item 5): every
// factory calls the HTTP API of a running test server, so the rows are the ones the owners write
// (with their audit rows, events, sequences and checks), never raw SQL. Modelled on Outline's
// server/test/factories.ts: each builder has defaults for everything and takes overrides, and
// names are unique per call so tests may share a server and run in any order.
//
//   const f = await factories(ts);                         // signs the first administrator in
//   const clinic = await f.department({ kind: 'clinic' });
//   const doctor = await f.user(['doctor'], { departmentId: clinic.id });
//   const patient = await f.patient({ allergies: ['青霉素'] });
//   const item = await f.drug({ priceFen: 1250, packSize: 24 });
//   await f.stock(item.id, pharmacy.id, 240);               // a posted receipt + a posted transfer
//   const reg = await f.registration(patient.id, clinic.id);
//   const order = await f.signedOrder(doctor, clinic.id, patient.id, [{ itemId: item.id }]);
//   const bill = await f.paidBill(patient.id, [order.id]);
import { randomUUID } from 'node:crypto';
import { userViaApi } from './admin.js';
import { type ApiClient, adminClient, type TestServer } from './server.js';

type Json = Record<string, any>;
export type UserMade = Awaited<ReturnType<typeof userViaApi>>;

const key = () => ({ 'Idempotency-Key': randomUUID() });
let seq = 0;
/** Unique per call and per process (tests of one run may share a database). */
export const unique = (): string => `${process.pid % 10000}${(++seq).toString().padStart(3, '0')}`;

function ok<T = Json>(what: string, r: { status: number; body: any }, status = [200, 201]): T {
  if (!status.includes(r.status)) throw new Error(`${what} failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as T;
}

export interface Factories {
  admin: ApiClient;
  department(v?: { kind?: string; name?: string; code?: string }): Promise<{ id: number; code: string; name: string }>;
  /** A staff member of the department (a new clinic when none is given) and a signed-in user with these roles. */
  user(roles: string[], opts?: { departmentId?: number; keepOneTime?: boolean }): Promise<UserMade>;
  /** A patient registered at the desk (a registrar of the factories' own), as the API answers it. */
  patient(v?: Json): Promise<{ id: number; mrn: string; name: string } & Json>;
  /** A catalog item through the maintenance page's API (a drug unless kind says otherwise), its
   *  invoice category saved (发票归类) unless `invoiceConfirmed: false`. */
  item(v?: Json): Promise<{ id: number; code: string; name: string } & Json>;
  drug(v?: Json): Promise<{ id: number; code: string; name: string } & Json>;
  service(v?: Json): Promise<{ id: number; code: string; name: string } & Json>;
  supplier(v?: Json): Promise<{ id: number; name: string }>;
  diagnosis(code: string, name: string): Promise<void>;
  /** The clinic settings of a clinic department (queue prefix, registration fee). */
  clinic(departmentId: number, v?: { prefix?: string; feeFen?: number; feeItemId?: number | null }): Promise<Json>;
  /**
   * Stock of an item at a location, through the stock ledger as the store does it: a receipt into
   * a store, posted (and, for a pharmacy, a transfer from that store, posted). Returns the lot.
   */
  stock(
    itemId: number,
    locationId: number,
    qty: number,
    v?: { lotNo?: string; expiryDate?: string; purchasePriceFen?: number },
  ): Promise<{ lotId: number; storeId: number }>;
  /** A registration at the registration desk (cash, a clinic with settings). */
  registration(patientId: number, departmentId: number, v?: Json): Promise<Json>;
  /** A walk-in visit with a diagnosis, a prescription drafted and signed by the doctor. */
  signedOrder(
    doctor: UserMade,
    departmentId: number,
    patientId: number,
    lines: Array<{ itemId: number } & Json>,
    v?: { pharmacyId?: number; kind?: string },
  ): Promise<{ id: number; visitId: number; totalFen: number } & Json>;
  /** The orders charged at the cashier and paid in cash (a cashier with an invoice book). */
  paidBill(patientId: number, orderIds: number[], v?: { cashier?: UserMade }): Promise<Json>;
  /** An invoice book for a cashier, as the administration page opens it. */
  invoiceBook(cashierUserId: number, v?: { prefix?: string; startNo?: number; endNo?: number }): Promise<Json>;
}

/** Factories for a running test server; signs the first administrator in unless given a client. */
export async function factories(ts: TestServer, admin?: ApiClient): Promise<Factories> {
  const a = admin ?? (await adminClient(ts));
  let store: { id: number } | null = null;
  let keeper: UserMade | null = null;
  let supplierId: number | null = null;
  let cashier: UserMade | null = null;
  let desk: UserMade | null = null;
  /** The registration desk (挂号收费员): patients and registrations are its work, not the admin's. */
  const registrar = async () => (desk ??= await f.user(['registrar']));
  const diagnosed = new Set<string>();

  const f: Factories = {
    admin: a,

    async department(v = {}) {
      const u = unique();
      const body = { code: v.code ?? `FD${u}`, name: v.name ?? `工厂科室${u}`, kind: v.kind ?? 'clinic' };
      return ok('department', await a.post('/api/departments', body));
    },

    user: (roles, opts = {}) => userViaApi(ts, a, roles, opts),

    async patient(v = {}) {
      const u = unique();
      const c = (await registrar()).client;
      // With an ID number, sex and birth date come from it.
      const born = v.idNumber ? {} : { sex: 'F', birthDate: '1980-03-04' };
      return ok('patient', await c.post('/api/patients', { name: `测试${u}`, ...born, ...v }));
    },

    async item(v = {}) {
      const u = unique();
      const body = {
        code: `FI${u}`,
        kind: 'drug',
        name: `测试药品${u}`,
        unit: '片',
        packUnit: '盒',
        packSize: 10,
        priceFen: 1000,
        drugClass: 'western',
        chargeCategory: '01',
        ...v,
      };
      const { invoiceConfirmed = true, ...item } = body as Json;
      const made = ok<Json>('catalog item', await a.post('/api/catalog/admin/items', item));
      // 发票归类: saved, the item is chargeable (pass invoiceConfirmed: false to leave it unsaved).
      if (invoiceConfirmed)
        ok(
          'invoice category',
          await a.post('/api/invoice-mapping/save', { category: made.chargeCategory, itemIds: [made.id] }),
        );
      return made as { id: number; code: string; name: string } & Json;
    },
    drug: (v = {}) => f.item(v),
    service: (v = {}) => {
      const u = unique();
      return f.item({
        code: `FS${u}`,
        kind: 'service',
        name: `测试服务${u}`,
        unit: '次',
        packUnit: '次',
        packSize: 1,
        drugClass: null,
        chargeCategory: '13',
        ...v,
      });
    },

    async supplier(v = {}) {
      const u = unique();
      return ok('supplier', await a.post('/api/suppliers', { code: `FG${u}`, name: `测试医药${u}`, ...v }));
    },

    async diagnosis(code, name) {
      if (diagnosed.has(code)) return;
      const csv = `code,name\r\n${code},${name}\r\n`;
      const r = await a.post('/api/diagnoses/import', csv, { 'content-type': 'text/csv; charset=utf-8' });
      ok('diagnosis import', r);
      diagnosed.add(code);
    },

    async clinic(departmentId, v = {}) {
      const body = {
        queuePrefix: v.prefix ?? String.fromCharCode(65 + (seq++ % 26)),
        registrationFeeFen: v.feeFen ?? 0,
        feeItemId: v.feeItemId ?? null,
        room: null,
        version: null,
      };
      return ok('clinic', await a.put(`/api/clinics/${departmentId}`, body));
    },

    async stock(itemId, locationId, qty, v = {}) {
      store ??= await f.department({ kind: 'store' });
      keeper ??= await f.user(['storekeeper'], { departmentId: store.id });
      supplierId ??= (await f.supplier()).id;
      const lotNo = v.lotNo ?? `FL${unique()}`;
      const doc = (c: ApiClient, body: Json) =>
        c.post('/api/stock/docs', body, key()).then((r) => ok<Json>(`stock ${body.type}`, r));
      const post = (c: ApiClient, d: Json) =>
        c.post(`/api/stock/docs/${d.id}/post`, { version: d.version }, key()).then((r) => ok<Json>('posting', r));
      const line = {
        itemId,
        lotNo,
        expiryDate: v.expiryDate ?? '2099-12-31',
        purchasePriceFen: v.purchasePriceFen ?? 100,
        quantity: qty,
      };
      const receipt = await doc(keeper.client, {
        type: 'receipt',
        locationId: store.id,
        supplierId,
        supplierInvoiceNo: `FP${unique()}`,
        lines: [line],
      });
      const posted = await post(keeper.client, receipt);
      if (locationId === store.id) return { lotId: posted.lines[0].lotId, storeId: store.id };
      const transfer = await doc(keeper.client, {
        type: 'transfer',
        locationId: store.id,
        counterpartId: locationId,
        lines: [{ itemId, quantity: qty, lotId: posted.lines[0].lotId }],
      });
      await post(keeper.client, transfer);
      // The lot the transfer made at the destination (a read: the ledger wrote it).
      const lot = ts.server.open.raw
        .prepare('SELECT id FROM stock_lots WHERE item_id = ? AND location_id = ? AND lot_no = ?')
        .get(itemId, locationId, lotNo) as { id: number };
      return { lotId: lot.id, storeId: store.id };
    },

    async registration(patientId, departmentId, v = {}) {
      const c = (await registrar()).client;
      return ok(
        'registration',
        await c.post('/api/registrations', { patientId, departmentId, payer: 'cash', ...v }, key()),
      );
    },

    async signedOrder(doctor, departmentId, patientId, lines, v = {}) {
      await f.diagnosis('J06.900', '急性上呼吸道感染');
      const visit = ok<Json>(
        'walk-in',
        await doctor.client.post('/api/visits/walk-in', { patientId, departmentId }, key()),
      );
      const rec = ok<Json>(
        'visit record',
        await doctor.client.put(`/api/visits/${visit.id}/record`, {
          chiefComplaint: '咳嗽三天',
          history: null,
          examination: null,
          notes: null,
          diagnoses: [{ code: 'J06.900' }],
          version: visit.version,
        }),
      );
      const draft = ok<Json>(
        'order draft',
        await doctor.client.post(
          '/api/orders',
          {
            visitId: rec.id,
            kind: v.kind ?? 'western',
            pharmacyId: v.pharmacyId,
            lines: lines.map((l) => ({ dose: '1', doseUnit: '片', frequency: 'qd', route: 'po', days: 1, ...l })),
          },
          key(),
        ),
      );
      const signed = ok<Json>(
        'order sign',
        await doctor.client.post(`/api/orders/${draft.id}/sign`, { version: draft.version }, key()),
      );
      return { ...signed, id: draft.id, visitId: rec.id, totalFen: signed.totalFen };
    },

    async paidBill(patientId, orderIds, v = {}) {
      let who = v.cashier;
      if (!who) {
        if (!cashier) {
          cashier = await registrar();
          await f.invoiceBook(cashier.userId);
        }
        who = cashier;
      }
      const unpaid = ok<Json>(
        'unpaid orders',
        await who.client.get(`/api/billing/patients/${patientId}/unpaid`),
        [200],
      );
      const total = (unpaid.orders as Json[])
        .filter((o) => orderIds.includes(o.orderId))
        .reduce((s, o) => s + (o.totalFen as number), 0);
      return ok(
        'charge',
        await who.client.post(
          '/api/billing/charges',
          { patientId, orderIds, payer: 'cash', payments: [{ method: 'cash', amountFen: total }] },
          key(),
        ),
      );
    },

    async invoiceBook(cashierUserId, v = {}) {
      const startNo = v.startNo ?? 1;
      const body = { cashierUserId, prefix: v.prefix ?? `F${unique()}`, startNo, endNo: v.endNo ?? startNo + 999 };
      return ok('invoice book', await a.post('/api/billing/invoice-books', body));
    },
  };
  return f;
}
