// Issue 9 item 5: a lone UTF-16 surrogate in a JSON string ("\ud800") was stored as invalid
// UTF-8. The body parser refuses it with 422 naming the field — in values and in keys, at
// any depth — and nothing is written; a proper pair (a rare name character) still passes.
import { expect } from 'chai';
import { ApiClient, adminClient, startTestServer, type TestServer } from '../helpers/server.js';

describe('lone UTF-16 surrogates in JSON bodies are refused (issue 9 item 5)', () => {
  let ts: TestServer;
  let admin: ApiClient;
  const departments = () =>
    (ts.server.open.raw.prepare('SELECT count(*) AS n FROM departments').get() as { n: number }).n;
  before(async () => {
    ts = await startTestServer();
    admin = await adminClient(ts);
  });
  after(async () => ts.stop());

  it('refuses a lone high or low surrogate in a field value, naming the field', async () => {
    const before = departments();
    for (const bad of ['\\ud800', 'abc\\udfff', '\\udc00\\ud800', '科\\ud83d']) {
      const body = `{"code":"S${bad.length}","name":"${bad}","kind":"clinic"}`;
      const r = await admin.post('/api/departments', body, { 'content-type': 'application/json' });
      expect(r.status, bad).to.equal(422);
      expect(r.body.error.code).to.equal('invalid');
      expect(r.body.error.field).to.equal('name');
      expect(r.body.error.message)
        .to.match(/name/)
        .and.match(/surrogate/);
    }
    admin.lang = 'zh';
    const zh = await admin.post('/api/departments', '{"code":"S9","name":"x","kind":"clinic","location":"\\udbff"}', {
      'content-type': 'application/json',
    });
    admin.lang = 'en';
    expect(zh.status).to.equal(422);
    expect(zh.body.error.field).to.equal('location');
    expect(zh.body.error.message).to.match(/无效字符/);
    expect(departments()).to.equal(before);
  });

  it('finds it at any depth and in keys, and on the sign-in form', async () => {
    const nested = await admin.post(
      '/api/departments',
      '{"code":"S1","name":"x","kind":"clinic","extra":{"list":[1,"\\ud800"]}}',
      { 'content-type': 'application/json' },
    );
    expect(nested.status).to.equal(422);
    expect(nested.body.error.field).to.equal('extra.list.1');
    const key = await admin.post('/api/departments', '{"code":"S1","name":"x","kind":"clinic","\\ud800":1}', {
      'content-type': 'application/json',
    });
    expect(key.status).to.equal(422);
    expect(key.body.error.message).to.match(/surrogate/);
    const c = new ApiClient(ts.url);
    const signIn = await c.post('/api/auth/sign-in', '{"username":"admin\\udc00","password":"x"}', {
      'content-type': 'application/json',
    });
    expect(signIn.status).to.equal(422);
    expect(signIn.body.error.field).to.equal('username');
  });

  it('a proper surrogate pair (a rare character of a name) is kept', async () => {
    const r = await admin.post('/api/departments', { code: 'S2', name: '𠀀科', kind: 'clinic' });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    const row = ts.server.open.raw.prepare(`SELECT name FROM departments WHERE code = 'S2'`).get() as { name: string };
    expect(row.name).to.equal('𠀀科');
  });
});
