// The before/after table for the README: `npx tsx bench/compare.ts before.out after.out [other.out]`
// reads the JSON lines of `npm run bench` outputs (stdout, or stderr of a run that failed later)
// and prints one markdown row per figure — p50 / p95, the raw primitive's, the ratio and whether
// the target is met — before and after, and the ratio of another "after" run if given (noise).
// Figures are matched by name; a figure found on one side only keeps an empty other side.
import fs from 'node:fs';

interface Line {
  figure: string;
  p50: number;
  p95: number;
  raw: string | null;
  raw_p50: number | null;
  raw_p95: number | null;
  ratio: number | null;
  target: string;
  meets: boolean;
  unit: string;
}

function read(file: string): Map<string, Line> {
  const out = new Map<string, Line>();
  for (const l of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!l.startsWith('{"figure"')) continue;
    const x = JSON.parse(l) as Line;
    // The day runs each tree's own pages (reload before issue 10, delta after): one row.
    out.set(x.figure.replace(/^busy day \((reload|delta)\)/, "busy day (the tree's pages)"), x);
  }
  return out;
}

const num = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const side = (x: Line | undefined) =>
  x
    ? [
        `${num(x.p50)} / ${num(x.p95)}`,
        x.raw_p50 === null ? '–' : `${num(x.raw_p50)} / ${num(x.raw_p95 ?? 0)}`,
        x.ratio === null ? '–' : `${x.ratio.toFixed(2)}×`,
        x.meets ? 'yes' : '**no**',
      ]
    : ['–', '–', '–', '–'];

const [beforeFile, afterFile, otherFile] = process.argv.slice(2);
if (!beforeFile || !afterFile) throw new Error('usage: npx tsx bench/compare.ts <before.out> <after.out>');
const before = read(beforeFile);
const after = read(afterFile);
const other = otherFile ? read(otherFile) : null;
const names = [...new Set([...before.keys(), ...after.keys()])];
const rows = [
  '| Figure (unit) | Before p50 / p95 | Raw p50 / p95 | Ratio | Met | After p50 / p95 | Raw p50 / p95 | Ratio | Met |' +
    `${other ? ' Other after run: ratio |' : ''} Target |`,
  `|---|---:|---:|---:|---|---:|---:|---:|---|${other ? '---:|' : ''}---|`,
];
for (const n of names) {
  const b = before.get(n);
  const a = after.get(n);
  const unit = (a ?? b)!.unit;
  const target = (a ?? b)!.target.replaceAll('<=', '≤').replaceAll('>=', '≥');
  const o = other?.get(n);
  const extra = other
    ? [o ? (o.ratio === null ? `– (${num(o.p50)} / ${num(o.p95)})` : `${o.ratio.toFixed(2)}×`) : '–']
    : [];
  rows.push(`| ${n} (${unit}) | ${[...side(b), ...side(a), ...extra].join(' | ')} | ${target} |`);
}
process.stdout.write(`${rows.join('\n')}\n`);
