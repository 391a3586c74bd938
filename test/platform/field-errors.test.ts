// Field errors reach users as sentences: an empty patient name is "姓名不能为空" on the field,
// and every write route of the OpenAPI document, given bad bodies, answers with messages
// that carry none of zod's jargon, in Chinese and in English.
import { expect } from 'chai';
import { PERMISSION_CODES } from '../../server/modules/auth/permissions.js';
import { ApiClient, adminClient, startTestServer, type TestServer } from '../helpers/server.js';
import { makeUser } from '../realtime/socket-helpers.js';

const JARGON = /期望|expected|\bstring\b|>=|<=|Invalid|无效|undefined|NaN|\binput\b/;

/** A wrong value for each JSON-schema type (so that every field's own check speaks). */
function wrongFor(s: any): unknown[] {
  const type = Array.isArray(s?.type) ? s.type[0] : s?.type;
  if (type === 'string') return [12345, '', 'x'.repeat(5000)];
  if (type === 'integer' || type === 'number') return ['x', -1, 1.5, 1e12];
  if (type === 'boolean') return ['yes'];
  if (type === 'array') return ['x', [], [{}], [123]];
  if (type === 'object') return ['x', {}];
  if (s?.enum) return ['__nope__'];
  return [null, 'x'];
}

describe('field errors: sentences naming the field, never zod jargon', () => {
  let ts: TestServer;
  let admin: ApiClient;
  let all: ApiClient;
  let doc: any;
  before(async () => {
    ts = await startTestServer();
    admin = await adminClient(ts);
    // A user holding every permission, so that each route gets as far as its body.
    const role = await admin.post('/api/roles', {
      code: 'everything',
      nameZh: '全部权限',
      nameEn: 'Everything',
      permissions: [...PERMISSION_CODES],
    });
    expect(role.status, JSON.stringify(role.body)).to.be.oneOf([200, 201]);
    all = (await makeUser(ts, ['everything'])).client;
    doc = (await new ApiClient(ts.url).get('/api/openapi.json')).body;
  });
  after(async () => ts.stop());

  it(
    'POST /api/patients with an empty name: 422 "姓名不能为空" on the field name (and "Name ' + 'cannot be empty")',
    async () => {
      const body = { name: '', sex: 'M', birthDate: '1980-01-02' };
      all.lang = 'zh';
      const zh = await all.post('/api/patients', body, { 'idempotency-key': 'field-errors-1' });
      expect(zh.status).to.equal(422);
      expect(zh.body.error.field).to.equal('name');
      expect(zh.body.error.message).to.equal('姓名不能为空');
      all.lang = 'en';
      const en = await all.post('/api/patients', body, { 'idempotency-key': 'field-errors-2' });
      expect(en.body.error.message).to.equal('Name cannot be empty');
      const missing = await all.post(
        '/api/patients',
        { sex: 'M', birthDate: '1980-01-02' },
        { 'idempotency-key': 'field-errors-3' },
      );
      expect(missing.body.error.message).to.equal('Name is required');
    },
  );

  it(
    'a pharmacy return line above what may be returned names the line in a sentence, no English ' +
      'fragment in Chinese',
    async () => {
      all.lang = 'zh';
      const r = await all.post(
        '/api/pharmacy/orders/1/return',
        { lines: [{ orderLineId: 1, quantity: 0 }], reason: '' },
        { 'idempotency-key': 'field-errors-4' },
      );
      expect(r.status).to.equal(422);
      expect(r.body.error.field).to.equal('lines.0.quantity');
      expect(r.body.error.message).to.equal('第 1 行的退药数量必须是 1 到 1000000 之间的整数');
      const messages = (r.body.error.details.issues as Array<{ message: string }>).map((i) => i.message);
      expect(messages).to.include('退药原因不能为空');
      for (const m of messages) expect(m).to.not.match(/[a-z]{3,}/i);
    },
  );

  it(
    'every write route of the OpenAPI document, given bad bodies, answers in sentences ' + 'without zod jargon',
    async function () {
      this.timeout(240_000);
      let checked = 0;
      const bad: string[] = [];
      for (const [p, item] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
        for (const [method, op] of Object.entries(item)) {
          if (!['post', 'put', 'patch', 'delete'].includes(method)) continue;
          const schema = op.requestBody?.content?.['application/json']?.schema;
          if (!schema) continue;
          const url = p.replace(/\{[^}]+\}/g, '1');
          const props: Record<string, any> = schema.properties ?? {};
          const bodies: unknown[] = [{}, [], 'x', { zzUnknownField: 1 }];
          for (const [k, s] of Object.entries(props)) for (const w of wrongFor(s)) bodies.push({ [k]: w });
          // Every property wrong at once: the details list every field's sentence.
          bodies.push(Object.fromEntries(Object.entries(props).map(([k, s]) => [k, wrongFor(s)[0]])));
          for (const body of bodies) {
            for (const lang of ['zh', 'en'] as const) {
              all.lang = lang;
              const r = await all.request(method.toUpperCase(), url, body, {
                'idempotency-key': `fe-${checked}-${lang}-${Math.random().toString(36).slice(2)}`,
              });
              if (r.status !== 422 && r.status !== 400) continue; // a route may refuse for another reason first
              if (r.body?.error?.code !== 'invalid') continue;
              checked++;
              const messages = [
                r.body.error.message as string,
                ...((r.body.error.details?.issues ?? []) as Array<{ message: string }>).map((i) => i.message),
              ];
              for (const m of messages) {
                const where = `${method.toUpperCase()} ${p} ${JSON.stringify(body).slice(0, 80)} [${lang}]: ${m}`;
                if (JARGON.test(m)) bad.push(where);
                if (lang === 'zh' && !/[\u4e00-\u9fff]/.test(m)) bad.push(where + ' (not Chinese)');
                if (lang === 'en' && /[\u4e00-\u9fff]/.test(m)) bad.push(where + ' (Chinese in English)');
              }
            }
          }
        }
      }
      expect(checked).to.be.greaterThan(300);
      expect(bad, bad.slice(0, 30).join('\n')).to.deep.equal([]);
    },
  );
});
