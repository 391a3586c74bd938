// One module shape (server/modules/define.ts): every module folder has its public entry
// (index.ts) and its wiring (module.ts, named after the folder), and the registry
// (server/modules/index.ts) wires each of them once.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { MODULES } from '../../server/modules/index.js';

const DIR = path.resolve(import.meta.dirname, '../../server/modules');
// The system module's routes report on the running server: the composition root builds them.
const BUILT_BY_THE_SERVER = new Set(['system']);

describe('module shape', () => {
  const folders = fs
    .readdirSync(DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

  it('every module folder has its public entry (index.ts) and its wiring (module.ts)', () => {
    expect(folders.length).to.be.greaterThan(20);
    for (const f of folders) {
      expect(fs.existsSync(path.join(DIR, f, 'index.ts')), `${f}/index.ts`).to.equal(true);
      if (!BUILT_BY_THE_SERVER.has(f))
        expect(fs.existsSync(path.join(DIR, f, 'module.ts')), `${f}/module.ts`).to.equal(true);
    }
  });

  it('the registry wires every module once, each named after its folder', () => {
    const names = MODULES.map((m) => m.name);
    expect(new Set(names).size, 'no module twice').to.equal(names.length);
    expect([...names].sort()).to.deep.equal(folders.filter((f) => !BUILT_BY_THE_SERVER.has(f)));
  });
});
