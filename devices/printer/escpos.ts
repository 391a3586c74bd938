// ESC/POS bytes of a document. Commands (init, align, bold, size, QR, cut) come from
// node-thermal-printer's Epson driver; text is encoded here as GB18030 and added raw (the
// library would re-encode it through its EUC-CN code page). Hanzi mode (FS &) is switched
// on for printers that need it and off (FS .) at the end.
import { createRequire } from 'node:module';
import type { PrintDoc } from './doc.js';
import { encodeGb18030 } from './text.js';

interface Thermal {
  printer: new (cfg: Record<string, unknown>) => EpsonBuilder;
  types: { EPSON: string };
}

// Required on first use, not at the server's start (it is CommonJS, so synchronously).
let thermal: Thermal | null = null;
function loadThermal(): Thermal {
  thermal ??= createRequire(import.meta.url)('node-thermal-printer') as Thermal;
  return thermal;
}

interface EpsonBuilder {
  add(b: Buffer): void;
  initHardware(): void;
  alignLeft(): void;
  alignCenter(): void;
  alignRight(): void;
  setTextSize(h: number, w: number): void;
  newLine(): void;
  printQR(data: string, settings: { cellSize: number; correction: string; model: number }): void;
  cut(opts?: { verticalTabAmount: number }): void;
  getBuffer(): Buffer | null;
}

export const FS_HANZI_ON = Buffer.from([0x1c, 0x26]);
export const FS_HANZI_OFF = Buffer.from([0x1c, 0x2e]);
const BOLD = (on: boolean) => Buffer.from([0x1b, 0x45, on ? 1 : 0]);
const FEED = (n: number) => Buffer.from([0x1b, 0x64, Math.max(0, Math.min(255, n))]);

export interface EscPosOptions {
  /** Send FS & before the text (printers that start in single-byte mode). */
  hanzi?: boolean;
}

export function toEscPos(doc: PrintDoc, o: EscPosOptions = {}): Buffer {
  const { printer: ThermalPrinter, types: PrinterTypes } = loadThermal();
  // The interface is never used (bytes go out through our own transports).
  const p = new ThermalPrinter({
    type: PrinterTypes.EPSON,
    interface: { execute: async () => undefined },
    width: doc.columns,
  });
  p.initHardware();
  if (o.hanzi) p.add(FS_HANZI_ON);
  let align = 'left';
  let bold = false;
  let size = 1;
  const setAlign = (a: string) => {
    if (a === align) return;
    if (a === 'center') p.alignCenter();
    else if (a === 'right') p.alignRight();
    else p.alignLeft();
    align = a;
  };
  for (const b of doc.blocks) {
    if (b.kind === 'text') {
      setAlign(b.align);
      if (b.bold !== bold) p.add(BOLD((bold = b.bold)));
      if (b.size !== size) {
        size = b.size;
        p.setTextSize(size - 1, size - 1);
      }
      if (b.text) p.add(encodeGb18030(b.text));
      p.newLine();
    } else if (b.kind === 'qr') {
      setAlign('center');
      p.printQR(b.data, { cellSize: b.cell, correction: 'M', model: 2 });
      p.newLine();
    } else if (b.kind === 'feed') {
      p.add(FEED(b.lines));
    } else {
      if (bold) p.add(BOLD((bold = false)));
      if (size !== 1) p.setTextSize(0, 0);
      size = 1;
      if (o.hanzi) p.add(FS_HANZI_OFF);
      p.cut({ verticalTabAmount: 1 });
      align = 'left'; // the cut re-initialises the printer (ESC @)
      if (o.hanzi && b !== doc.blocks[doc.blocks.length - 1]) p.add(FS_HANZI_ON);
    }
  }
  if (o.hanzi && doc.blocks[doc.blocks.length - 1]?.kind !== 'cut') p.add(FS_HANZI_OFF);
  return p.getBuffer() ?? Buffer.alloc(0);
}
