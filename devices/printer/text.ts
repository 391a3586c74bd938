// Text for receipt printers: display width (CJK and full-width forms take two columns, as
// on the printer's grid), padding, truncation and wrapping by that width, and GB18030
// encoding (every Unicode character, rare name characters such as 䶮 or 𠀾 included; the
// library's CHINA code page is EUC-CN / GB2312 and prints those as "?").
import iconv from 'iconv-lite';

/**
 * Columns a character takes on a receipt printer: 2 for East Asian wide / full-width, else 1 (0 for combining marks).
 */
export function charWidth(ch: string): number {
  const c = ch.codePointAt(0)!;
  if (c < 0x20 || (c >= 0x7f && c < 0xa0)) return 0;
  if ((c >= 0x0300 && c <= 0x036f) || (c >= 0x200b && c <= 0x200f) || (c >= 0xfe00 && c <= 0xfe0f)) return 0;
  if (
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0x2e80 && c <= 0x303e) ||
    (c >= 0x3041 && c <= 0x33ff) ||
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0xa000 && c <= 0xa4cf) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) ||
    (c >= 0x20000 && c <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch);
  return w;
}

/** Cuts `s` to at most `width` columns (a wide character that would straddle the edge is left out). */
export function truncate(s: string, width: number): string {
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = charWidth(ch);
    if (w + cw > width) break;
    out += ch;
    w += cw;
  }
  return out;
}

/** Pads (or cuts) to exactly `width` columns. */
export function pad(s: string, width: number, align: 'left' | 'right' | 'center' = 'left'): string {
  const t = truncate(s, width);
  const gap = width - displayWidth(t);
  if (align === 'right') return ' '.repeat(gap) + t;
  if (align === 'center') return ' '.repeat(Math.floor(gap / 2)) + t + ' '.repeat(gap - Math.floor(gap / 2));
  return t + ' '.repeat(gap);
}

/** Breaks text into lines of at most `width` columns (at characters; Chinese has no spaces to break at). */
export function wrap(s: string, width: number): string[] {
  const lines: string[] = [];
  for (const para of s.split('\n')) {
    let line = '';
    let w = 0;
    for (const ch of para) {
      const cw = charWidth(ch);
      if (w + cw > width) {
        lines.push(line.trimEnd());
        line = ch === ' ' ? '' : ch;
        w = ch === ' ' ? 0 : cw;
      } else {
        line += ch;
        w += cw;
      }
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

/** A row of columns: each cell padded to its width; the last cell takes what is left. */
export function columns(cells: Array<{ text: string; width: number; align?: 'left' | 'right' | 'center' }>): string {
  return cells.map((c) => pad(c.text, c.width, c.align ?? 'left')).join('');
}

/** Left and right text on one line of `width` columns (left is cut if both do not fit). */
export function leftRight(left: string, right: string, width: number): string {
  const rw = displayWidth(right);
  const lw = Math.max(0, width - rw - 1);
  return pad(left, lw) + ' '.repeat(width - lw - rw) + right;
}

export function encodeGb18030(s: string): Buffer {
  return iconv.encode(s, 'gb18030');
}

export function decodeGb18030(b: Buffer): string {
  return iconv.decode(b, 'gb18030');
}
