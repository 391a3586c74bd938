// The import rules (.dependency-cruiser.cjs, run by `npm run lint:deps` in `npm test`): each
// rule fires on a small tree of deliberate violations, the allowed imports beside them pass,
// and the real tree has no violation.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');
const DEPCRUISE = path.join(ROOT, 'node_modules/.bin/depcruise');

interface Violation {
  rule: string;
  from: string;
  to: string;
  /** The modules on the cycle (no-circular only). */
  cycle: string[];
}

async function cruise(cwd: string, dirs: string[]): Promise<Violation[]> {
  const args = [...dirs, '--config', CONFIG, '--output-type', 'json'];
  // depcruise exits non-zero when it finds violations; its JSON answer is on stdout either way.
  const out = await run(DEPCRUISE, args, { cwd, maxBuffer: 64 * 1024 * 1024 }).catch(
    (e: { stdout?: string; stderr?: string }) => {
      if (!e.stdout) throw new Error(`depcruise failed: ${e.stderr ?? e}`);
      return { stdout: e.stdout };
    },
  );
  const result = JSON.parse(out.stdout) as {
    summary: {
      violations: Array<{ rule: { name: string }; from: string; to: string; cycle?: Array<{ name: string } | string> }>;
    };
  };
  return result.summary.violations.map((v) => ({
    rule: v.rule.name,
    from: v.from,
    to: v.to,
    cycle: (v.cycle ?? []).map((c) => (typeof c === 'string' ? c : c.name)),
  }));
}

// file -> source. Each line marked "// ✗ rule" must be reported under that rule; the others not.
const FIXTURE: Record<string, string> = {
  'tsconfig.json': JSON.stringify({
    compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true },
  }),
  'package.json': JSON.stringify({ type: 'module' }),
  'core/money.ts': `import { helper } from '../server/lib/helper.js'; // ✗ core-imports-only-core
export const yuan = helper;`,
  'core/files.ts': `import fs from 'node:fs'; // ✗ core-imports-only-core
export const read = fs.readFileSync;`,
  'core/calendar.ts': `import { yuan } from './money.js';
export const day = yuan;`,
  'db/connection.ts': `import { reader } from '../devices/reader.js'; // ✗ db-below-devices-and-server
import { day } from '../core/calendar.js';
export const db = [reader, day];`,
  'devices/reader.ts': `import { helper } from '../server/lib/helper.js'; // ✗ devices-below-server
export const reader = helper;`,
  'server/lib/helper.ts': `import { seed } from '../../demo/seed.js'; // ✗ server-below-demo
export const helper = seed;`,
  'demo/seed.ts': `import { fixture } from '../test/fixture.js'; // ✗ demo-not-tests
import { make } from '../server/modules/a/index.js';
import a from '../server/modules/a/module.js';
export const seed = [fixture, make, a];`,
  'test/fixture.ts': `import { rows } from '../server/modules/a/repo.js';
export const fixture = rows;`,
  'client/src/page.ts': `import { rows } from '../../server/modules/a/repo.js'; // ✗ client-only-core-and-schema-types
import type { AView } from '../../server/modules/a/schema.js';
import { yuan } from '../../core/money.js';
export const page = [rows, yuan] as unknown as AView;`,
  'client/src/form.ts': `import { AView } from '../../server/modules/a/schema.js'; // ✗ client-schema-type-only
export const form = AView;`,
  'server/modules/a/repo.ts': 'export const rows = [1];',
  'server/modules/a/service.ts': `import { rows } from './repo.js';
export const make = () => rows;`,
  'server/modules/a/schema.ts': 'export const AView = {};\nexport type AView = { id: number };',
  'server/modules/a/index.ts': `export { make } from './service.js';`,
  'server/modules/a/module.ts': `import { make } from './service.js';
export default { name: 'a', routes: make };`,
  'server/modules/b/service.ts': `import { rows } from '../a/repo.js'; // ✗ module-public-entry-only
import { make } from '../a/index.js';
import type { AView } from '../a/schema.js';
export const b = [rows, make] as unknown as AView;`,
  'server/modules/index.ts': `import a from './a/module.js';
import { rows } from './a/repo.js'; // ✗ registry-imports-module-definitions
export const all = [a, rows];`,
  'server/http/app.ts': `import { make } from '../modules/a/service.js'; // ✗ outside-reaches-public-entry-only
import { make as made } from '../modules/a/index.js';
export const app = [make, made];`,
  'server/lib/wiring.ts': `import a from '../modules/a/module.js'; // ✗ module-definition-imported-by-the-composition
export const wiring = a;`,
  'server/lib/ping.ts': `import { pong } from './pong.js'; // ✗ no-circular
export const ping = () => pong;`,
  'server/lib/pong.ts': `import { ping } from './ping.js'; // ✗ no-circular
export const pong = () => ping;`,
  'server/lib/lazy-a.ts': `import { b } from './lazy-b.js'; // ✗ no-circular
export const a = () => b;`,
  'server/lib/lazy-b.ts': `export const b = () => import('./lazy-a.js'); // ✗ no-circular`,
  'server/lib/type-a.ts': `import type { B } from './type-b.js';
export type A = { b?: B };
export const typeA = 1;`,
  'server/lib/type-b.ts': `import type { A } from './type-a.js';
export type B = { a?: A };`,
  'server/lib/lost.ts': `import { nothing } from './missing.js'; // ✗ not-to-unresolvable
export const lost = nothing;`,
  'simulator/insurer/server.ts': `import { db } from '../../db/connection.js'; // ✗ simulator-stands-alone
import { yuan } from '../../core/money.js';
export const sim = [db, yuan];`,
  'server/lib/gateway.ts': `// ✗ nothing-below-demo-imports-the-simulator (next line)
import { sim } from '../../simulator/insurer/server.js';
export const gateway = sim;`,
  'demo/insurer.ts': `import { sim } from '../simulator/insurer/server.js';
export const insurer = sim;`,
};

function expected(): Array<{ rule: string; from: string }> {
  const out: Array<{ rule: string; from: string }> = [];
  for (const [file, src] of Object.entries(FIXTURE))
    for (const m of src.matchAll(/\/\/ ✗ ([a-z-]+)/g)) out.push({ rule: m[1]!, from: file });
  return out;
}

const key = (v: { rule: string; from: string }) => `${v.rule}  ${v.from}`;

describe('import rules (dependency-cruiser)', function () {
  this.timeout(180_000);
  let dir: string;

  before(() => {
    fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
    dir = fs.mkdtempSync(path.join(ROOT, '.tmp', 'import-rules-'));
    for (const [file, src] of Object.entries(FIXTURE)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), src + '\n');
    }
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('fires every rule on its deliberate violation, and on nothing else', async () => {
    const found = await cruise(dir, ['core', 'db', 'devices', 'server', 'simulator', 'client', 'demo', 'test']);
    // A cycle is reported from one of its modules: count it for every module on it.
    const got = [
      ...new Set(found.flatMap((v) => [v, ...v.cycle.map((from) => ({ rule: v.rule, from }))]).map(key)),
    ].sort();
    expect(got).to.deep.equal([...new Set(expected().map(key))].sort());
    const rules = new Set(found.map((v) => v.rule));
    const config = (await import(CONFIG)).default as { forbidden: Array<{ name: string }> };
    expect([...rules].sort(), 'every rule of the configuration is shown to fire').to.deep.equal(
      config.forbidden.map((r) => r.name).sort(),
    );
  });

  it('finds no violation in the real tree', async () => {
    const found = await cruise(ROOT, [
      'core',
      'db',
      'devices',
      'server',
      'simulator',
      'client/src',
      'client/display',
      'demo',
    ]);
    expect(found.map((v) => `${v.rule}: ${v.from} -> ${v.to}`)).to.deep.equal([]);
  });
});
