// How the print worker executes jobs (issue 9 items 16, 17, 18), on real parts: a TCP
// ESC/POS peer that answers the paper-status request but never the end-of-job one, a peer
// that breaks mid-job, and a FIFO that nobody reads standing in for a stuck USB printer.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { constants, closeSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type SQLite from 'better-sqlite3';
import { SAMPLES } from '../../../devices/printer/layouts/index.js';
import { EscPosPeer, type PeerSession } from '../../../devices/virtual/escpos-peer.js';
import { idem, insertPatient, registrationWorld } from '../../../test/helpers/registration.js';
import { ApiClient, adminClient, startTestServer, tempDir, type TestServer } from '../../../test/helpers/server.js';
import { REPRINT_NOTICE, type PrintWorker } from '../../jobs/print-worker.js';
import { enqueuePrintJob, noPrinterText } from './jobs.js';
import { printWorkerOf } from './service.js';

type Job = { id: number; status: string; attempts: number; last_error: string | null; partial_count: number };

describe('printing: how jobs are executed (half-confirming printers, partial prints, stuck device files)', function () {
  this.timeout(90_000);
  let ts: TestServer;
  let raw: SQLite.Database;
  let admin: ApiClient;
  let worker: PrintWorker;
  let peer: EscPosPeer;
  let wsId: number;
  let n = 0;

  const job = (id: number) =>
    raw.prepare('SELECT id, status, attempts, last_error, partial_count FROM print_jobs WHERE id = ?').get(id) as Job;
  async function until(what: string, pred: () => boolean, ms = 30_000): Promise<void> {
    const end = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  const texts = (s: PeerSession) => s.lines.map((l) => l.text);
  /** A queue ticket with its own number, so each job is told apart on paper. */
  const ticket = (number: string) => ({ ...(SAMPLES['queue-ticket'] as Record<string, unknown>), number });
  const withNumber = (number: string) => (s: PeerSession) => texts(s).some((t) => t.includes(number));
  async function enqueue(workstationId: number, number: string): Promise<number> {
    const id = await ts.server.modules.uow.write((tx) =>
      enqueuePrintJob(tx, { workstationId, layout: 'queue-ticket', payload: ticket(number), userId: null }),
    );
    worker.kick();
    return id;
  }
  async function workstation(receiptPrinter: string): Promise<number> {
    const r = await admin.post('/api/workstations', { code: `PX${++n}`, name: `执行测试${n}`, receiptPrinter });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    return r.body.id as number;
  }

  before(async () => {
    ts = await startTestServer();
    raw = ts.server.modules.raw;
    admin = await adminClient(ts);
    peer = await EscPosPeer.start();
    wsId = await workstation(peer.address);
    worker = printWorkerOf(ts.server.modules.db)!;
    worker.configure({
      baseDelayMs: 50,
      maxDelayMs: 200,
      maxAttempts: 6,
      send: { connectTimeoutMs: 2000, answerTimeoutMs: 600 },
    });
  });
  after(async () => {
    await ts?.stop();
    await peer?.stop();
  });

  it(
    'a printer that answers the paper status but never confirms the end of the job: printed ' +
      'once, not six times; failed with the ?status=0 hint',
    async () => {
      peer.answersEndOfJob = false;
      try {
        const id = await enqueue(wsId, 'H017');
        await until(`job ${id} to end`, () => ['done', 'failed'].includes(job(id).status));
        await worker.idle();
        await peer.settled();
        const j = job(id);
        expect(j.status).to.equal('failed');
        expect(j.attempts, 'the same bytes are not sent again').to.equal(1);
        expect(j.last_error).to.match(/从不确认|不确认/);
        expect(j.last_error).to.include('?status=0');
        expect(peer.sessions.filter(withNumber('H017'))).to.have.length(1);
        // A second job on the same printer is not retried either.
        const id2 = await enqueue(wsId, 'H018');
        await until(`job ${id2} to end`, () => ['done', 'failed'].includes(job(id2).status));
        await worker.idle();
        await peer.settled();
        expect(job(id2).attempts).to.equal(1);
        expect(peer.sessions.filter(withNumber('H018'))).to.have.length(1);
      } finally {
        peer.answersEndOfJob = true;
      }
    },
  );

  it('a printer that answers nothing after the job (dead, jammed) is still retried as before', async () => {
    // Fails mid-job: the connection breaks; retried until it prints, headed by the void notice.
    await peer.setMode({ kind: 'fail-after', bytes: 120 });
    const id = await enqueue(wsId, 'H019');
    await until('an interrupted attempt', () => job(id).partial_count > 0);
    await peer.setMode({ kind: 'healthy' });
    await until(`job ${id} done`, () => job(id).status === 'done');
    await worker.idle();
    await peer.settled();
    const whole = peer.printed().filter(withNumber('H019'));
    expect(whole).to.have.length(1);
    expect(texts(whole[0]!)[0]).to.equal(REPRINT_NOTICE);
  });

  it(
    '重打 of a partly printed, failed job keeps the "上一张打印中断,作废" header (the partial ' +
      'fact outlives the cleared error)',
    async () => {
      worker.configure({ maxAttempts: 1 });
      try {
        await peer.setMode({ kind: 'fail-after', bytes: 120 });
        const id = await enqueue(wsId, 'H020');
        await until(`job ${id} failed`, () => job(id).status === 'failed');
        await worker.idle();
        expect(job(id).partial_count).to.equal(1);
        await peer.setMode({ kind: 'healthy' });
        worker.configure({ maxAttempts: 6 });
        const again = await admin.post(`/api/printing/jobs/${id}/reprint`, {}, idem());
        expect(again.status, JSON.stringify(again.body)).to.equal(200);
        expect(again.body).to.include({ status: 'pending', lastError: null, partial: true });
        await until(`job ${id} done`, () => job(id).status === 'done');
        await worker.idle();
        await peer.settled();
        const whole = peer.printed().filter(withNumber('H020'));
        expect(whole).to.have.length(1);
        expect(texts(whole[0]!)[0]).to.equal(REPRINT_NOTICE);
        // A done job reprinted is a clean second copy: no void notice.
        const copy = await admin.post(`/api/printing/jobs/${id}/reprint`, {}, idem());
        expect(copy.body.id).to.not.equal(id);
        expect(copy.body.partial).to.equal(false);
        await until('the copy done', () => job(copy.body.id).status === 'done');
        await worker.idle();
        await peer.settled();
        const copies = peer.printed().filter(withNumber('H020'));
        expect(copies).to.have.length(2);
        expect(texts(copies[1]!)[0]).to.not.equal(REPRINT_NOTICE);
      } finally {
        worker.configure({ maxAttempts: 6 });
        await peer.setMode({ kind: 'healthy' });
      }
    },
  );

  describe('a stuck USB printer (a FIFO nobody reads)', () => {
    let dir: string;
    let fifo: string;
    before(() => {
      dir = tempDir('jiceng-fifo-');
      fifo = join(dir, 'lp0');
      execFileSync('mkfifo', [fifo]);
    });
    after(() => {
      // Release anything still blocked on the FIFO (only the pre-fix code would be), then clean up.
      try {
        closeSync(openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK));
      } catch {
        /* gone */
      }
      rmSync(dir, { recursive: true, force: true });
    });

    it(
      'six stuck jobs: sign-in and a database write still answer promptly; the jobs end failed ' + 'with a clear error',
      async () => {
        worker.configure({ maxAttempts: 1, send: { connectTimeoutMs: 2000, answerTimeoutMs: 400 } });
        try {
          const stuckWs = await workstation(fifo);
          const ids: number[] = [];
          for (let i = 0; i < 6; i++) ids.push(await enqueue(stuckWs, `S${i}`));
          await until('the six stuck jobs to fail', () => ids.every((id) => job(id).status === 'failed'), 30_000);
          for (const id of ids) expect(job(id).last_error, String(id)).to.match(/写入 .*lp0 超时/);
          const timed = async <T>(what: string, p: Promise<T>): Promise<T> => {
            const t0 = Date.now();
            const out = await Promise.race([
              p,
              new Promise<never>((_, rej) =>
                setTimeout(() => rej(new Error(`${what} did not answer within 5 s`)), 5000).unref(),
              ),
            ]);
            expect(Date.now() - t0, what).to.be.below(5000);
            return out;
          };
          const c = new ApiClient(ts.url);
          const signIn = await timed('sign-in', c.signIn(ts.admin.username, ts.admin.password));
          expect(signIn.status, JSON.stringify(signIn.body)).to.equal(200);
          const write = await timed(
            'a database write',
            admin.post('/api/workstations', { code: `PX${++n}`, name: `执行测试${n}` }),
          );
          expect(write.status, JSON.stringify(write.body)).to.equal(201);
          // And once more after the jobs are over: nothing is left pinned.
          const again = await timed(
            'a second sign-in',
            new ApiClient(ts.url).signIn(ts.admin.username, ts.admin.password),
          );
          expect(again.status).to.equal(200);
        } finally {
          worker.configure({ maxAttempts: 6, send: { connectTimeoutMs: 2000, answerTimeoutMs: 600 } });
        }
      },
    );
  });

  describe('the business write answers with the print outcome (item 12)', () => {
    it(
      'a registration at a workstation without a receipt printer says so (and where to set it), ' +
        'not "sent"; with one: queued',
      async () => {
        const w = await registrationWorld(ts, admin);
        const desk = w.registrar.client;
        const bare = await admin.post('/api/workstations', {
          code: `PX${++n}`,
          name: `无打印机${n}`,
          labelPrinter: peer.address,
        });
        expect(bare.status, JSON.stringify(bare.body)).to.equal(201);
        desk.workstationId = bare.body.id;
        const r = await desk.post(
          '/api/registrations',
          { patientId: await insertPatient(ts, '周无票'), departmentId: w.clinicB, payer: 'cash' },
          idem(),
        );
        expect(r.status, JSON.stringify(r.body)).to.equal(201);
        expect(r.body.print).to.deep.include({
          jobId: r.body.printJobId,
          outcome: 'no_printer',
          printer: 'receipt',
          layout: 'queue-ticket',
        });
        expect(r.body.print.message.zh).to.equal('本工作站未配置小票打印机,请在 系统管理 › 工作站 设置');
        expect(r.body.print.message.en).to.match(/no receipt printer/);
        expect(job(r.body.printJobId)).to.include({ status: 'pending', last_error: noPrinterText('queue-ticket').zh });

        desk.workstationId = wsId;
        const q = await desk.post(
          '/api/registrations',
          { patientId: await insertPatient(ts, '郑有票'), departmentId: w.clinicB, payer: 'cash' },
          idem(),
        );
        expect(q.status, JSON.stringify(q.body)).to.equal(201);
        expect(q.body.print).to.deep.include({
          jobId: q.body.printJobId,
          outcome: 'queued',
          printer: 'receipt',
          message: null,
        });
        await until('the ticket printed', () => job(q.body.printJobId).status === 'done');
      },
    );
  });
});
