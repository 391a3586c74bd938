// The devices module with the in-memory fake readers (same card code as the vpcd virtual
// card): routes, permissions, bad input, health, profiles, binding and pushes. The real
// PC/SC stack is tested in test/devices/card-reader-pcsc.test.ts.
import { expect } from 'chai';
import type { Socket } from 'socket.io-client';
import type { FakeCardReaders } from '../../../devices/card-reader/fake.js';
import { contactlessCard, socialSecurityCard } from '../../../devices/virtual/social-security-card.js';
import {
  adminClient,
  startTestServer,
  workstationCookie,
  type ApiClient,
  type TestServer,
} from '../../../test/helpers/server.js';
import { Collector, connect, makeUser, settle, subscribeOk } from '../../../test/realtime/socket-helpers.js';
import { cardReadersOf } from './index.js';

const HOLDER = {
  idNumber: '11010519491231002X',
  name: '张三丰',
  sexCode: '1' as const,
  ethnicityCode: '01',
  birthDate: '19491231',
  cardNumber: 'A12345678',
};

describe('devices: card readers (fake readers)', function () {
  this.timeout(30_000);
  let ts: TestServer;
  let admin: ApiClient;
  let fake: FakeCardReaders;
  let ws = 0;
  let sock: Socket;
  let got: Collector;

  before(async () => {
    ts = await startTestServer({ config: { cardReaders: 'fake' } });
    admin = await adminClient(ts);
    fake = cardReadersOf(ts.server.modules).service as FakeCardReaders;
    fake.addReader('Fake Reader 0');
    fake.addReader('Fake Reader 1');
    const w = await admin.post('/api/workstations', { code: 'FAKE-A', name: '挂号一', cardReader: 'Fake Reader 0' });
    ws = w.body.id;
    // This socket's browser is bound to the workstation (a workstation cookie issued through the server).
    sock = await connect(ts.url, `${admin.cookie}; ${await workstationCookie(ts, ws)}`);
    got = new Collector().attach(sock);
  });
  after(async () => {
    sock?.close();
    await ts?.stop();
  });

  const named = (n: string) => got.applied.filter((e) => e.name === n);

  it('lists readers with binding and state; needs devices.manage', async () => {
    const r = await admin.get('/api/devices/readers');
    expect(r.status).to.equal(200);
    expect(r.body.service).to.deep.equal({ mode: 'fake', state: 'up', detail: null });
    const r0 = r.body.readers.find((x: any) => x.name === 'Fake Reader 0');
    expect(r0).to.include({ state: 'no-card', lastRead: null });
    expect(r0.workstations).to.deep.equal([{ id: ws, name: '挂号一' }]);
    const u = await makeUser(ts, ['registrar']);
    expect((await u.client.get('/api/devices/readers')).status).to.equal(403);
    expect((await u.client.post('/api/devices/readers/Fake%20Reader%200/test-read')).status).to.equal(403);
    expect((await new (admin.constructor as typeof ApiClient)(ts.url).get('/api/devices/readers')).status).to.equal(
      401,
    );
  });

  it(
    'a social security card read is pushed to the bound workstation with the person; health ' + 'lists the readers',
    async () => {
      fake.insert('Fake Reader 0', socialSecurityCard(HOLDER));
      await got.until(() => named('card:read').length === 1, 'card:read');
      expect(named('card:read')[0]!.payload).to.deep.equal({
        readerName: 'Fake Reader 0',
        profile: 'social-security',
        uid: null,
        person: {
          idNumber: '11010519491231002X',
          name: '张三丰',
          sex: 'M',
          birthDate: '1949-12-31',
          ethnicity: '01',
          cardNumber: 'A12345678',
          // this card does not answer the 卡识别码 record: read all the same, without it
          cardSn: null,
        },
      });
      const h = await admin.get('/api/health');
      expect(h.body.devices).to.deep.include({ kind: 'card-reader', name: 'Fake Reader 0', state: 'card-present' });
      expect(h.body.devices).to.deep.include({ kind: 'card-reader', name: 'Fake Reader 1', state: 'no-card' });
    },
  );

  it(
    'a card in an unbound reader is not read (ATR only, nothing audited or pushed); the devices ' +
      'page test-reads it on purpose',
    async () => {
      const count = () =>
        (
          ts.server.open.raw.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'card.read'").get() as {
            n: number;
          }
        ).n;
      const before = count();
      fake.insert('Fake Reader 1', socialSecurityCard(HOLDER));
      const r = async () =>
        (await admin.get('/api/devices/readers')).body.readers.find((x: any) => x.name === 'Fake Reader 1');
      for (let i = 0; i < 100 && (await r())?.state !== 'card-present'; i++)
        await new Promise((res) => setTimeout(res, 50));
      await new Promise((res) => setTimeout(res, 300));
      expect(await r()).to.deep.include({ state: 'card-present', lastRead: null });
      expect((await r()).atr)
        .to.be.a('string')
        .and.not.equal('');
      expect(count()).to.equal(before);
      await settle(sock);
      expect(
        got.received.filter((e) => (e.payload as any)?.readerName === 'Fake Reader 1' && e.name.startsWith('card:')),
      ).to.deep.equal([]);
      const test = await admin.post(`/api/devices/readers/${encodeURIComponent('Fake Reader 1')}/test-read`);
      expect(test.status, JSON.stringify(test.body)).to.equal(200);
      expect(test.body.read.person).to.deep.equal({
        name: '张*丰',
        idNumber: '1101**********002X',
        sex: 'M',
        birthDate: '1949-12-31',
      });
      expect(count()).to.equal(before + 1);
    },
  );

  it('a contactless card is read by the generic profile (ATR and UID, no person)', async () => {
    fake.remove('Fake Reader 0');
    fake.insert('Fake Reader 0', contactlessCard(Buffer.from('04A1B2C3', 'hex')));
    await got.until(() => named('card:read').length === 2, 'second card:read');
    expect(named('card:read')[1]!.payload).to.deep.equal({
      readerName: 'Fake Reader 0',
      profile: 'iso7816',
      uid: '04A1B2C3',
      person: null,
    });
  });

  it('test read: the masked result; bad reader names are clear 4xx', async () => {
    fake.remove('Fake Reader 0');
    fake.insert('Fake Reader 0', socialSecurityCard(HOLDER, 'get-response'));
    const r = await admin.post('/api/devices/readers/Fake%20Reader%200/test-read');
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body.read.person).to.deep.equal({
      name: '张*丰',
      idNumber: '1101**********002X',
      sex: 'M',
      birthDate: '1949-12-31',
    });
    const unknown = await admin.post('/api/devices/readers/Nope/test-read');
    expect(unknown.status).to.equal(404);
    expect(unknown.body.error.code).to.equal('reader_gone');
    const long = await admin.post(`/api/devices/readers/${'x'.repeat(201)}/test-read`);
    expect(long.status).to.be.within(400, 422);
    fake.remove('Fake Reader 0');
    const none = await admin.post('/api/devices/readers/Fake%20Reader%200/test-read');
    expect(none.status).to.equal(409);
    expect(none.body.error.message).to.match(/no card/);
  });

  it('an unplugged reader: card:error reader_gone on the bound screen, state gone', async () => {
    const n = named('card:error').length;
    fake.removeReader('Fake Reader 0');
    await got.until(() => named('card:error').length > n, 'card:error');
    expect(named('card:error')[n]!.payload).to.deep.include({ readerName: 'Fake Reader 0', code: 'reader_gone' });
    const r = (await admin.get('/api/devices/readers')).body.readers.find((x: any) => x.name === 'Fake Reader 0');
    expect(r.state).to.equal('gone');
  });

  it(
    'card:read is ephemeral: event_log holds no card data, a reconnecting desk gets no replay, ' +
      'only bound browsers get it (issue 9 item 1)',
    async () => {
      const seqBefore = (
        ts.server.open.raw.prepare('SELECT coalesce(max(seq), 0) AS s FROM event_log').get() as { s: number }
      ).s;
      // claims the workstation in its handshake only
      const spoof = await connect(ts.url, admin.cookie, { workstationId: ws });
      const spoofGot = new Collector().attach(spoof);
      try {
        fake.addReader('Fake Reader 0'); // unplugged by the previous test
        fake.insert('Fake Reader 0', socialSecurityCard({ ...HOLDER, cardNumber: 'B99999999' }));
        await got.until(
          () => named('card:read').some((e) => (e.payload as any).person?.cardNumber === 'B99999999'),
          'the second card:read',
        );
        const rows = ts.server.open.raw.prepare('SELECT name, payload_json FROM event_log').all() as Array<{
          name: string;
          payload_json: string;
        }>;
        expect(rows.filter((r) => r.name === 'card:read')).to.deep.equal([]);
        for (const r of rows)
          expect(r.payload_json)
            .not.to.contain('11010519491231002X')
            .and.not.to.contain('张三丰')
            .and.not.to.contain('B99999999');
        // A desk reconnecting with since = before the read gets no replay of it.
        const again = await connect(ts.url, `${admin.cookie}; ${await workstationCookie(ts, ws)}`);
        try {
          const replay = new Collector().attach(again);
          await subscribeOk(again, [], seqBefore);
          await settle(again);
          expect(replay.received.filter((e) => e.name === 'card:read')).to.deep.equal([]);
        } finally {
          again.close();
        }
        await settle(spoof);
        expect(spoofGot.received.filter((e) => e.name.startsWith('card:'))).to.deep.equal([]);
      } finally {
        spoof.close();
      }
    },
  );
});
