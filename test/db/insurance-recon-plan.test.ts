// The reconciliation's reads of insurance_settlements pick a period by range on indexes
// (migration 2026-12-09-210-insurance-recon-indexes), not by reading every settlement ever made:
// the statements the recon repo really runs are captured and EXPLAIN QUERY PLAN'd on a migrated
// database.
import { expect } from 'chai';
import { openDatabase, type OpenDb } from '../../db/connection.js';
import { migrate } from '../../db/migrate.js';
import {
  groupsSeen,
  settlementFacts,
  settlementsBySetlIds,
  type Period,
} from '../../server/modules/insurance-recon/repo.js';

describe('insurance reconciliation: query plans (issue 11 item 6)', () => {
  let open: OpenDb;
  const ran: Array<{ sql: string; args: unknown[] }> = [];

  before(async () => {
    open = openDatabase(':memory:');
    await migrate(open);
    const raw = open.raw;
    const prepare = raw.prepare.bind(raw);
    // Record what the repo runs (the statement cache prepares through raw.prepare).
    (raw as { prepare: unknown }).prepare = (sql: string) => {
      const stmt = prepare(sql);
      if (!/insurance_settlements/.test(sql)) return stmt;
      return new Proxy(stmt, {
        get(target, key, receiver) {
          const v = Reflect.get(target, key, receiver);
          if (typeof v !== 'function' || !['all', 'get', 'iterate', 'run'].includes(String(key)))
            return typeof v === 'function' ? v.bind(target) : v;
          return (...args: unknown[]) => {
            ran.push({ sql, args });
            return v.apply(target, args);
          };
        },
      });
    };
  });

  after(async () => {
    await open.close();
  });

  const plan = (sql: string, args: unknown[]) =>
    (open.raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(args as never[])) as Array<{ detail: string }>)
      .map((r) => r.detail)
      .join('\n');

  const period: Period = {
    from: '2026-12-01',
    to: '2026-12-31',
    startMs: Date.parse('2026-11-30T16:00:00Z'),
    endMs: Date.parse('2026-12-31T16:00:00Z'),
    dayOf: (at) => new Date(at + 8 * 3600_000).toISOString().slice(0, 10),
  };

  it('settlementFacts reads the period through the setl_time, cancel_time and cancelled_at indexes', async () => {
    ran.length = 0;
    await settlementFacts(open.db, period);
    const q = ran.find((r) => /from "insurance_settlements"/i.test(r.sql));
    expect(q, 'the facts query ran').to.not.equal(undefined);
    const p = plan(q!.sql, q!.args);
    expect(p).to.not.match(/SCAN s\b/);
    expect(p).to.contain('MULTI-INDEX OR');
    expect(p).to.contain('insurance_settlements_setl_time');
    expect(p).to.contain('insurance_settlements_cancel_time');
    expect(p).to.contain('insurance_settlements_cancelled_at');
  });

  it('groupsSeen reads the period through the setl_time and cancel_time indexes', async () => {
    ran.length = 0;
    await groupsSeen(open.db, period);
    const q = ran.find((r) => /from "insurance_settlements"/i.test(r.sql));
    expect(q, 'the groups query ran').to.not.equal(undefined);
    const p = plan(q!.sql, q!.args);
    expect(p).to.not.match(/SCAN insurance_settlements\b/);
    expect(p).to.contain('insurance_settlements_setl_time');
    expect(p).to.contain('insurance_settlements_cancel_time');
  });

  it('对明细账 finds settlements by setl_id or cancel_setl_id through their indexes', async () => {
    ran.length = 0;
    await settlementsBySetlIds(open.db, ['S1', 'S2']);
    const q = ran.find((r) => /from "insurance_settlements"/i.test(r.sql));
    const p = plan(q!.sql, q!.args);
    expect(p).to.not.match(/SCAN insurance_settlements\b/);
    expect(p).to.contain('insurance_settlements_setl');
    expect(p).to.contain('insurance_settlements_cancel_setl');
  });
});
