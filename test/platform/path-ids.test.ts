// Issue 9 item 5: a path id is decimal digits only. `0x10`, ` 1 `, `1e3`, `+1`, `1.0` … were
// coerced to numbers and reached the handler; every templated id in the OpenAPI document must
// answer 400 naming the parameter instead.
import { expect } from 'chai';
import { type ApiClient, adminClient, startTestServer, type TestServer } from '../helpers/server.js';

const BAD = ['0x10', '%201%20', '1e3', '+1', '1.0', '-1', '0b1', '1_000', '%EF%BC%91', '99999999999999999999'];

describe('path ids accept only decimal digits (issue 9 item 5)', () => {
  let ts: TestServer;
  let admin: ApiClient;
  let doc: any;
  before(async () => {
    ts = await startTestServer();
    admin = await adminClient(ts);
    doc = (await admin.get('/api/openapi.json')).body;
  });
  after(async () => ts.stop());

  it(
    'every id path parameter of every route refuses anything but decimal digits with 400 ' + 'naming it',
    async function () {
      this.timeout(120_000);
      let checked = 0;
      for (const [p, item] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
        const ids = [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!).filter((n) => n === 'id' || /Id$/.test(n));
        for (const [method, op] of Object.entries(item)) {
          for (const name of ids) {
            // The documented schema says so too.
            const param = (op.parameters as { name: string; in: string; schema: { pattern?: string } }[]).find(
              (x) => x.in === 'path' && x.name === name,
            );
            expect(param?.schema.pattern, `${method} ${p} {${name}} pattern`).to.be.a('string');
            for (const bad of BAD) {
              const url = p.replace(`{${name}}`, bad).replace(/\{[^}]+\}/g, '1');
              const r = await admin.request(
                method.toUpperCase(),
                url,
                method === 'get' || method === 'delete' ? undefined : {},
                { 'idempotency-key': 'path-id-test-' + checked },
              );
              const where = `${method.toUpperCase()} ${url}`;
              expect(r.status, `${where}: ${JSON.stringify(r.body)}`).to.equal(400);
              expect(r.body.error.field, where).to.equal(name);
              checked++;
            }
          }
        }
      }
      expect(checked).to.be.greaterThan(BAD.length * 40);
    },
  );

  it('plain digits still work', async () => {
    const r = await admin.get('/api/users/1');
    expect(r.status).to.not.equal(400);
    const d = await admin.put('/api/departments/0000001', {});
    expect(d.status).to.equal(422); // parsed as 1: the body is what is wrong now
    expect(d.body.error.field).to.not.equal('id');
  });
});
