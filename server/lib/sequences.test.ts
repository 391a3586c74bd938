import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../test/helpers/server.js';
import { nextSequence } from './sequences.js';

describe('sequences', () => {
  let ts: TestServer;
  before(async () => (ts = await startTestServer()));
  after(async () => ts.stop());

  it('counts per name inside the transaction, and a rolled-back number is given again', async () => {
    const { uow } = ts.server.modules;
    expect(await uow.write((tx) => nextSequence(tx.db, 'mrn'))).to.equal(1);
    expect(await uow.write((tx) => nextSequence(tx.db, 'mrn'))).to.equal(2);
    expect(await uow.write((tx) => nextSequence(tx.db, 'queue:2026-11-26:5'))).to.equal(1);
    await uow
      .write(async (tx) => {
        await nextSequence(tx.db, 'mrn');
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await uow.write((tx) => nextSequence(tx.db, 'mrn'))).to.equal(3);
  });
});
