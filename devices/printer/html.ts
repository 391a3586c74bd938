// The HTML preview of a document: the same lines on a grid of the same columns. Every
// character sits in cells of 1ch (2ch for CJK / full-width), so the browser lays it out as
// the printer does whatever the font; double-size lines use a doubled font (ch doubles).
import type { PrintDoc } from './doc.js';
import { charWidth } from './text.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const PREVIEW_CSS = `.escpos{display:inline-block;background:#fff;color:#111;padding:12px 10px;box-shadow:0 1px 4px rgba(0,0,0,.25);font:14px/1.35 "Noto Sans Mono CJK SC","Noto Sans CJK SC","DejaVu Sans Mono",monospace}
.escpos .ln{white-space:pre;min-height:1.35em;overflow:hidden}
.escpos .w{display:inline-block;width:2ch;text-align:center}
.escpos .b{font-weight:700}
.escpos .s2{font-size:2em;line-height:1.2}
.escpos .c{text-align:center}.escpos .r{text-align:right}
.escpos .qr{margin:6px auto;border:2px solid #111;display:flex;align-items:center;justify-content:center;text-align:center;font-size:10px;word-break:break-all;padding:4px;box-sizing:border-box}
.escpos .cut{border-top:1px dashed #999;margin:8px -10px 0;height:0}`;

function line(text: string): string {
  let out = '';
  for (const ch of text) out += charWidth(ch) === 2 ? `<span class="w">${esc(ch)}</span>` : esc(ch);
  return out;
}

/** Dots a QR symbol takes: version 1–4 modules for short ticket data, cell size in dots. */
function qrCols(data: string, cell: number, columns: number): number {
  const modules = data.length <= 14 ? 21 : data.length <= 26 ? 25 : data.length <= 42 ? 29 : 33;
  const dotsPerCol = 12; // 384 dots / 32 columns (58 mm), 576 / 48 (80 mm)
  return Math.min(columns, Math.ceil((modules * cell) / dotsPerCol));
}

/** A self-contained fragment (a div); PREVIEW_CSS styles it. */
export function toHtml(doc: PrintDoc): string {
  const parts: string[] = [`<div class="escpos" data-columns="${doc.columns}" style="width:${doc.columns}ch">`];
  for (const b of doc.blocks) {
    if (b.kind === 'text') {
      const cls = ['ln', b.bold ? 'b' : '', b.size === 2 ? 's2' : '', b.align === 'center' ? 'c' : b.align === 'right' ? 'r' : ''].filter(Boolean).join(' ');
      parts.push(`<div class="${cls}">${line(b.text)}</div>`);
    } else if (b.kind === 'qr') {
      const w = qrCols(b.data, b.cell, doc.columns);
      parts.push(`<div class="qr" style="width:${w}ch;height:${w}ch" title="QR">QR<br>${esc(b.data)}</div>`);
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
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title><style>body{background:#e5e7eb;margin:16px}${PREVIEW_CSS}</style></head><body>${toHtml(doc)}</body></html>`;
}
