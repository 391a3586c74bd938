// Card readers on the REAL PC/SC stack: pcscd + vsmartcard's vpcd driver + the TypeScript
// virtual card (devices/virtual) + pcsclite in the server. Cards are inserted and pulled,
// read end to end into the bound workstation's socket (and no other), and pcscd is stopped
// and started again while the server runs.
import { expect } from 'chai';
import type { Socket } from 'socket.io-client';
import iconv from 'iconv-lite';
import { VPCD_PORT, VpcdCard } from '../../devices/virtual/vpcd-card.js';
import { socialSecurityCard, type CardHolder } from '../../devices/virtual/social-security-card.js';
import type { CardErrorPayload, CardReadPayload, EventEnvelope } from '../../core/contract.js';
import { adminClient, startTestServer, workstationCookie, type ApiClient, type TestServer } from '../helpers/server.js';
import { killPcscd, requirePcscStack, startPcscd, waitUntil } from '../helpers/pcsc.js';
import { Collector, connect, settle } from '../realtime/socket-helpers.js';
import { createRequire } from 'node:module';
import { SSC_ATR } from '../../devices/virtual/social-security-card.js';

const READER = /^Virtual PCD.* 00$/;

const ZHANG: CardHolder = {
  idNumber: '11010519491231002X',
  name: '张三丰',
  sexCode: '1',
  ethnicityCode: '01',
  birthDate: '19491231',
  cardNumber: 'A12345678',
  cardSn: '110105D15600000501A2B3C4D5E6F708',
};

describe('card readers on pcscd + vpcd (real PC/SC stack)', function () {
  this.timeout(90_000);
  let ts: TestServer;
  let admin: ApiClient;
  let readerName = '';
  let wsA = 0;
  let wsB = 0;
  let sockA: Socket;
  let sockB: Socket;
  let gotA: Collector;
  let gotB: Collector;
  const card = new VpcdCard(socialSecurityCard(ZHANG));

  const readers = async () =>
    (await admin.get('/api/devices/readers')).body as {
      service: { state: string };
      readers: Array<{
        name: string;
        state: string;
        atr: string | null;
        lastRead: any;
        error: any;
        workstations: any[];
      }>;
    };
  const reader = async () => (await readers()).readers.find((r) => r.name === readerName);
  const eventsA = (name: string) => gotA.applied.filter((e) => e.name === name);
  /** Waits for the next event `name` on socket A after `from` events of that name. */
  const nextA = async <P>(name: string, from: number): Promise<EventEnvelope<P>> => {
    await gotA
      .until(() => eventsA(name).length > from, `${name} on the bound workstation`, 30_000)
      .catch(async (e) => {
        throw new Error(
          `${(e as Error).message}; readers: ${JSON.stringify(await readers())}; ` +
            `events: ${gotA.applied.map((x) => x.name).join(',')}`,
        );
      });
    return eventsA(name)[from] as EventEnvelope<P>;
  };

  before(async function () {
    await requirePcscStack(this);
    ts = await startTestServer({ config: { cardReaders: 'pcsc' } });
    admin = await adminClient(ts);
    await waitUntil(
      async () => !!(await readers()).readers.find((r) => READER.test(r.name) && r.state !== 'gone'),
      'the vpcd reader to appear in the server',
    );
    readerName = (await readers()).readers.find((r) => READER.test(r.name))!.name;
    const a = await admin.post('/api/workstations', { code: 'CARD-A', name: '收费窗口一', cardReader: readerName });
    const b = await admin.post('/api/workstations', { code: 'CARD-B', name: '收费窗口二' });
    expect(a.status, JSON.stringify(a.body)).to.equal(201);
    expect(b.status).to.equal(201);
    wsA = a.body.id;
    wsB = b.body.id;
    // Each socket's browser is bound to its workstation (a workstation cookie issued through the server).
    sockA = await connect(ts.url, `${admin.cookie}; ${await workstationCookie(ts, wsA)}`);
    sockB = await connect(ts.url, `${admin.cookie}; ${await workstationCookie(ts, wsB)}`);
    gotA = new Collector().attach(sockA);
    gotB = new Collector().attach(sockB);
  });

  after(async () => {
    await card.remove();
    sockA?.close();
    sockB?.close();
    await ts?.stop();
    // Leave the machine as it was: pcscd running.
    await startPcscd().catch(() => undefined);
  });

  /**
   * Pulls the card and waits until the server saw it go (vpcd polls presence: a re-insert sooner would read as no
   * change).
   */
  const pull = async () => {
    await card.remove();
    await waitUntil(async () => {
      const r = await reader();
      return !r || r.state === 'no-card' || r.state === 'gone';
    }, 'the card to be seen removed');
  };

  afterEach(async () => {
    await pull();
    card.pullAfterApdus = null;
  });

  it(
    'reads an inserted social security card through pcsclite into the bound workstation only ' +
      '(GBK name, 6Cxx), audited and masked',
    async () => {
      card.setBehaviour(socialSecurityCard(ZHANG));
      await card.insert();
      const ev = await nextA<CardReadPayload>('card:read', 0);
      expect(ev.payload).to.deep.equal({
        readerName,
        profile: 'social-security',
        uid: null,
        person: {
          idNumber: '11010519491231002X',
          name: '张三丰',
          sex: 'M',
          birthDate: '1949-12-31',
          ethnicity: '01',
          cardNumber: 'A12345678',
          cardSn: '110105D15600000501A2B3C4D5E6F708',
        },
      });
      // The 卡识别码 (record 01 of SFI 05, for the insurer's look-up by card) was read.
      expect(card.log).to.include('00B2012C12');
      // The name record was asked with Le 00 and corrected through 6Cxx.
      expect(card.log).to.include('00B2090400');
      expect(card.log.some((c) => /^00B20904[0-9A-F]{2}$/.test(c) && c !== '00B2090400')).to.equal(true);

      // Another workstation's socket got nothing: B receives a later event to its room,
      // and events arrive in order, so a card event would have come first.
      const put = await admin.get(`/api/workstations`);
      const b = (put.body.items as any[]).find((w) => w.id === wsB);
      const upd = await admin.put(`/api/workstations/${wsB}`, { ...pick(b), name: '收费窗口二号' });
      expect(upd.status, JSON.stringify(upd.body)).to.equal(200);
      await gotB.until(() => gotB.applied.some((e) => e.name === 'workstation:changed'), 'workstation:changed on B');
      expect(gotB.received.filter((e) => e.name.startsWith('card:'))).to.deep.equal([]);

      // Devices page: state and last read, masked.
      await waitUntil(async () => (await reader())?.state === 'card-present', 'state card-present');
      const r = await reader();
      expect(r!.lastRead.person).to.deep.equal({
        name: '张*丰',
        idNumber: '1101**********002X',
        sex: 'M',
        birthDate: '1949-12-31',
      });
      expect(r!.workstations).to.deep.equal([{ id: wsA, name: '收费窗口一' }]);

      // Audit: card.read with a masked summary (never the full ID number or name).
      const audit = ts.server.open.raw
        .prepare("SELECT * FROM audit_log WHERE action = 'card.read' ORDER BY id")
        .all() as Array<{ outcome: string; workstation_id: number; summary_json: string }>;
      expect(audit).to.have.length(1);
      expect(audit[0]!.outcome).to.equal('ok');
      expect(audit[0]!.workstation_id).to.equal(wsA);
      expect(audit[0]!.summary_json)
        .to.include('1101**********002X')
        .and.not.include('11010519491231002X')
        .and.not.include('张三丰');
    },
  );

  it('a removed card is pushed as card:removed and the reader shows no card', async () => {
    await card.insert();
    const before = eventsA('card:removed').length;
    const reads = eventsA('card:read').length;
    await nextA('card:read', reads);
    await card.remove();
    const ev = await nextA<{ readerName: string }>('card:removed', before);
    expect(ev.payload).to.deep.equal({ readerName });
    await waitUntil(async () => (await reader())?.state === 'no-card', 'state no-card');
  });

  it(
    'a card answering through 61xx + GET RESPONSE, with a GB18030 four-byte name character, is ' + 'read correctly',
    async () => {
      const reads = eventsA('card:read').length;
      card.setBehaviour(
        socialSecurityCard(
          { ...ZHANG, name: '王𠀾', idNumber: '110105199003071234', sexCode: '2', birthDate: '19900307' },
          'get-response',
        ),
      );
      await card.insert();
      const ev = await nextA<CardReadPayload>('card:read', reads);
      expect(ev.payload.person).to.include({
        name: '王𠀾',
        idNumber: '110105199003071234',
        sex: 'F',
        birthDate: '1990-03-07',
      });
      expect(card.log.some((c) => c.startsWith('00C00000'))).to.equal(true);
    },
  );

  it('name bytes that are not valid GBK/GB18030 give card:error bad_data, never a "?" name', async () => {
    const errors = eventsA('card:error').length;
    card.setBehaviour(
      socialSecurityCard({
        ...ZHANG,
        nameBytes: Buffer.concat([iconv.encode('王', 'gbk'), Buffer.from([0x81, 0x20])]),
      }),
    );
    await card.insert();
    const ev = await nextA<CardErrorPayload>('card:error', errors);
    expect(ev.payload.code).to.equal('bad_data');
    expect(ev.payload.message.zh).to.match(/手工录入/);
  });

  it('a card that answers errors gives card:error read_failed with a clear message (zh and en)', async () => {
    const errors = eventsA('card:error').length;
    card.setBehaviour(socialSecurityCard(ZHANG, 'errors'));
    await card.insert();
    const ev = await nextA<CardErrorPayload>('card:error', errors);
    expect(ev.payload).to.deep.include({ readerName, code: 'read_failed' });
    expect(ev.payload.message.en).to.match(/could not be read/);
    await waitUntil(async () => (await reader())?.state === 'error', 'state error');
    const failed = ts.server.open.raw
      .prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'card.read' AND outcome = 'failed'")
      .get() as { n: number };
    expect(failed.n).to.be.greaterThan(0);
  });

  it('a card that is not a known kind gives card:error unknown_card', async () => {
    const errors = eventsA('card:error').length;
    card.setBehaviour(socialSecurityCard(ZHANG, 'not-ssc'));
    await card.insert();
    const ev = await nextA<CardErrorPayload>('card:error', errors);
    expect(ev.payload.code).to.equal('unknown_card');
    // The devices page shows the unknown card's ATR (to add a profile for it), and so does the failed-read audit.
    await waitUntil(async () => (await reader())?.state === 'error', 'state error');
    const r = await reader();
    expect(r!.error).to.deep.include({ code: 'unknown_card', atr: SSC_ATR.toString('hex').toUpperCase() });
    const audit = ts.server.open.raw
      .prepare(
        "SELECT summary_json FROM audit_log WHERE action = 'card.read' AND outcome = 'failed' ORDER BY id DESC LIMIT 1",
      )
      .get() as { summary_json: string };
    expect(JSON.parse(audit.summary_json)).to.deep.include({
      code: 'unknown_card',
      atr: SSC_ATR.toString('hex').toUpperCase(),
    });
  });

  it(
    'a card held exclusively by another program is reported within seconds as in use by another ' +
      'program, not after 14 s as "取出卡片重新插入"',
    async () => {
      card.setBehaviour(socialSecurityCard(ZHANG));
      const reads = eventsA('card:read').length;
      await card.insert();
      await nextA('card:read', reads);
      const release = await holdExclusively(readerName);
      try {
        const t0 = Date.now();
        const r = await admin.post(`/api/devices/readers/${encodeURIComponent(readerName)}/test-read`);
        const took = Date.now() - t0;
        expect(r.status, JSON.stringify(r.body)).to.equal(409);
        expect(r.body.error.code).to.equal('in_use');
        expect(r.body.error.message).to.match(/其他程序|another program/i);
        expect(r.body.error.message).to.not.match(/重新插入|insert it again/);
        expect(took, 'reported within seconds').to.be.below(5000);
      } finally {
        await release();
      }
    },
  );

  it(
    'a card in a reader bound to no workstation is not read (nor held): only its ATR shows; the ' +
      'devices page can still test-read it',
    async () => {
      // vpcd's second slot ("Virtual PCD 00 01", port 35964): bound to no workstation here, nor in
      // the demo service that CI runs beside the tests (its cashier desk has the first slot), so
      // any APDU the card receives would come from a server reading an unbound reader.
      const unbound = readerName.replace(/00$/, '01');
      const second = new VpcdCard(socialSecurityCard(ZHANG), { port: VPCD_PORT + 1 });
      const state = async () => (await readers()).readers.find((r) => r.name === unbound);
      await waitUntil(async () => !!(await state()), 'the second vpcd slot to appear in the server');
      try {
        const auditsBefore = (
          ts.server.open.raw.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'card.read'").get() as {
            n: number;
          }
        ).n;
        const cardEvents =
          gotA.applied.filter((e) => e.name.startsWith('card:')).length +
          gotB.applied.filter((e) => e.name.startsWith('card:')).length;
        await second.insert();
        await waitUntil(async () => (await state())?.state === 'card-present', 'the card seen in the unbound reader');
        await new Promise((r) => setTimeout(r, 1500));
        expect(second.log, 'no APDU was sent to the card').to.deep.equal([]);
        expect(
          (
            ts.server.open.raw.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'card.read'").get() as {
              n: number;
            }
          ).n,
        ).to.equal(auditsBefore);
        expect((await state())!.atr).to.equal(SSC_ATR.toString('hex').toUpperCase());
        // Another program may take the card at once: this server does not hold it.
        const release = await holdExclusively(unbound);
        await release();
        // The devices page's explicit test read still reads it.
        const r = await admin.post(`/api/devices/readers/${encodeURIComponent(unbound)}/test-read`);
        expect(r.status, JSON.stringify(r.body)).to.equal(200);
        expect(r.body.profile).to.equal('social-security');
        expect(second.log.length, 'the test read sent its APDUs').to.be.above(0);
        await settle(sockA);
        await settle(sockB);
        expect(
          gotA.applied.filter((e) => e.name.startsWith('card:')).length +
            gotB.applied.filter((e) => e.name.startsWith('card:')).length,
        ).to.equal(cardEvents);
      } finally {
        await second.remove();
      }
    },
  );

  it('a card pulled out in the middle of the read gives card:error card_removed', async () => {
    const errors = eventsA('card:error').length;
    card.setBehaviour(socialSecurityCard(ZHANG));
    card.pullAfterApdus = 4; // after SELECT SSSE, card number, SELECT EF06: gone at the ID number
    await card.insert();
    const ev = await nextA<CardErrorPayload>('card:error', errors);
    expect(ev.payload.code).to.equal('card_removed');
    expect(ev.payload.message.en).to.match(/pulled out/);
    await waitUntil(async () => (await reader())?.state === 'no-card', 'state no-card after the pull');
  });

  it('test read from the devices page reads the card now and returns the masked result', async () => {
    card.setBehaviour(socialSecurityCard(ZHANG));
    const reads = eventsA('card:read').length;
    await card.insert();
    await nextA('card:read', reads);
    const r = await admin.post(`/api/devices/readers/${encodeURIComponent(readerName)}/test-read`);
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body.profile).to.equal('social-security');
    expect(r.body.read.person).to.deep.equal({
      name: '张*丰',
      idNumber: '1101**********002X',
      sex: 'M',
      birthDate: '1949-12-31',
    });
    await pull();
    const none = await admin.post(`/api/devices/readers/${encodeURIComponent(readerName)}/test-read`);
    expect(none.status).to.equal(409);
    expect(none.body.error.code).to.equal('no_card');
  });

  it(
    'pcscd stopped mid-run: readers go gone, the bound screen is told, the server keeps running; ' +
      'pcscd back: the reader returns and reads again',
    async () => {
      const errors = eventsA('card:error').length;
      await killPcscd();
      await waitUntil(async () => (await reader())?.state === 'gone', 'the reader to be gone');
      const ev = await nextA<CardErrorPayload>('card:error', errors);
      // The service is marked down before its readers are dropped: the desk reads the pcscd message.
      expect(ev.payload.code).to.equal('service_down');
      expect(ev.payload.message.zh).to.match(/pcscd/);
      expect(
        eventsA('card:error')
          .slice(errors)
          .map((e) => (e.payload as CardErrorPayload).code),
      ).to.not.include('reader_gone');
      const health = await admin.get('/api/health');
      expect(health.status).to.equal(200);
      expect((health.body.devices as any[]).some((d) => d.kind === 'card-reader' && d.state === 'gone')).to.equal(true);

      await startPcscd();
      await waitUntil(
        async () => (await reader())?.state === 'no-card',
        'the reader to come back after pcscd restarted',
        30_000,
      );
      // Recovery clears the desk's old error at once (not at the next card), and the devices page's.
      const ready = await nextA<{ readerName: string }>('card:ready', 0);
      expect(ready.payload).to.deep.equal({ readerName });
      expect((await reader())!.error).to.equal(null);
      const reads = eventsA('card:read').length;
      card.setBehaviour(socialSecurityCard(ZHANG));
      await card.insert();
      const again = await nextA<CardReadPayload>('card:read', reads);
      expect(again.payload.person?.idNumber).to.equal('11010519491231002X');
      await settle(sockB);
      expect(gotB.received.filter((e) => e.name.startsWith('card:'))).to.deep.equal([]);
    },
  );
});

/** Another program (this test, through its own PC/SC context) holds the card exclusively until released. */
async function holdExclusively(readerName: string): Promise<() => Promise<void>> {
  const pcsc = (createRequire(import.meta.url)('pcsclite') as () => any)();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('could not take the card exclusively')), 10_000);
    pcsc.on('error', () => undefined);
    pcsc.on('reader', (r: any) => {
      if (r.name !== readerName) return r.close();
      r.on('error', () => undefined);
      let asked = false;
      r.on('status', (st: { state: number }) => {
        if (asked || !(st.state & r.SCARD_STATE_PRESENT)) return;
        asked = true;
        const deadline = Date.now() + 5000;
        const take = () =>
          r.connect({ share_mode: r.SCARD_SHARE_EXCLUSIVE }, (err: Error | null) => {
            // The server may still be letting go of the card it just read: try again briefly.
            if (err && /0x8010000b/i.test(err.message) && Date.now() < deadline) return void setTimeout(take, 100);
            clearTimeout(timer);
            if (err) {
              pcsc.close();
              return reject(err);
            }
            resolve(
              () =>
                new Promise<void>((done) => {
                  r.disconnect(r.SCARD_LEAVE_CARD, () => {
                    r.close();
                    pcsc.close();
                    done();
                  });
                }),
            );
          });
        take();
      });
    });
  });
}

function pick(w: any) {
  return {
    code: w.code,
    name: w.name,
    departmentId: w.departmentId,
    receiptPrinter: w.receiptPrinter,
    labelPrinter: w.labelPrinter,
    invoicePrinter: w.invoicePrinter,
    cardReader: w.cardReader,
    defaultPharmacyId: w.defaultPharmacyId,
    active: w.active,
    version: w.version,
  };
}
