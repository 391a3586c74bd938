// The cashier between the doctor and the pharmacy, through their real APIs: a doctor signs a
// prescription and a blood test → the cashier sees them (live) and charges them → the pharmacy
// queue has the prescription → the pharmacist dispenses it and takes some back → the cashier
// refunds exactly what came back (and the blood test), never what is still out.
import { expect } from 'chai';
import { RoomListener, userViaApi } from '../../../test/helpers/admin.js';
import { key, openVisit, seedDoctorWorld, type DoctorFixture } from '../../../test/helpers/doctor.js';
import { adminClient, startTestServer, type ApiClient, type TestServer } from '../../../test/helpers/server.js';
import { giveBook } from '../../../test/helpers/billing.js';

describe('billing between the doctor and the pharmacy (real APIs)', function () {
  this.timeout(60_000);
  let ts: TestServer;
  let admin: ApiClient;
  let f: DoctorFixture;
  let cashier: Awaited<ReturnType<typeof userViaApi>>;
  let pharmacist: Awaited<ReturnType<typeof userViaApi>>;

  before(async () => {
    ts = await startTestServer();
    admin = await adminClient(ts);
    f = await seedDoctorWorld(ts, admin);
    cashier = await userViaApi(ts, admin, ['registrar']);
    pharmacist = await userViaApi(ts, admin, ['pharmacist']);
    giveBook(ts.server.modules.raw, cashier.userId, 1, 100, 'F');
  });
  after(async () => ts.stop());

  it('sign → unpaid → charge → dispense → return → refund of the returned part only', async () => {
    const doc = f.doctor.client;
    const desk = await RoomListener.open(ts, cashier.client.cookie, ['cashier']);
    const visit = await openVisit(doc, f.clinicId, f.plainPatientId);
    // 14 capsules of amoxicillin (24 a box at 12.00) and a blood test.
    const rx = await doc.post(
      '/api/orders',
      {
        visitId: visit.id,
        kind: 'western',
        pharmacyId: f.pharmacyId,
        lines: [
          { itemId: f.items.AMX, dose: '0.5', doseUnit: 'g', frequency: 'tid', route: 'po', days: 2, quantity: 14 },
        ],
      },
      key(),
    );
    expect(rx.status, JSON.stringify(rx.body)).to.equal(201);
    const signed = await doc.post(`/api/orders/${rx.body.id}/sign`, { version: rx.body.version }, key());
    expect(signed.status, JSON.stringify(signed.body)).to.equal(200);
    const svc = await doc.post(
      '/api/orders',
      { visitId: visit.id, kind: 'service', lines: [{ itemId: f.items.CBC, quantity: 1 }] },
      key(),
    );
    expect(svc.status, JSON.stringify(svc.body)).to.equal(201);
    expect((await doc.post(`/api/orders/${svc.body.id}/sign`, { version: svc.body.version }, key())).status).to.equal(
      200,
    );
    await desk.waitFor('order:signed', { orderId: svc.body.id });

    const unpaid = (await cashier.client.get(`/api/billing/patients/${f.plainPatientId}/unpaid`)).body;
    const rxQty = unpaid.orders.find((o: any) => o.orderId === rx.body.id).lines[0].quantity as number;
    expect(unpaid.orders.map((o: any) => o.orderId)).to.deep.equal([rx.body.id, svc.body.id]);
    expect(unpaid.totalFen).to.equal(signed.body.totalFen + 1500);

    const paid = await cashier.client.post(
      '/api/billing/charges',
      {
        patientId: f.plainPatientId,
        orderIds: [rx.body.id, svc.body.id],
        payer: 'cash',
        payments: [{ method: 'cash', amountFen: unpaid.totalFen, tenderedFen: unpaid.totalFen + 500 }],
      },
      key(),
    );
    expect(paid.status, JSON.stringify(paid.body)).to.equal(201);
    expect(paid.body).to.include({ invoiceNo: 'F00000001', changeFen: 500 });
    // The doctor can no longer cancel a paid prescription.
    expect((await doc.post(`/api/orders/${rx.body.id}/cancel`, {}, key())).status).to.equal(409);

    const queue = (await pharmacist.client.get(`/api/pharmacy/${f.pharmacyId}/queue`)).body;
    expect(queue.waiting.map((o: any) => o.orderId ?? o.id)).to.include(rx.body.id);
    const d = await pharmacist.client.post(
      `/api/pharmacy/orders/${rx.body.id}/dispense`,
      { pharmacyId: f.pharmacyId },
      key(),
    );
    expect(d.status, JSON.stringify(d.body)).to.equal(200);

    const bill = (await cashier.client.get(`/api/billing/bills/${paid.body.billId}`)).body;
    const drugLine = bill.lines.find((l: any) => l.orderId === rx.body.id);
    const testLine = bill.lines.find((l: any) => l.orderId === svc.body.id);
    expect(drugLine).to.include({ dispensedQuantity: rxQty, refundableQuantity: 0 });
    expect(testLine.refundableQuantity).to.equal(1);
    const tooMuch = await cashier.client.post(
      `/api/billing/bills/${paid.body.billId}/refund`,
      { lines: [{ billLineId: drugLine.id, quantity: 1 }], reason: '未退药' },
      key(),
    );
    expect(tooMuch.status).to.equal(409);

    const orderLineId = drugLine.orderLineId as number;
    const back = await pharmacist.client.post(
      `/api/pharmacy/orders/${rx.body.id}/return`,
      { lines: [{ orderLineId, quantity: 6 }], reason: '过敏停药' },
      key(),
    );
    expect(back.status, JSON.stringify(back.body)).to.equal(200);
    await desk.waitFor('dispense:returned', { orderId: rx.body.id });
    const after = (await cashier.client.get(`/api/billing/bills/${paid.body.billId}`)).body;
    expect(after.lines.find((l: any) => l.id === drugLine.id).refundableQuantity).to.equal(6);

    const r = await cashier.client.post(
      `/api/billing/bills/${paid.body.billId}/refund`,
      { all: true, reason: '退药与取消化验' },
      key(),
    );
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    const sixOf = Math.floor((2 * drugLine.amountFen * 6 + drugLine.quantity) / (2 * drugLine.quantity));
    expect(r.body.totalFen).to.equal(-(sixOf + 1500));
    expect(r.body.method).to.equal('cash');
    await desk.waitFor('bill:refunded', { billId: r.body.billId });
    // The blood test order is fully refunded and cancelled; the prescription keeps its state.
    expect(r.body.cancelledOrderIds).to.deep.equal([svc.body.id]);
    desk.close();
  });
});
