// Builds the browser client into client/dist: the hashed JS entry — the shell: sign-in, home,
// layout, the stations' tiles (Preact + htm + signals, minified ES2020, with source maps) —
// and a chunk per page loaded on first use (client/src/lazy.ts), one hashed CSS file,
// index.html referencing the entry and the CSS,
// the waiting-room display's own bundle, CSS and display.html (served for /display/*),
// and a .gz sibling of every text file (the server sends it to browsers that accept gzip).
// Deterministic: the same sources give byte-identical output.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(root, 'dist');
const BUDGET_GZIP_BYTES = 150 * 1024;

fs.rmSync(dist, { recursive: true, force: true });
fs.mkdirSync(path.join(dist, 'assets'), { recursive: true });

const started = Date.now();
const result = await esbuild.build({
  entryPoints: {
    app: path.join(root, 'src/main.ts'),
    styles: path.join(root, 'styles/index.css'),
    display: path.join(root, 'display/main.ts'),
    tv: path.join(root, 'display/display.css'),
  },
  outdir: path.join(dist, 'assets'),
  entryNames: '[name]-[hash]',
  chunkNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  bundle: true,
  // Pages loaded on demand (client/src/lazy.ts) become their own chunks; code shared by the
  // app and the waiting-room display goes into shared chunks.
  splitting: true,
  minify: true,
  format: 'esm',
  target: 'es2020',
  platform: 'browser',
  sourcemap: 'linked',
  legalComments: 'none',
  charset: 'utf8',
  metafile: true,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
  tsconfig: path.join(root, 'tsconfig.json'),
});

const outputs = Object.keys(result.metafile.outputs).map((p) => path.resolve(p));
const pick = (re) => {
  const f = outputs.find((p) => re.test(path.basename(p)));
  if (!f) throw new Error(`build: no output matching ${re}`);
  return '/assets/' + path.basename(f);
};
const js = pick(/^app-[A-Z0-9]{8}\.js$/);
const css = pick(/^styles-[A-Z0-9]{8}\.css$/);

const indexHtml = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>基层 Jiceng</title>
<link rel="stylesheet" href="${css}">
<script type="module" src="${js}"></script>
</head>
<body>
<div id="app"></div>
<noscript>请启用浏览器的 JavaScript。Please enable JavaScript in this browser.</noscript>
</body>
</html>
`;
fs.writeFileSync(path.join(dist, 'index.html'), indexHtml);

// The waiting-room TV (/display/<token>): its own small page, no sign-in.
const displayHtml = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>候诊大屏 Waiting room</title>
<link rel="stylesheet" href="${pick(/^tv-[A-Z0-9]{8}\.css$/)}">
<script type="module" src="${pick(/^display-[A-Z0-9]{8}\.js$/)}"></script>
</head>
<body>
<div id="display"></div>
<noscript>请启用浏览器的 JavaScript。Please enable JavaScript in this browser.</noscript>
</body>
</html>
`;
fs.writeFileSync(path.join(dist, 'display.html'), displayHtml);

// gzip siblings (the gzip header's mtime is 0 in Node's zlib, so output is deterministic).
// A page's first load is its HTML, its stylesheet, its entry script and every chunk that the
// entry imports statically (transitively); chunks loaded on demand are not part of it.
const meta = result.metafile.outputs;
const staticClosure = (entry) => {
  const seen = new Set();
  const visit = (out) => {
    if (seen.has(out)) return;
    seen.add(out);
    for (const imp of meta[out]?.imports ?? []) if (imp.kind === 'import-statement' && !imp.external) visit(imp.path);
  };
  visit(entry);
  return new Set([...seen].map((p) => path.resolve(p)));
};
const outOf = (re) => Object.keys(meta).find((p) => re.test(path.basename(p)));
const appFirst = staticClosure(outOf(/^app-[A-Z0-9]{8}\.js$/));
const tvFirst = staticClosure(outOf(/^display-[A-Z0-9]{8}\.js$/));
let firstLoadGz = 0;
let firstLoadRaw = 0;
let displayGz = 0;
let onDemandGz = 0;
const report = [];
const walk = (dir) =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
for (const file of walk(dist).sort()) {
  if (!/\.(js|css|html|map|svg|json)$/.test(file)) continue;
  const data = fs.readFileSync(file);
  const gz = zlib.gzipSync(data, { level: 9 });
  fs.writeFileSync(file + '.gz', gz);
  const rel = path.relative(dist, file);
  if (!rel.endsWith('.map')) {
    const inApp = rel === 'index.html' || /^assets[\\/]styles-/.test(rel) || appFirst.has(file);
    const inTv = rel === 'display.html' || /^assets[\\/]tv-/.test(rel) || tvFirst.has(file);
    if (inApp) {
      firstLoadGz += gz.length;
      firstLoadRaw += data.length;
    }
    if (inTv) displayGz += gz.length;
    if (!inApp && !inTv) onDemandGz += gz.length;
  }
  report.push(`  ${rel.padEnd(36)} ${String(data.length).padStart(8)} B  ${String(gz.length).padStart(7)} B gzip`);
}
const kb = (bytes) => (bytes / 1024).toFixed(1);
const budgetKb = BUDGET_GZIP_BYTES / 1024;
console.log(
  `client built in ${Date.now() - started} ms\n${report.join('\n')}\n` +
    `  first load (sign-in page): ${kb(firstLoadGz)} KB gzip, ${kb(firstLoadRaw)} KB raw (budget ${budgetKb} KB)\n` +
    `  pages loaded on demand: ${kb(onDemandGz)} KB gzip\n` +
    `  display first load: ${kb(displayGz)} KB gzip (budget ${budgetKb} KB)`,
);
if (displayGz > BUDGET_GZIP_BYTES) {
  console.error(`the display's first load is ${displayGz} bytes gzip, over the ${BUDGET_GZIP_BYTES}-byte budget`);
  process.exit(1);
}
if (firstLoadGz > BUDGET_GZIP_BYTES) {
  console.error(`client first load is ${firstLoadGz} bytes gzip, over the ${BUDGET_GZIP_BYTES}-byte budget`);
  process.exit(1);
}
