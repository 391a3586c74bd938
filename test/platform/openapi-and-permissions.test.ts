// /api/openapi.json documents every registered route with its permission, and the
// document is used to prove the guards: every non-public route refuses an anonymous
// caller with 401, every permission route refuses a user lacking it with 403 naming it.
// The audit table refuses UPDATE and DELETE at the database level.
import { expect } from 'chai';
import { PERMISSION_CODES } from '../../server/modules/auth/permissions.js';
import { moduleRoutes } from '../../server/modules/index.js';
import { openApiDocument } from '../../server/http/openapi.js';
import { route } from '../../server/http/route.js';
import { ApiClient, adminClient, startTestServer, type TestServer } from '../helpers/server.js';
import { makeUser } from '../realtime/socket-helpers.js';

interface Op {
  method: string;
  path: string;
  permission: string;
  doc: Record<string, any>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function operations(doc: any): Op[] {
  const ops: Op[] = [];
  for (const [p, item] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
    for (const [m, op] of Object.entries(item)) {
      if (METHODS.includes(m)) ops.push({ method: m, path: p, permission: op['x-permission'], doc: op });
    }
  }
  return ops;
}

/** Operations whose 200 answer has no schema (`response:` missing on the route). */
function withoutResponse(ops: Op[]): string[] {
  return ops
    .filter((op) => {
      const content = op.doc.responses?.['200']?.content as Record<string, { schema?: object }> | undefined;
      return !content || Object.values(content).every((c) => !c.schema || Object.keys(c.schema).length === 0);
    })
    .map((op) => `${op.method.toUpperCase()} ${op.path}`);
}

/** A concrete URL for a templated path: every {param} becomes 1. */
const concrete = (p: string) => p.replace(/\{[^}]+\}/g, '1');

function resolveRef(doc: any, ref: string): unknown {
  expect(ref, ref).to.match(/^#\//);
  let node = doc;
  for (const part of ref.slice(2).split('/')) {
    node = node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    expect(node, `$ref ${ref} resolves`).to.not.equal(undefined);
  }
  return node;
}

function walkRefs(doc: any, node: unknown): void {
  if (Array.isArray(node)) for (const n of node) walkRefs(doc, n);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') resolveRef(doc, v);
      else walkRefs(doc, v);
    }
  }
}

describe('OpenAPI document and route guards', () => {
  let ts: TestServer;
  let admin: ApiClient;
  let doc: any;
  let ops: Op[];
  before(async () => {
    ts = await startTestServer();
    admin = await adminClient(ts);
    const r = await new ApiClient(ts.url).get('/api/openapi.json');
    expect(r.status).to.equal(200);
    doc = r.body;
    ops = operations(doc);
  });
  after(async () => ts.stop());

  it('is a structurally valid OpenAPI 3.1 document', () => {
    expect(doc.openapi).to.match(/^3\.1\.\d+$/);
    expect(doc.info.title).to.be.a('string').and.not.empty;
    expect(doc.info.version).to.be.a('string').and.not.empty;
    expect(doc.components.securitySchemes.session).to.deep.include({
      type: 'apiKey',
      in: 'cookie',
      name: 'jiceng_sid',
    });
    const ids = new Set<string>();
    for (const op of ops) {
      const where = `${op.method.toUpperCase()} ${op.path}`;
      expect(op.path, where).to.match(/^\/api\//);
      expect(op.doc.operationId, where).to.be.a('string').and.not.empty;
      expect(ids.has(op.doc.operationId), `operationId ${op.doc.operationId} is unique`).to.equal(false);
      ids.add(op.doc.operationId);
      expect(op.doc.summary, where).to.be.a('string').and.not.empty;
      expect(op.doc.responses, where).to.be.an('object');
      expect(Object.keys(op.doc.responses).length, where).to.be.greaterThan(0);
      for (const [code, res] of Object.entries(op.doc.responses as Record<string, any>)) {
        expect(code, where).to.match(/^([1-5](\d\d|XX)|default)$/);
        expect(res.description, `${where} ${code}`).to.be.a('string');
      }
      const params = (op.doc.parameters ?? []) as Array<{
        name: string;
        in: string;
        required?: boolean;
        schema?: unknown;
      }>;
      const seen = new Set<string>();
      for (const p of params) {
        expect(['path', 'query', 'header', 'cookie'], where).to.include(p.in);
        expect(p.name, where).to.be.a('string').and.not.empty;
        expect(seen.has(`${p.in}:${p.name}`), `${where} duplicate parameter ${p.name}`).to.equal(false);
        seen.add(`${p.in}:${p.name}`);
        expect(p.schema, `${where} ${p.name} has a schema`).to.be.an('object');
        if (p.in === 'path') expect(p.required, `${where} path parameter ${p.name} is required`).to.equal(true);
      }
      const templated = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!).sort();
      const pathParams = params
        .filter((p) => p.in === 'path')
        .map((p) => p.name)
        .sort();
      expect(pathParams, `${where} declares exactly its path parameters`).to.deep.equal(templated);
      if (op.doc.requestBody)
        for (const c of Object.values(op.doc.requestBody.content) as Array<{ schema: unknown }>)
          expect(c.schema, where).to.be.an('object'); // JSON, or a raw text body (CSV import)
      if (op.permission !== 'public') expect(op.doc.security, where).to.deep.equal([{ session: [] }]);
      for (const s of op.doc.security ?? [])
        for (const name of Object.keys(s)) expect(doc.components.securitySchemes).to.have.property(name);
    }
    walkRefs(doc, doc);
  });

  it('every route declares its response schema (issue 10 item 2: the client takes its types from them)', () => {
    expect(withoutResponse(ops), 'routes without a response schema (add `response:` to the route)').to.deep.equal([]);
    // The check sees a route that declares none (a deliberate violation).
    const bare = route({
      method: 'get',
      path: '/bare',
      tag: 't',
      summary: 's',
      auth: 'public',
      handler: async () => 1,
    });
    expect(withoutResponse(operations(openApiDocument([bare], { version: '0' })))).to.deep.equal(['GET /api/bare']);
  });

  it('documents every registered route with a known x-permission', () => {
    const registered = [
      ...moduleRoutes(ts.server.modules).map((r) => `${r.method} /api${r.path.replace(/:([A-Za-z_]+)/g, '{$1}')}`),
      'get /api/health',
      'get /api/openapi.json',
    ].sort();
    const documented = ops.map((o) => `${o.method} ${o.path}`).sort();
    expect(documented).to.deep.equal(registered);
    for (const op of ops) {
      const ok = op.permission === 'public' || op.permission === 'signed-in' || PERMISSION_CODES.has(op.permission);
      expect(ok, `${op.method} ${op.path} x-permission ${op.permission}`).to.equal(true);
    }
    // The foundation's own routes are there with the expected guards.
    const perm = (m: string, p: string) => ops.find((o) => o.method === m && o.path === p)?.permission;
    expect(perm('post', '/api/auth/sign-in')).to.equal('public');
    expect(perm('get', '/api/auth/me')).to.equal('signed-in');
    expect(perm('get', '/api/audit')).to.equal('audit.read');
    expect(perm('get', '/api/health')).to.equal('public');
  });

  it('every non-public route refuses an anonymous caller with 401 not_signed_in', async () => {
    const guarded = ops.filter((o) => o.permission !== 'public');
    expect(guarded.length).to.be.greaterThan(3);
    const anon = new ApiClient(ts.url);
    for (const op of guarded) {
      const hasBody = ['post', 'put', 'patch'].includes(op.method);
      const r = await anon.request(op.method.toUpperCase(), concrete(op.path), hasBody ? {} : undefined);
      expect(r.status, `${op.method} ${op.path}`).to.equal(401);
      expect(r.body.error.code).to.equal('not_signed_in');
    }
    // A forged cookie is anonymous too.
    const forged = new ApiClient(ts.url);
    forged.cookie = 'jiceng_sid=' + 'B'.repeat(43);
    for (const op of guarded.filter((o) => o.method === 'get')) {
      expect((await forged.get(concrete(op.path))).status, op.path).to.equal(401);
    }
  });

  it('public routes answer without a session (they exist and are not guarded)', async () => {
    const anon = new ApiClient(ts.url);
    for (const op of ops.filter((o) => o.permission === 'public' && o.method === 'get')) {
      const r = await anon.get(concrete(op.path));
      // The waiting-room TV's routes need no session but its display token (x-display-token).
      if (op.path.startsWith('/api/display/')) {
        expect(r.status, op.path).to.equal(401);
        expect(r.body.error.code, op.path).to.equal('bad_display_token');
        continue;
      }
      expect(r.status, op.path).to.equal(200);
    }
  });

  it('every permission route refuses a user lacking the permission with 403 naming it', async () => {
    const role = await admin.post('/api/roles', {
      code: 'no-perms',
      nameZh: '无权限',
      nameEn: 'No permissions',
      permissions: [],
    });
    expect(role.status, JSON.stringify(role.body)).to.equal(201);
    const nobody = await makeUser(ts, ['no-perms']);
    const guarded = ops.filter((o) => o.permission !== 'public' && o.permission !== 'signed-in');
    expect(guarded.length).to.be.greaterThan(0);
    for (const op of guarded) {
      const hasBody = ['post', 'put', 'patch'].includes(op.method);
      for (const lang of ['en', 'zh'] as const) {
        nobody.client.lang = lang;
        const r = await nobody.client.request(op.method.toUpperCase(), concrete(op.path), hasBody ? {} : undefined);
        const where = `${op.method} ${op.path} (${lang})`;
        expect(r.status, where).to.equal(403);
        expect(r.body.error.code, where).to.equal('forbidden');
        expect(r.body.error.details?.permission, where).to.equal(op.permission);
        expect(r.body.error.message, where).to.contain(op.permission);
        if (lang === 'zh') expect(r.body.error.message).to.match(/[\u4e00-\u9fff]/);
      }
    }
    // The same user passes the signed-in reads (so the 403s are about the permission).
    nobody.client.lang = 'en';
    for (const op of ops.filter((o) => o.permission === 'signed-in' && o.method === 'get' && !o.path.includes('{'))) {
      const r = await nobody.client.get(op.path);
      expect(r.status, op.path).to.equal(200);
    }
    // And the administrator, who has them, is not refused on the foundation's audit route.
    expect((await admin.get('/api/audit')).status).to.equal(200);
  });
});

describe('audit_log is append-only in the database', () => {
  let ts: TestServer;
  before(async () => {
    ts = await startTestServer();
    await adminClient(ts); // some audit rows: sign-in, password change
  });
  after(async () => ts.stop());

  it('refuses UPDATE and DELETE through raw SQL, keeps the rows, still accepts INSERT', () => {
    const raw = ts.server.open.raw;
    const rows = () => raw.prepare('SELECT id, action, username, summary_json FROM audit_log ORDER BY id').all();
    const before = rows();
    expect(before.length).to.be.greaterThan(1);
    const attempts = [
      "UPDATE audit_log SET action = 'tampered'",
      'UPDATE audit_log SET username = NULL WHERE id = 1',
      'DELETE FROM audit_log',
      'DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)',
      "INSERT INTO audit_log (id, at, action, outcome) VALUES (1, 0, 'upserted', 'ok') ON CONFLICT(id) DO " +
        'UPDATE SET action = excluded.action',
      "INSERT OR REPLACE INTO audit_log (id, at, action, outcome) VALUES (1, 0, 'replaced', 'ok')",
      "REPLACE INTO audit_log (id, at, action, outcome) VALUES (1, 0, 'replaced', 'ok')",
    ];
    for (const sqlText of attempts) {
      expect(() => raw.prepare(sqlText).run(), sqlText).to.throw(/append-only/);
    }
    expect(() => raw.transaction(() => raw.prepare('DELETE FROM audit_log').run())(), 'inside a transaction').to.throw(
      /append-only/,
    );
    expect(rows()).to.deep.equal(before);
    const ins = raw
      .prepare("INSERT INTO audit_log (at, action, outcome) VALUES (?, 'test.append', 'ok')")
      .run(Date.now());
    expect(ins.changes).to.equal(1);
    expect(rows()).to.have.length(before.length + 1);
  });
});
