// The layout model: one document of pre-broken lines on a grid of columns, rendered both to
// ESC/POS bytes (escpos.ts) and to an HTML preview (html.ts) — the same lines, the same
// breaks, so the preview shows what the paper will show. 58 mm paper ≈ 32 columns of the
// printer's standard font, 80 mm ≈ 48; double-size text takes two columns per column.
import { columns as cols, displayWidth, leftRight, wrap } from './text.js';

export type Paper = 58 | 80;
export type Align = 'left' | 'center' | 'right';

export interface TextLine {
  kind: 'text';
  text: string;
  align: Align;
  bold: boolean;
  /** 1 = normal, 2 = double width and height. */
  size: 1 | 2;
}

export type Block =
  | TextLine
  | { kind: 'qr'; data: string; cell: number }
  | { kind: 'feed'; lines: number }
  | { kind: 'cut' };

export interface PrintDoc {
  paper: Paper;
  columns: number;
  blocks: Block[];
}

export const COLUMNS: Record<Paper, number> = { 58: 32, 80: 48 };

export interface TextOpts {
  align?: Align;
  bold?: boolean;
  size?: 1 | 2;
}

export class DocBuilder {
  readonly columns: number;
  readonly blocks: Block[] = [];

  constructor(readonly paper: Paper) {
    this.columns = COLUMNS[paper];
  }

  /** Text wrapped at the paper's width (halved for double size). */
  text(s: string, o: TextOpts = {}): this {
    const size = o.size ?? 1;
    const width = Math.floor(this.columns / size);
    for (const line of wrap(s, width))
      this.blocks.push({ kind: 'text', text: line, align: o.align ?? 'left', bold: o.bold ?? false, size });
    return this;
  }

  /** A label on the left and a value on the right of one line (the value wraps under when long). */
  lr(left: string, right: string, o: { bold?: boolean } = {}): this {
    if (displayWidth(left) + displayWidth(right) + 1 > this.columns) {
      this.text(left, o);
      return this.text(right, { ...o, align: 'right' });
    }
    this.blocks.push({
      kind: 'text',
      text: leftRight(left, right, this.columns),
      align: 'left',
      bold: o.bold ?? false,
      size: 1,
    });
    return this;
  }

  /** A table row; widths are in columns and should add up to the paper's columns. */
  row(cells: Array<{ text: string; width: number; align?: Align }>, o: { bold?: boolean } = {}): this {
    this.blocks.push({ kind: 'text', text: cols(cells), align: 'left', bold: o.bold ?? false, size: 1 });
    return this;
  }

  rule(ch = '-'): this {
    this.blocks.push({ kind: 'text', text: ch.repeat(this.columns), align: 'left', bold: false, size: 1 });
    return this;
  }

  blank(): this {
    this.blocks.push({ kind: 'text', text: '', align: 'left', bold: false, size: 1 });
    return this;
  }

  qr(data: string, cell = 6): this {
    this.blocks.push({ kind: 'qr', data, cell });
    return this;
  }

  feed(lines = 1): this {
    this.blocks.push({ kind: 'feed', lines });
    return this;
  }

  cut(): this {
    this.blocks.push({ kind: 'cut' });
    return this;
  }

  build(): PrintDoc {
    return { paper: this.paper, columns: this.columns, blocks: this.blocks };
  }
}

/** The document's text lines as printed (for tests and plain-text logs). */
export function docText(doc: PrintDoc): string[] {
  return doc.blocks.flatMap((b) => (b.kind === 'text' ? [b.text] : b.kind === 'qr' ? [`[QR ${b.data}]`] : []));
}
