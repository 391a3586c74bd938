// Print jobs end to end on a real TCP peer: registrations and payments through the real API
// save jobs; the worker prints them to an ESC/POS printer played by devices/virtual/escpos-peer
// on 127.0.0.1, which decodes the bytes (commands and GB18030 text) into a transcript.
import { expect } from 'chai';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type SQLite from 'better-sqlite3';
import { RoomListener } from '../../../test/helpers/admin.js';
import { seedWorld, signedOrder } from '../../../test/helpers/billing.js';
import { idem, insertPatient, registrationWorld, type RegistrationWorld } from '../../../test/helpers/registration.js';
import { adminClient, startTestServer, type ApiClient, type TestServer } from '../../../test/helpers/server.js';
import { displayWidth } from '../../../devices/printer/text.js';
import { EscPosPeer, type PeerSession } from '../../../devices/virtual/escpos-peer.js';
import {
  INTERRUPTED_AT_START,
  PARTIAL_MARK,
  REPRINT_NOTICE,
  startPrintWorker,
  type PrintWorker,
} from '../../jobs/print-worker.js';
import { enqueuePrintJob, NO_PRINTER } from './jobs.js';
import { yuanUpper } from './invoice.js';
import { printWorkerOf } from './service.js';

type Job = { id: number; status: string; attempts: number; last_error: string | null; printer: string | null };

describe('printing: jobs printed on a TCP ESC/POS peer', function () {
  this.timeout(60_000);
  let ts: TestServer;
  let raw: SQLite.Database;
  let admin: ApiClient;
  let w: RegistrationWorld;
  let desk: ApiClient;
  let peer: EscPosPeer;
  let labels: EscPosPeer;
  let wsId: number;
  let listener: RoomListener;
  let worker: PrintWorker;

  const job = (id: number) =>
    raw.prepare('SELECT id, status, attempts, last_error, printer FROM print_jobs WHERE id = ?').get(id) as Job;
  async function until(what: string, pred: () => boolean, ms = 20_000): Promise<void> {
    const end = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  async function waitStatus(id: number, status: string): Promise<void> {
    await until(`job ${id} ${status} (now ${JSON.stringify(job(id))})`, () => job(id).status === status);
    await Promise.all([peer.settled(), labels.settled()]);
  }
  const texts = (s: PeerSession) => s.lines.map((l) => l.text);
  const billLine = (billId: number) => new RegExp(`^单号\\s+${billId}$`);
  const printedBill = (billId: number) => peer.printed().filter((s) => texts(s).some((t) => billLine(billId).test(t)));
  const anyBill = (billId: number) => peer.sessions.filter((s) => texts(s).some((t) => billLine(billId).test(t)));

  async function payment(name = '张三') {
    const bw = seedWorld(raw, ts.clock.now(), { patientName: `${name}` });
    signedOrder(raw, bw, ts.clock.now(), [
      { itemId: bw.drugId, quantity: 24 },
      { itemId: bw.serviceId, quantity: 1 },
    ]);
    const unpaid = (await desk.get(`/api/billing/patients/${bw.patientId}/unpaid`)).body;
    const r = await desk.post(
      '/api/billing/charges',
      {
        patientId: bw.patientId,
        orderIds: unpaid.orders.map((o: any) => o.orderId),
        payer: 'cash',
        payments: [{ method: 'cash', amountFen: unpaid.totalFen, tenderedFen: unpaid.totalFen + 1000 }],
      },
      idem(),
    );
    return r;
  }

  before(async () => {
    ts = await startTestServer();
    raw = ts.server.modules.raw;
    admin = await adminClient(ts);
    w = await registrationWorld(ts, admin);
    peer = await EscPosPeer.start();
    labels = await EscPosPeer.start();
    const ws = await admin.post('/api/workstations', {
      code: `PRT${process.pid % 1000}`,
      name: '挂号收费窗口',
      receiptPrinter: `${peer.address}?paper=58`,
      labelPrinter: `${labels.address}?hanzi=1`,
      invoicePrinter: 'Invoice_Form_1',
    });
    expect(ws.status, JSON.stringify(ws.body)).to.equal(201);
    wsId = ws.body.id;
    desk = w.registrar.client;
    const book = await admin.post('/api/billing/invoice-books', {
      cashierUserId: w.registrar.userId,
      prefix: 'P',
      startNo: 1,
      endNo: 999,
    });
    expect(book.status, JSON.stringify(book.body)).to.equal(201);
    desk.workstationId = wsId;
    worker = printWorkerOf(ts.server.modules.db)!;
    worker.configure({
      baseDelayMs: 100,
      maxDelayMs: 400,
      maxAttempts: 50,
      send: { connectTimeoutMs: 3000, answerTimeoutMs: 8000 },
    });
    listener = await RoomListener.open(ts, desk.cookie, [`workstation:${wsId}`], wsId);
  });
  after(async () => {
    listener?.close();
    await ts?.stop();
    await peer?.stop();
    await labels?.stop();
  });

  it(
    'a registration prints a Chinese queue ticket that decodes correctly, rare characters ' +
      'included; status pushed to the workstation',
    async () => {
      const patient = await insertPatient(ts, '䶮小𠀾');
      const r = await desk.post(
        '/api/registrations',
        {
          patientId: patient,
          departmentId: w.clinicA,
          doctorStaffId: w.doctor1.staffId,
          payer: 'cash',
          payment: { method: 'cash', tenderedFen: 1000 },
        },
        idem(),
      );
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      const id = r.body.printJobId as number;
      await waitStatus(id, 'done');
      const label = r.body.queueLabel as string;
      const sessions = peer.printed().filter((s) => texts(s).includes(label));
      expect(sessions).to.have.length(1);
      const s = sessions[0]!;
      const number = s.lines.find((l) => l.text === label)!;
      expect(number).to.include({ align: 'center', bold: true, width: 2, height: 2 });
      expect(texts(s)).to.include.members(['挂号凭条', `请到 2 诊室候诊`, '您前面还有 0 人']);
      expect(texts(s).some((t) => t.startsWith('患者') && t.endsWith('䶮*𠀾'))).to.equal(true);
      expect(texts(s).some((t) => t.startsWith('医生') && t.endsWith('李明华'))).to.equal(true);
      expect(s.lines.find((l) => l.text.startsWith('内科'))).to.include({ align: 'center', bold: true });
      expect(s.qr).to.deep.equal([`JCQ:${w.day}:${label}:${r.body.registration.id}`]);
      expect(s.cuts).to.equal(1);
      for (const l of s.lines) expect(displayWidth(l.text) * l.width, l.text).to.be.at.most(32);
      const printing = await listener.waitFor('print:job-updated', { jobId: id, status: 'printing' });
      expect(printing.payload).to.include({ attempts: 1, error: null });
      await listener.waitFor('print:job-updated', { jobId: id, status: 'done' });
      const list = await desk.get(`/api/printing/jobs?workstationId=${wsId}`);
      expect(list.status).to.equal(200);
      expect(list.body.items.find((j: any) => j.id === id)).to.include({
        status: 'done',
        attempts: 1,
        lastError: null,
        layout: 'queue-ticket',
        refType: 'registration',
      });
      const health = await admin.get('/api/health');
      expect(health.body.devices).to.deep.include({
        kind: 'printer',
        name: `${peer.address}?paper=58`,
        state: 'ready',
      });
    },
  );

  it(
    'a payment prints the receipt with the full name in GB18030 (䶮, 𠀾), items by category, ' +
      'totals, change, invoice and cashier lines',
    async () => {
      const r = await payment('赵䶮𠀾');
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      await waitStatus(r.body.printJobId, 'done');
      const [s] = printedBill(r.body.billId);
      expect(s, 'receipt printed').to.not.equal(undefined);
      const t = texts(s!);
      expect(t.some((x) => x.startsWith('姓名') && x.endsWith('赵䶮𠀾'))).to.equal(true);
      expect(t.some((x) => x.startsWith('【西药费】'))).to.equal(true);
      expect(t.some((x) => x.startsWith('【化验费】'))).to.equal(true);
      expect(
        t.some((x) => /^ 阿莫西林胶囊\s+24粒\s+12\.50$/.test(x)),
        t.join('\n'),
      ).to.equal(true);
      expect(t.some((x) => /^合计\s+32\.50 元$/.test(x))).to.equal(true);
      expect(t.some((x) => /^ {2}找零\s+10\.00$/.test(x))).to.equal(true);
      expect(t.some((x) => x.startsWith('收费员'))).to.equal(true);
      for (const x of t) expect(displayWidth(x), x).to.be.at.most(32);
    },
  );

  it(
    'printer down: the payment stands (bill saved), the job waits with its error and prints once ' +
      'the printer is back — exactly once',
    async () => {
      await peer.setMode({ kind: 'down' });
      const r = await payment();
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      expect(raw.prepare('SELECT count(*) AS n FROM bills WHERE id = ?').get(r.body.billId)).to.deep.equal({ n: 1 });
      const id = r.body.printJobId as number;
      await until('a failed attempt', () => job(id).attempts >= 2 && job(id).status === 'pending');
      expect(job(id).last_error).to.match(/拒绝连接/);
      const ev = await listener.waitFor('print:job-updated', { jobId: id, status: 'pending' });
      expect((ev.payload as any).error).to.match(/拒绝连接/);
      expect(anyBill(r.body.billId)).to.have.length(0);
      await peer.setMode({ kind: 'healthy' });
      await waitStatus(id, 'done');
      await worker.idle();
      expect(printedBill(r.body.billId)).to.have.length(1);
      expect(anyBill(r.body.billId)).to.have.length(1);
    },
  );

  it('a slow printer (reads a few bytes at a time) still prints the job whole, once', async () => {
    await peer.setMode({ kind: 'slow', chunkBytes: 24, delayMs: 5 });
    const r = await payment();
    await waitStatus(r.body.printJobId, 'done');
    expect(job(r.body.printJobId).attempts).to.equal(1);
    const s = printedBill(r.body.billId);
    expect(s).to.have.length(1);
    expect(s[0]!.cuts).to.equal(1);
    expect(texts(s[0]!).some((x) => x.startsWith('收费员'))).to.equal(true);
    await peer.setMode({ kind: 'healthy' });
  });

  it(
    'a printer failing mid-job, then healthy: the job is printed exactly once more, whole, ' +
      'headed by the void notice',
    async () => {
      await peer.setMode({ kind: 'fail-after', bytes: 200 });
      const before = peer.sessions.length;
      const r = await payment();
      const id = r.body.printJobId as number;
      await until('an interrupted attempt', () => (job(id).last_error ?? '').startsWith(PARTIAL_MARK));
      const broken = peer.sessions.slice(before).filter((s) => s.brokenByPeer);
      expect(broken.length).to.be.greaterThan(0);
      expect(broken[0]!.cuts).to.equal(0); // cut off before the end: no cut on paper
      await peer.setMode({ kind: 'healthy' });
      await waitStatus(id, 'done');
      await worker.idle();
      const whole = printedBill(r.body.billId);
      expect(whole).to.have.length(1);
      expect(texts(whole[0]!)[0]).to.equal(REPRINT_NOTICE);
      expect(texts(whole[0]!).some((x) => x.startsWith('收费员'))).to.equal(true);
      expect(job(id).attempts).to.be.at.least(2);
      expect(job(id).last_error).to.equal(null);
    },
  );

  it('out of paper: the job waits with "缺纸" and prints when paper is back', async () => {
    peer.paperOut = true;
    const r = await payment();
    const id = r.body.printJobId as number;
    await until('out of paper', () => /缺纸/.test(job(id).last_error ?? ''));
    expect(job(id).status).to.be.oneOf(['pending', 'printing']);
    peer.paperOut = false;
    await waitStatus(id, 'done');
    expect(printedBill(r.body.billId)).to.have.length(1);
  });

  it('a failed job can be reprinted (idempotent), printed whole once; a done job reprints as a new copy', async () => {
    worker.configure({ maxAttempts: 2 });
    await peer.setMode({ kind: 'down' });
    const r = await payment();
    const id = r.body.printJobId as number;
    await waitStatus(id, 'failed');
    expect(job(id).attempts).to.equal(2);
    await listener.waitFor('print:job-updated', { jobId: id, status: 'failed' });
    const failed = await desk.get(`/api/printing/jobs?status=failed`);
    expect(failed.body.items.map((j: any) => j.id)).to.include(id);
    await peer.setMode({ kind: 'healthy' });
    worker.configure({ maxAttempts: 50 });
    const key = idem();
    const again = await desk.post(`/api/printing/jobs/${id}/reprint`, {}, key);
    expect(again.status, JSON.stringify(again.body)).to.equal(200);
    expect(again.body).to.include({ id, status: 'pending', attempts: 0, lastError: null });
    await waitStatus(id, 'done');
    const replay = await desk.post(`/api/printing/jobs/${id}/reprint`, {}, key);
    expect(replay.body).to.deep.equal(again.body);
    await worker.idle();
    expect(printedBill(r.body.billId)).to.have.length(1);
    const copy = await desk.post(`/api/printing/jobs/${id}/reprint`, {}, idem());
    expect(copy.body.id).to.not.equal(id);
    await waitStatus(copy.body.id, 'done');
    expect(printedBill(r.body.billId)).to.have.length(2);
    const audit = raw.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'print.reprint'").get() as {
      n: number;
    };
    expect(audit.n).to.equal(2);
  });

  it(
    'a printer that is down does not stall jobs for other printers; drug labels print the full ' +
      'rare name, Hanzi mode on',
    async () => {
      await peer.setMode({ kind: 'down' });
      const stuck = await payment();
      const labelJob = await ts.server.modules.uow.write((tx) =>
        enqueuePrintJob(tx, {
          workstationId: wsId,
          layout: 'drug-label',
          userId: null,
          payload: {
            orderId: 1,
            pharmacy: '西药房',
            patient: { name: '钱䶮𠀾', mrn: 'MZ9', sex: 'F', age: 30 },
            drug: { name: '阿莫西林胶囊', spec: '0.25g×24粒' },
            quantity: 18,
            unit: '粒',
            packs: 0,
            units: 18,
            packUnit: '盒',
            dose: '0.5',
            doseUnit: 'g',
            frequency: 'tid',
            route: 'po',
            days: 3,
            note: null,
            lots: [],
            at: ts.clock.now(),
          },
        }),
      );
      await waitStatus(labelJob, 'done');
      expect(job(stuck.body.printJobId).status).to.not.equal('done');
      const s = labels.printed().find((x) => texts(x).some((t) => t.startsWith('钱䶮𠀾')))!;
      expect(s).to.not.equal(undefined);
      expect(s.lines.find((l) => l.text.startsWith('钱䶮𠀾'))).to.include({ bold: true, width: 2, hanzi: true });
      expect(s.events.filter((e) => e.kind === 'hanzi').map((e: any) => e.on)).to.deep.equal([true, false]);
      expect(texts(s)).to.include.members(['用量:每次 0.5g', '用法:口服,每日三次', '疗程:3 天']);
      for (const l of s.lines) expect(displayWidth(l.text) * l.width, l.text).to.be.at.most(48);
      await peer.setMode({ kind: 'healthy' });
      await waitStatus(stuck.body.printJobId, 'done');
    },
  );

  it('a workstation without a printer: the job stays pending with last_error, never failed', async () => {
    // The desk's user in another browser, bound to a workstation that has no printer.
    const bare = await admin.post('/api/workstations', { code: `NOPRT${process.pid % 1000}`, name: '无打印机窗口' });
    expect(bare.status, JSON.stringify(bare.body)).to.equal(201);
    const other = new (desk.constructor as any)(ts.url) as ApiClient;
    other.cookie = desk.cookie.split(';')[0]!;
    other.workstationId = bare.body.id;
    const patient = await insertPatient(ts, '孙无机');
    const r = await other.post(
      '/api/registrations',
      { patientId: patient, departmentId: w.clinicB, payer: 'cash' },
      idem(),
    );
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    worker.kick();
    await worker.idle();
    expect(job(r.body.printJobId)).to.include({
      status: 'pending',
      attempts: 0,
      last_error: NO_PRINTER,
      printer: null,
    });
  });

  it('previews a job as HTML on the same grid; layout samples at 58 and 80 mm; permissions', async () => {
    const list = await desk.get(`/api/printing/jobs?workstationId=${wsId}&status=done`);
    const ticket = list.body.items.find((j: any) => j.layout === 'queue-ticket');
    const r = await fetch(`${ts.url}/api/printing/jobs/${ticket.id}/preview`, { headers: { cookie: desk.cookie } });
    expect(r.status).to.equal(200);
    expect(r.headers.get('content-type')).to.match(/text\/html/);
    const html = await r.text();
    expect(html).to.include('data-columns="32"');
    expect(html).to.include('<span class="w">䶮</span>*<span class="w">𠀾</span>');
    const s58 = await (
      await fetch(`${ts.url}/api/printing/layouts/receipt/preview?paper=58`, { headers: { cookie: desk.cookie } })
    ).text();
    const s80 = await (
      await fetch(`${ts.url}/api/printing/layouts/shift-report/preview?paper=80`, { headers: { cookie: desk.cookie } })
    ).text();
    expect(s58).to.include('data-columns="32"');
    expect(s80).to.include('data-columns="48"');
    // Another workstation's user: 403; devices.manage (admin): every job.
    const stranger = w.doctor1.client;
    expect((await stranger.get(`/api/printing/jobs?workstationId=${wsId}`)).status).to.equal(403);
    expect((await stranger.post(`/api/printing/jobs/${ticket.id}/reprint`, {}, idem())).status).to.equal(403);
    expect((await admin.get('/api/printing/jobs')).body.items.length).to.be.greaterThan(5);
    expect((await desk.get('/api/printing/jobs?status=nope')).status).to.equal(422);
  });

  it(
    'test page: confirmed by the printer; a down printer reports why; bad addresses 422; only ' +
      'own printers without devices.manage',
    async () => {
      const ok = await desk.post('/api/printing/test', { printer: `${peer.address}?paper=58` });
      expect(ok.body).to.deep.equal({ ok: true, error: null });
      await peer.settled();
      const page = peer.printed().at(-1)!;
      expect(texts(page)).to.include('打印机测试页');
      expect(texts(page).some((t) => t.includes('䶮 𠀾'))).to.equal(true);
      await peer.setMode({ kind: 'down' });
      const down = await admin.post('/api/printing/test', { printer: peer.address });
      expect(down.body.ok).to.equal(false);
      expect(down.body.error).to.match(/拒绝连接/);
      await peer.setMode({ kind: 'healthy' });
      expect((await admin.post('/api/printing/test', { printer: 'lpt1' })).status).to.equal(422);
      expect((await desk.post('/api/printing/test', { printer: 'tcp://10.0.0.9:9100' })).status).to.equal(403);
    },
  );

  it("closing the cashier's shift prints the shift report with totals by method and category", async () => {
    const r = await desk.post('/api/billing/shift/close', {}, idem());
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    await waitStatus(r.body.printJobId, 'done');
    const s = peer.printed().find((x) => texts(x).includes('收费员交班报表'))!;
    expect(s).to.not.equal(undefined);
    expect(texts(s).some((t) => /^净额\s+\d+\.\d\d$/.test(t))).to.equal(true);
    expect(texts(s).some((t) => /^ {2}现金\s+\d+\.\d\d$/.test(t))).to.equal(true);
    expect(texts(s).some((t) => /^应交现金\s+\d+\.\d\d 元$/.test(t))).to.equal(true);
  });

  it(
    'a job found mid-print when the worker starts is not printed again by itself: failed, for a ' + 'person to check',
    async () => {
      const now = ts.clock.now();
      const id = Number(
        raw
          .prepare(
            `INSERT INTO print_jobs (workstation_id, printer, layout, payload_json, status, attempts, created_at, ` +
              `updated_at) VALUES (?, ?, 'receipt', '{}', 'printing', 1, ?, ?)`,
          )
          .run(wsId, peer.address, now, now).lastInsertRowid,
      );
      const m = ts.server.modules;
      const second = startPrintWorker({
        db: m.db,
        uow: m.uow,
        clock: m.clock,
        bus: m.bus,
        logger: m.logger,
        devices: m.devices,
      });
      try {
        await until('recovery', () => job(id).status !== 'printing');
        await second.idle();
        expect(job(id)).to.include({ status: 'failed', attempts: 1, last_error: INTERRUPTED_AT_START });
      } finally {
        await second.stop();
      }
    },
  );

  describe('invoices (发票): pre-printed form through CUPS lp (a fake lp) and A4 PDF', () => {
    let dir: string;
    const savedLp = process.env.LP_COMMAND;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'fake-lp-'));
      const script = join(dir, 'lp');
      writeFileSync(
        script,
        `#!/bin/sh\nn=$(date +%s%N)\nprintf '%s\\n' "$@" ` +
          (`> "${dir}/args.$n"\ncat ` +
            (`> "${dir}/pdf.$n"\n[ -n "$FAKE_LP_FAIL" ] && { echo "lp: The printer or class does not exist." >&2; ` +
              `exit 1; }\nexit 0\n`)),
      );
      chmodSync(script, 0o755);
      process.env.LP_COMMAND = script;
    });
    after(() => {
      if (savedLp === undefined) delete process.env.LP_COMMAND;
      else process.env.LP_COMMAND = savedLp;
      delete process.env.FAKE_LP_FAIL;
      rmSync(dir, { recursive: true, force: true });
    });
    const calls = () =>
      readdirSync(dir)
        .filter((f) => f.startsWith('args.'))
        .sort()
        .map((f) => ({
          args: readFileSync(join(dir, f), 'utf8').trim().split('\n'),
          pdf: readFileSync(join(dir, f.replace('args.', 'pdf.'))),
        }));
    const pages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
    const cjkEmbedded = (pdf: Buffer) =>
      /\/BaseFont \/[A-Z]{6}\+NotoSansCJKsc-Regular/.test(pdf.toString('latin1')) &&
      /\/FontFile/.test(pdf.toString('latin1'));

    it('writes money in capitals as invoices do', () => {
      expect(yuanUpper(4500)).to.equal('肆拾伍元整');
      expect(yuanUpper(3250)).to.equal('叁拾贰元伍角');
      expect(yuanUpper(100001)).to.equal('壹仟元零壹分');
      expect(yuanUpper(1000000005)).to.equal('壹仟万元零伍分');
      expect(yuanUpper(12)).to.equal('零元壹角贰分');
    });

    it(
      "prints a bill's invoice on the form in the workstation's CUPS queue, at the template's " + 'size; audited',
      async () => {
        const r = await payment('周䶮');
        expect(r.status).to.equal(201);
        // A failed lp leaves the number unprinted (it may be printed again under the same number).
        process.env.FAKE_LP_FAIL = '1';
        const bad = await desk.post(`/api/printing/invoices/${r.body.billId}/print`, {}, idem());
        delete process.env.FAKE_LP_FAIL;
        expect(bad.body.ok).to.equal(false);
        expect(bad.body.error).to.match(/does not exist/);
        const p = await desk.post(`/api/printing/invoices/${r.body.billId}/print`, {}, idem());
        expect(p.status, JSON.stringify(p.body)).to.equal(200);
        expect(p.body).to.deep.equal({ ok: true, error: null, invoiceNo: r.body.invoiceNo, voidedNo: null });
        const [c] = calls().slice(-1);
        expect(c!.args).to.include.ordered.members(['-d', 'Invoice_Form_1']);
        expect(c!.args).to.include('media=Custom.241x93mm');
        expect(c!.pdf.subarray(0, 5).toString()).to.equal('%PDF-');
        expect(pages(c!.pdf)).to.equal(1);
        expect(cjkEmbedded(c!.pdf)).to.equal(true);
        const a = raw
          .prepare("SELECT outcome, summary_json FROM audit_log WHERE action = 'print.invoice' ORDER BY id DESC")
          .get() as any;
        expect(a.outcome).to.equal('ok');
        expect(JSON.parse(a.summary_json)).to.include({ queue: 'Invoice_Form_1', invoiceNo: r.body.invoiceNo });
        // A printed number is not printed twice (补打 gives a new one: server/modules/billing/invoices.test.ts).
        expect((await desk.post(`/api/printing/invoices/${r.body.billId}/print`, {}, idem())).status).to.equal(409);
        expect((await desk.post('/api/printing/invoices/999999/print', {}, idem())).status).to.equal(404);
      },
    );

    it('the template is edited by devices.manage (validated), and test-printed with field names', async () => {
      const tpl = (await desk.get('/api/printing/invoice-template')).body;
      expect(tpl).to.include({ pageWidthMm: 241, pageHeightMm: 93 });
      const next = { ...tpl, offsetXmm: 1.5, pageWidthMm: 210, fields: { ...tpl.fields, mrn: null } };
      expect((await desk.put('/api/printing/invoice-template', next)).status).to.equal(403);
      const bad = await admin.put('/api/printing/invoice-template', { ...next, offsetXmm: 0.3 });
      expect(bad.status).to.equal(422);
      expect(bad.body.error.field).to.equal('offsetXmm');
      expect((await admin.put('/api/printing/invoice-template', { ...next, extra: 1 })).status).to.equal(422);
      const ok = await admin.put('/api/printing/invoice-template', next);
      expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
      expect((await desk.get('/api/printing/invoice-template')).body).to.deep.equal(next);
      const test = await desk.post('/api/printing/invoice-template/test', {});
      expect(test.body).to.deep.equal({ ok: true, error: null });
      const [c] = calls().slice(-1);
      expect(c!.args).to.include('media=Custom.210x93mm');
      expect(c!.args).to.include('发票模板测试');
      expect(cjkEmbedded(c!.pdf)).to.equal(true);
      expect((await desk.post('/api/printing/invoice-template/test', { queue: 'Other_Queue' })).status).to.equal(403);
    });

    it('serves the invoice as an A4 PDF with the CJK font embedded', async () => {
      const r = await payment('吴𠀾');
      const res = await fetch(`${ts.url}/api/printing/invoices/${r.body.billId}.pdf`, {
        headers: { cookie: desk.cookie },
      });
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.match(/application\/pdf/);
      const pdf = Buffer.from(await res.arrayBuffer());
      expect(pdf.subarray(0, 5).toString()).to.equal('%PDF-');
      expect(pages(pdf)).to.equal(1);
      expect(cjkEmbedded(pdf)).to.equal(true);
      expect(
        (
          await fetch(`${ts.url}/api/printing/invoices/${r.body.billId}.pdf`, {
            headers: { cookie: w.doctor1.client.cookie },
          })
        ).status,
      ).to.equal(403);
    });
  });
});
