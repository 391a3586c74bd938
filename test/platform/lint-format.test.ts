// Issue 10 item 7: one linter and formatter (Biome, biome.json) for the whole repository, run by
// `npm run lint` in `npm test`. These tests show that the same configuration fails on a deliberate
// violation — a misformatted file and a lint error — and that the real tree is clean.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIOME = path.join(ROOT, 'node_modules/.bin/biome');

/** Runs `biome ci` over the given files in a scratch folder holding the project's biome.json. */
function ciOn(files: Record<string, string>): { status: number | null; out: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'jiceng-lint-'));
  try {
    const conf = JSON.parse(readFileSync(path.join(ROOT, 'biome.json'), 'utf8')) as Record<string, unknown>;
    conf.vcs = { enabled: false }; // the scratch folder is not a git checkout
    conf.$schema = undefined;
    writeFileSync(path.join(dir, 'biome.json'), JSON.stringify(conf));
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    const r = spawnSync(BIOME, ['ci', '--colors=off', ...Object.keys(files)], { cwd: dir, encoding: 'utf8' });
    return { status: r.status, out: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('lint and format (Biome)', function () {
  this.timeout(60_000);

  it('passes a file written as the formatter writes it', () => {
    const r = ciOn({ 'ok.ts': "export const a = { b: 1, c: 'x' };\n" });
    expect(r.status, r.out).to.equal(0);
  });

  it('fails on a deliberate formatting violation (double quotes, no spaces)', () => {
    const r = ciOn({ 'bad-format.ts': 'export const a = {b:1, c:"x"}\n' });
    expect(r.status).to.not.equal(0);
    expect(r.out).to.match(/bad-format\.ts/);
  });

  it('fails on a deliberate lint violation (a debugger statement)', () => {
    const r = ciOn({ 'bad-lint.ts': 'export function f(): number {\n  debugger;\n  return 1;\n}\n' });
    expect(r.status).to.not.equal(0);
    expect(r.out).to.match(/noDebugger/);
  });

  it('the repository is formatted and lint-clean (biome ci)', () => {
    const r = spawnSync(BIOME, ['ci', '--colors=off', '.'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, `${r.stdout}${r.stderr}`.slice(-4000)).to.equal(0);
  });
});
