// Percentiles, the printed table and the one-JSON-line-per-figure output of the benchmark.

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles of samples in milliseconds. */
export function summarize(samples: number[]): Summary {
  if (samples.length === 0) throw new Error('no samples');
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
  return { n: s.length, p50: at(50), p95: at(95), p99: at(99), max: s[s.length - 1]! };
}

export interface Target {
  /** Which percentile the absolute limit applies to, if any. */
  percentile?: 'p50' | 'p95' | 'p99';
  limit?: number;
  /** The ratio limit (figure / raw at ratioPercentile, p50 by default), if any. */
  maxRatio?: number;
  /** The lowest ratio allowed (for rates, where more is better), if any. */
  minRatio?: number;
  /** Which percentile the ratio compares (default p50). */
  ratioPercentile?: 'p50' | 'p95';
}

export interface Figure {
  figure: string;
  unit: 'ms' | 'MB' | '/s';
  value: Summary;
  raw?: Summary | undefined;
  rawLabel?: string | undefined;
  target: Target;
  note?: string | undefined;
  /** A further condition of the target that the numbers do not show (e.g. the day ran to its end). */
  meetsAlso?: boolean | undefined;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export function ratioOf(f: Figure): number | null {
  const p = f.target.ratioPercentile ?? 'p50';
  return f.raw ? round(f.value[p] / f.raw[p]) : null;
}

export function targetText(t: Target, unit: string): string {
  const parts: string[] = [];
  if (t.percentile && t.limit !== undefined) parts.push(`${t.percentile} <= ${t.limit} ${unit}`);
  const rp = t.ratioPercentile && t.ratioPercentile !== 'p50' ? ` (${t.ratioPercentile})` : '';
  if (t.maxRatio !== undefined) parts.push(`ratio${rp} <= ${t.maxRatio}`);
  if (t.minRatio !== undefined) parts.push(`ratio >= ${t.minRatio}`);
  return parts.join(', ') || '-';
}

export function meets(f: Figure): boolean {
  const t = f.target;
  if (t.percentile && t.limit !== undefined && f.value[t.percentile] > t.limit) return false;
  const r = ratioOf(f);
  if (t.maxRatio !== undefined && r !== null && r > t.maxRatio) return false;
  if (t.minRatio !== undefined && r !== null && r < t.minRatio) return false;
  return f.meetsAlso ?? true;
}

export function jsonLine(f: Figure): string {
  return JSON.stringify({
    figure: f.figure,
    p50: round(f.value.p50),
    p95: round(f.value.p95),
    p99: round(f.value.p99),
    n: f.value.n,
    raw: f.rawLabel ?? null,
    raw_p50: f.raw ? round(f.raw.p50) : null,
    raw_p95: f.raw ? round(f.raw.p95) : null,
    raw_p99: f.raw ? round(f.raw.p99) : null,
    ratio: ratioOf(f),
    target: targetText(f.target, f.unit),
    meets: meets(f),
    unit: f.unit,
  });
}

export function table(figs: Figure[]): string {
  const head = ['figure', 'p50', 'p95', 'p99', 'raw primitive', 'raw p50', 'raw p95', 'ratio', 'target', 'ok'];
  const rows = figs.map((f) => [
    f.figure,
    fmt(f.value.p50),
    fmt(f.value.p95),
    fmt(f.value.p99),
    f.rawLabel ?? '-',
    f.raw ? fmt(f.raw.p50) : '-',
    f.raw ? fmt(f.raw.p95) : '-',
    ratioOf(f) === null ? '-' : `${ratioOf(f)!.toFixed(2)}x`,
    targetText(f.target, f.unit),
    meets(f) ? 'yes' : 'NO',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function fmt(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(3);
}

/**
 * Measures a Jiceng figure and its raw primitive alike: `warmup` calls of each (indices
 * 0 … warmup−1), then `n` calls of each (indices warmup … warmup+n−1) alternating in ten
 * rounds, so background load on a shared machine hits both sides the same way.
 */
export async function alternate(
  jiceng: (i: number) => Promise<number>,
  raw: (i: number) => Promise<number>,
  n: number,
  warmup = 20,
): Promise<{ a: number[]; b: number[] }> {
  for (let i = 0; i < warmup; i++) {
    await jiceng(i);
    await raw(i);
  }
  const a: number[] = [];
  const b: number[] = [];
  const end = warmup + n;
  const per = Math.max(1, Math.ceil(n / 10));
  for (let i = warmup; i < end; i += per) {
    for (let k = i; k < Math.min(i + per, end); k++) a.push(await jiceng(k));
    for (let k = i; k < Math.min(i + per, end); k++) b.push(await raw(k));
  }
  return { a, b };
}
