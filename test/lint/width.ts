// The formatter's line width (biome.json: formatter.lineWidth), measured as Biome measures it:
// East Asian wide characters (汉字, full-width punctuation) take two columns. Biome never breaks a
// long string, comment or template text, so this check covers what the formatter cannot.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

export function lineWidthSetting(): number {
  const conf = JSON.parse(readFileSync(path.join(ROOT, 'biome.json'), 'utf8')) as {
    formatter?: { lineWidth?: number };
  };
  return conf.formatter?.lineWidth ?? 80;
}

function isWide(cp: number): boolean {
  return (
    cp >= 0x1100 &&
    (cp <= 0x115f ||
      (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe6f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      (cp >= 0x1f300 && cp <= 0x1f64f) ||
      (cp >= 0x20000 && cp <= 0x3fffd))
  );
}

/** Display columns of one line (tabs count as the indent width, 2). */
export function columns(line: string): number {
  let w = 0;
  for (const ch of line) w += ch === '\t' ? 2 : isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
  return w;
}

export interface LongLine {
  file: string;
  line: number;
  columns: number;
}

/** The lines of `text` wider than `width`. */
export function longLines(file: string, text: string, width: number): LongLine[] {
  const out: LongLine[] = [];
  text.split('\n').forEach((l, i) => {
    const c = columns(l);
    if (c > width) out.push({ file, line: i + 1, columns: c });
  });
  return out;
}

/** Every source file the formatter formats (the same globs as biome.json: code, not data or docs). */
export function sourceFiles(): string[] {
  const out = execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.mjs', '*.cjs', '*.js'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  return (
    out
      .split('\n')
      // Migrations are frozen: their text is what ran on every center's database; never edited.
      .filter((f) => f && !f.startsWith('client/public/') && !f.startsWith('db/migrations/'))
      .filter((f) => {
        try {
          readFileSync(path.join(ROOT, f));
          return true;
        } catch {
          return false; // deleted in the working tree
        }
      })
  );
}

export function treeLongLines(width = lineWidthSetting()): LongLine[] {
  return sourceFiles().flatMap((f) => longLines(f, readFileSync(path.join(ROOT, f), 'utf8'), width));
}
