import { expect } from 'chai';
import { ManualClock, adminClient, startTestServer, type TestServer } from '../../../test/helpers/server.js';

// 10:00 on 2026-11-26 in Asia/Shanghai.
const NOW = Date.UTC(2026, 10, 26, 2, 0, 0);

function dueEvents(ts: TestServer): Array<{ rooms: string; payload: Record<string, unknown> }> {
  const rows = ts.server.open.raw
    .prepare(`SELECT * FROM event_log WHERE name = 'equipment:due' ORDER BY seq`)
    .all() as Array<Record<string, unknown>>;
  return rows.map((r) => ({
    rooms: String(r.rooms_json ?? r.rooms ?? ''),
    payload: JSON.parse(String(r.payload_json ?? r.payload)),
  }));
}

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 20));
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
}

describe('equipment due alert at server start', function () {
  this.timeout(30_000);
  let first: TestServer | undefined;
  let second: TestServer | undefined;
  after(async () => {
    await first?.stop();
    await second?.stop();
  });

  it(
    'writes nothing when nothing is due, and publishes equipment:due to admin after a restart ' + 'when items are due',
    async () => {
      first = await startTestServer({ clock: new ManualClock(NOW), keepData: true });
      const admin = await adminClient(first);
      const d = await admin.post('/api/departments', { code: 'FSK', name: '放射科', kind: 'lab' });
      const base = { locationId: d.body.id, maintenanceIntervalDays: 90 };
      const a = await admin.post('/api/equipment', {
        ...base,
        assetCode: 'EQ-1',
        name: '心电图机',
        nextMaintenanceDue: '2026-11-01',
      });
      const b = await admin.post('/api/equipment', {
        ...base,
        assetCode: 'EQ-2',
        name: 'B超机',
        nextCalibrationDue: '2026-12-20',
      });
      const c = await admin.post('/api/equipment', { ...base, assetCode: 'EQ-3', name: '血压计' });
      expect([a.status, b.status, c.status]).to.deep.equal([201, 201, 201]);
      expect(dueEvents(first), 'the start-up check found nothing due').to.deep.equal([]);
      const dataDir = first.dataDir;
      await first.stop();
      first = undefined;

      second = await startTestServer({ clock: new ManualClock(NOW), dataDir });
      const ts = second;
      await until(() => dueEvents(ts).length > 0, 'equipment:due');
      const [ev] = dueEvents(ts);
      expect(ev!.payload).to.deep.equal({
        today: '2026-11-26',
        until: '2026-12-26',
        due: 2,
        overdue: 1,
        ids: [a.body.id, b.body.id],
      });
      expect(ev!.rooms).to.contain('admin');
    },
  );
});
