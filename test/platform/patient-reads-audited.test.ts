// Issue 9 item 4: every route that returns an identified patient's record writes a
// `patient.read` audit row. The test walks the OpenAPI document: it builds a real outpatient
// day for one patient with a unique name (registration, visit, signed and paid prescription,
// dispensing, print jobs), calls every GET route with that day's ids, as a user holding every
// role, and detects a route that returns the patient two ways:
//   - its documented response schema has patient-identifying fields (patientName, mrn,
//     idNumber, a `patient` object's name …), or
//   - its actual answer contains the patient's name, MRN, ID number or phone.
// A detected route that reads one thing (an id in the path, or ?patientId=) must add a
// `patient.read` row for that patient. Work lists and searches (a day's queue, the search box)
// are not record reads: each is named below with its reason, and the test checks that each
// named one is really a detected route, so the list cannot go stale.
import { expect } from 'chai';
import { userViaApi } from '../helpers/admin.js';
import { insertPatient, key, openVisit, seedDoctorWorld } from '../helpers/doctor.js';
import { factories } from '../helpers/factories.js';
import { type ApiClient, adminClient, startTestServer, type TestServer } from '../helpers/server.js';

/** Lists and searches that show patients of a day, a desk or a query: not a record read. */
const WORKLISTS: Record<string, string> = {
  'GET /api/patients':
    'the search box: summaries (masked without patients.identifiers) of whoever matches what was typed',
  'GET /api/registrations': "a day's registrations at the registration desk",
  'GET /api/queue': "a clinic's queue for a day",
  'GET /api/visits':
    "without patientId: the doctor's own visits of a day (with patientId the read is audited, and checked below)",
  'GET /api/pharmacy/{pharmacyId}/queue': "a pharmacy's queue of paid prescriptions",
  'GET /api/billing/waiting': "the cashier's list of patients waiting to pay",
  'GET /api/billing/bills': "the cashier's bills of a day or shift",
};

/** Path segments before {id} whose record belongs to one patient. */
const RECORDS = ['patients', 'visits', 'registrations', 'orders', 'bills', 'jobs'];

const PATIENT_FIELDS =
  /^(patientName|patientMrn|patientIdNumber|patientPhone|mrn|idNumber|guardianName|guardianPhone)$/;

/** Does a response schema document patient-identifying fields? */
function schemaHasPatient(node: unknown, parentKey = ''): boolean {
  if (Array.isArray(node)) return node.some((n) => schemaHasPatient(n, parentKey));
  if (!node || typeof node !== 'object') return false;
  for (const [k, v] of Object.entries(node)) {
    if (k === 'properties' && v && typeof v === 'object') {
      for (const [pk, pv] of Object.entries(v as Record<string, unknown>)) {
        if (PATIENT_FIELDS.test(pk) && parentKey !== 'staff') return true;
        if (parentKey === 'patient' && pk === 'name') return true;
        if (schemaHasPatient(pv, pk)) return true;
      }
    } else if (schemaHasPatient(v, parentKey)) return true;
  }
  return false;
}

describe('every route that returns a patient’s record audits the read (issue 9 item 4)', function () {
  this.timeout(180_000);
  let ts: TestServer;
  let everything: ApiClient;
  let doc: any;
  const ids: Record<string, number | string> = {};
  const NAME = '欧阳审计';
  const ID_NUMBER = '33078219800101031X';
  const PHONE = '13900139000';
  let mrn = '';

  before(async () => {
    ts = await startTestServer();
    const admin = await adminClient(ts);
    const f = await seedDoctorWorld(ts, admin);
    const raw = ts.server.modules.raw;
    const make = await factories(ts, admin);
    // Not through the API on purpose: a patient.create audit row carries the identifiers, and
    // GET /api/audit?patientId= returns it without a patient.read row (reported in issue 10).
    const patientId = await insertPatient(ts, NAME, ['青霉素']);
    raw.prepare('UPDATE patients SET id_number = ?, phone = ? WHERE id = ?').run(ID_NUMBER, PHONE, patientId);
    mrn = (raw.prepare('SELECT mrn FROM patients WHERE id = ?').get(patientId) as { mrn: string }).mrn;
    // A user holding every built-in role: every GET route is open to it.
    const roles = (raw.prepare('SELECT code FROM roles WHERE builtin = 1').all() as { code: string }[]).map(
      (r) => r.code,
    );
    everything = (await userViaApi(ts, admin, roles, { departmentId: f.pharmacyId })).client;
    // The registration desk: a registration (with its ticket print job) at the doctor's clinic.
    const put = await admin.put(`/api/clinics/${f.clinicId}`, {
      queuePrefix: 'Q',
      registrationFeeFen: 0,
      feeItemId: null,
      room: null,
      version: null,
    });
    expect(put.status, JSON.stringify(put.body)).to.equal(200);
    const reg = await everything.post(
      '/api/registrations',
      { patientId, departmentId: f.clinicId, payer: 'cash' },
      key(),
    );
    expect(reg.status, JSON.stringify(reg.body)).to.equal(201);
    // The doctor: a visit with a diagnosis and a signed prescription.
    const visit = await openVisit(f.doctor.client, f.clinicId, patientId);
    const draft = await f.doctor.client.post(
      '/api/orders',
      {
        visitId: visit.id,
        kind: 'western',
        pharmacyId: f.pharmacyId,
        lines: [{ itemId: f.items.MET, dose: '0.5', doseUnit: 'g', frequency: 'bid', route: 'po', days: 7 }],
      },
      key(),
    );
    expect(draft.status, JSON.stringify(draft.body)).to.equal(201);
    const signed = await f.doctor.client.post(
      `/api/orders/${draft.body.id}/sign`,
      { version: draft.body.version },
      key(),
    );
    expect(signed.status, JSON.stringify(signed.body)).to.equal(200);
    // The cashier charges it (a receipt print job); the pharmacy dispenses it (a label print job).
    const me = (await everything.get('/api/auth/me')).body;
    await make.invoiceBook(me.userId, { prefix: 'AU', startNo: 1, endNo: 50 });
    const paid = await everything.post(
      '/api/billing/charges',
      {
        patientId,
        orderIds: [draft.body.id],
        payer: 'cash',
        payments: [{ method: 'cash', amountFen: signed.body.totalFen }],
      },
      key(),
    );
    expect(paid.status, JSON.stringify(paid.body)).to.equal(201);
    // A second prescription, signed and not paid yet: the patient waits at the cashier.
    const draft2 = await f.doctor.client.post(
      '/api/orders',
      {
        visitId: visit.id,
        kind: 'western',
        pharmacyId: f.pharmacyId,
        lines: [{ itemId: f.items.LOR, dose: '10', doseUnit: 'mg', frequency: 'qd', route: 'po', days: 3 }],
      },
      key(),
    );
    expect(draft2.status, JSON.stringify(draft2.body)).to.equal(201);
    const signed2 = await f.doctor.client.post(
      `/api/orders/${draft2.body.id}/sign`,
      { version: draft2.body.version },
      key(),
    );
    expect(signed2.status, JSON.stringify(signed2.body)).to.equal(200);
    const jobs = raw.prepare(`SELECT id, layout FROM print_jobs ORDER BY id`).all() as { id: number; layout: string }[];
    expect(jobs.map((j) => j.layout)).to.include.members(['queue-ticket', 'receipt']);
    Object.assign(ids, {
      patient: patientId,
      visit: visit.id,
      registration: reg.body.registration?.id ?? reg.body.id,
      order: draft.body.id,
      bill: paid.body.billId ?? paid.body.bill?.id ?? paid.body.id,
      job: jobs.find((j) => j.layout === 'receipt')!.id, // the receipt prints the full name (the ticket masks it)
      pharmacy: f.pharmacyId,
      clinic: f.clinicId,
    });
    const shift = raw.prepare('SELECT id FROM shifts ORDER BY id DESC LIMIT 1').get() as { id: number } | undefined;
    ids.shift = shift?.id ?? 1;
    doc = (await everything.get('/api/openapi.json')).body;
  });
  after(async () => ts?.stop());

  /** The concrete URL of a route for this day, or null when a path parameter is unknown. */
  function urlOf(p: string, op: any): { url: string; specific: boolean } {
    let specific = false;
    const url = p.replace(/\{([^}]+)\}/g, (_m, name: string, offset: number) => {
      const before = p.slice(0, offset);
      const seg = before.split('/').filter(Boolean).pop() ?? '';
      // A record of this patient's (specific); a pharmacy, clinic, day or layout is not.
      if (name === 'patientId' || name === 'billId' || name === 'orderId' || RECORDS.includes(seg)) specific = true;
      if (name === 'patientId') return String(ids.patient);
      if (name === 'billId') return String(ids.bill);
      if (name === 'orderId') return String(ids.order);
      if (name === 'pharmacyId') return String(ids.pharmacy);
      if (name === 'departmentId') return String(ids.clinic);
      if (name === 'layout') return 'queue-ticket';
      if (name === 'day') return new Date().toISOString().slice(0, 10);
      const bySegment: Record<string, number | string | undefined> = {
        patients: ids.patient,
        visits: ids.visit,
        registrations: ids.registration,
        orders: ids.order,
        bills: ids.bill,
        jobs: ids.job,
        shifts: ids.shift,
      };
      return String(bySegment[seg] ?? 1);
    });
    const query = new URLSearchParams();
    for (const prm of (op.parameters ?? []) as { name: string; in: string; required?: boolean }[]) {
      if (prm.in !== 'query') continue;
      if (prm.name === 'patientId') {
        query.set('patientId', String(ids.patient));
        specific = true;
      } else if (prm.name === 'pharmacyId') query.set('pharmacyId', String(ids.pharmacy));
      else if (prm.name === 'departmentId' && prm.required) query.set('departmentId', String(ids.clinic));
      else if (prm.name === 'q' && p === '/api/patients') query.set('q', NAME);
    }
    const qs = query.toString();
    return { url: qs ? `${url}?${qs}` : url, specific };
  }

  const reads = () =>
    (
      ts.server.modules.raw
        .prepare(`SELECT count(*) AS n FROM audit_log WHERE action = 'patient.read' AND patient_id = ?`)
        .get(ids.patient) as { n: number }
    ).n;

  it('each GET route returning the patient audits the read, or is a named work list', async () => {
    const detected = new Set<string>();
    const unaudited: string[] = [];
    const audited: string[] = [];
    let called = 0;
    for (const [p, item] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      const op = item.get;
      if (!op || p === '/api/openapi.json' || p === '/api/display/speech') continue;
      const { url, specific } = urlOf(p, op);
      const before = reads();
      const res = await fetch(ts.url + url, { headers: { cookie: everything.cookie, 'x-lang': 'en' } });
      // HTML previews wrap each wide character in its own element: compare the text only.
      const text = Buffer.from(await res.arrayBuffer())
        .toString('utf8')
        .replace(/<[^>]*>/g, '');
      called++;
      const where = `GET ${p}`;
      const inSchema = schemaHasPatient(op.responses?.['200']);
      const inAnswer = res.status === 200 && [NAME, mrn, ID_NUMBER, PHONE].some((x) => text.includes(x));
      if (!inAnswer && !(inSchema && res.status === 200 && specific)) continue;
      detected.add(where);
      if (WORKLISTS[where] && !specific) continue;
      if (reads() > before) audited.push(where);
      else unaudited.push(`${where} (${url} → ${res.status})`);
    }
    expect(called).to.be.greaterThan(50);
    expect(unaudited, 'routes that returned the patient without a patient.read row').to.deep.equal([]);
    // The known offenders and the record reads are among the audited ones.
    for (const r of [
      'GET /api/registrations/{id}',
      'GET /api/printing/jobs/{id}/preview',
      'GET /api/patients/{id}',
      'GET /api/visits/{id}',
      'GET /api/billing/bills/{id}',
    ]) {
      expect(audited, r).to.include(r);
    }
    for (const w of Object.keys(WORKLISTS))
      expect(detected, `${w} is named as a work list, so it must return the patient`).to.include(w);
  });

  it('the preview of every print job of the patient (ticket, prescription slip, receipt) is audited', async () => {
    const jobs = ts.server.modules.raw
      .prepare(`SELECT id, layout FROM print_jobs WHERE ref_type IS NOT NULL ORDER BY id`)
      .all() as { id: number; layout: string }[];
    expect(jobs.length).to.be.at.least(3);
    for (const j of jobs) {
      const before = reads();
      const r = await everything.get(`/api/printing/jobs/${j.id}/preview`);
      expect(r.status, j.layout).to.equal(200);
      expect(reads(), j.layout).to.equal(before + 1);
    }
  });

  it('the audit row says who read which patient through which route', async () => {
    const r = await everything.get(`/api/registrations/${ids.registration}`);
    expect(r.status).to.equal(200);
    const row = ts.server.modules.raw
      .prepare(`SELECT * FROM audit_log WHERE action = 'patient.read' ORDER BY id DESC LIMIT 1`)
      .get() as { patient_id: number; user_id: number; summary_json: string };
    expect(row.patient_id).to.equal(ids.patient);
    expect(row.user_id).to.equal((await everything.get('/api/auth/me')).body.userId);
    expect(JSON.parse(row.summary_json).what).to.match(/registration/);
  });
});
