// `npm run bench -- --quick` (or BENCH_QUICK=1): every part of the benchmark at a smoke-test size
// (a month of history, tens of samples, 20,000 patients, a 300-visit day), to check that it runs
// end to end in a few minutes; the figures are not comparable to a full run. Imported first by
// bench/run.ts so that the sizes are set before anything reads them; explicit BENCH_* win.
export const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';

const sizes: Record<string, string> = {
  BENCH_READS: '200',
  BENCH_WRITES: '60',
  BENCH_EVENTS: '40',
  BENCH_SCREENS: '50',
  BENCH_COLD_STARTS: '2',
  BENCH_REGISTRATIONS: '60',
  BENCH_SIGNS: '60',
  BENCH_CHARGES: '60',
  BENCH_DISPENSES: '60',
  BENCH_POSTINGS: '40',
  BENCH_PATIENTS: '20000',
  BENCH_SEARCHES: '50',
  BENCH_STOCK_YEARS: '1',
  BENCH_STOCK_RUNS: '5',
  BENCH_HISTORY_DAYS: '30',
  BENCH_HISTORY_PATIENTS: '2000',
  BENCH_CONCURRENT_REGISTRATIONS: '320',
  BENCH_DAY_VISITS: '300',
  BENCH_DAY_SCREENS: '10',
  BENCH_DAY_BUDGET_S: '60',
};

if (quick) for (const [k, v] of Object.entries(sizes)) process.env[k] ??= v;
