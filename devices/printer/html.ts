// The HTML preview of a document: the same lines on a grid of the same columns. Every
// character sits in cells of 1ch (2ch for CJK / full-width), so the browser lays it out as
// the printer does whatever the font; double-size lines use a doubled font (ch doubles).
import type { PrintDoc } from './doc.js';
import qrcode from 'qrcode-generator';
import { charWidth } from './text.js';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const PREVIEW_CSS =
  `.escpos{display:inline-block;background:#fff;color:#111;padding:12px ` +
  (`10px;box-shadow:0 1px 4px rgba(0,0,0,.25);font:14px/1.35 "Noto Sans Mono CJK SC","Noto Sans CJK SC","DejaVu ` +
    `Sans Mono",monospace}
.escpos .ln{white-space:pre;min-height:1.35em;overflow:hidden}
.escpos .w{display:inline-block;width:2ch;text-align:center}
.escpos .b{font-weight:700}
.escpos .s2{font-size:2em;line-height:1.2}
.escpos .c{text-align:center}.escpos .r{text-align:right}
.escpos .qr{display:block;margin:6px auto}
.escpos .cut{border-top:1px dashed #999;margin:8px -10px 0;height:0}`);

function line(text: string): string {
  let out = '';
  for (const ch of text) out += charWidth(ch) === 2 ? `<span class="w">${esc(ch)}</span>` : esc(ch);
  return out;
}

/** The QR symbol the printer draws (model 2, error correction M, byte mode: the same
 *  parameters the ESC/POS command sends), as an SVG of its modules. Its width in columns is
 *  what the printer's dots make of it: modules × cell size ÷ 12 dots per column (384 dots
 *  on 32 columns at 58 mm, 576 on 48 at 80 mm). */
function qrSvg(data: string, cell: number, columns: number): string {
  const q = qrcode(0, 'M');
  q.addData(data, 'Byte');
  q.make();
  const n = q.getModuleCount();
  const widthCols = Math.min(columns, Math.ceil((n * cell) / 12));
  let path = '';
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (q.isDark(r, c)) path += `M${c} ${r}h1v1h-1z`;
  return (
    `<svg class="qr" role="img" ` +
    (`aria-label="QR ${esc(data)}" viewBox="-1 ` +
      `-1 ${n + 2} ${n + 2}" style="width:${widthCols}ch;height:${widthCols}ch" shape-rendering="crispEdges">` +
      `<rect x="-1" y="-1" width="${n + 2}" height="${n + 2}" fill="#fff"/><path d="${path}" fill="#111"/></svg>`)
  );
}

/** A self-contained fragment (a div); PREVIEW_CSS styles it. */
export function toHtml(doc: PrintDoc): string {
  const parts: string[] = [`<div class="escpos" data-columns="${doc.columns}" style="width:${doc.columns}ch">`];
  for (const b of doc.blocks) {
    if (b.kind === 'text') {
      const cls = [
        'ln',
        b.bold ? 'b' : '',
        b.size === 2 ? 's2' : '',
        b.align === 'center' ? 'c' : b.align === 'right' ? 'r' : '',
      ]
        .filter(Boolean)
        .join(' ');
      parts.push(`<div class="${cls}">${line(b.text)}</div>`);
    } else if (b.kind === 'qr') {
      parts.push(qrSvg(b.data, b.cell, doc.columns));
    } else if (b.kind === 'feed') {
      for (let i = 0; i < b.lines; i++) parts.push('<div class="ln"></div>');
    } else {
      parts.push('<div class="cut"></div>');
    }
  }
  parts.push('</div>');
  return parts.join('');
}

/** A whole page (for GET …/preview opened on its own). */
export function toHtmlPage(doc: PrintDoc, title: string): string {
  return (
    `<!doctype html><html lang="zh-CN"><head><meta ` +
    `charset="utf-8"><title>${esc(title)}</title>` +
    `<style>body{background:#e5e7eb;margin:16px}${PREVIEW_CSS}</style></head><body>${toHtml(doc)}</body></html>`
  );
}
