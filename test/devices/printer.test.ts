// Unit tests of the printer's text and layouts: display width (CJK = 2 columns) padding for
// 58 mm (32 columns) and 80 mm (48 columns) paper, GB18030 bytes for rare characters, every
// layout within its paper width, and the HTML preview showing the same lines as the bytes.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import qrcode from 'qrcode-generator';
import { COLUMNS, DocBuilder, docText } from '../../devices/printer/doc.js';
import { FS_HANZI_OFF, FS_HANZI_ON, toEscPos } from '../../devices/printer/escpos.js';
import { toHtml } from '../../devices/printer/html.js';
import { SAMPLES, THERMAL_LAYOUTS, renderLayout, testPage } from '../../devices/printer/layouts/index.js';
import { BadTarget, parseTarget } from '../../devices/printer/target.js';
import { PrinterError, fakePrinter, send } from '../../devices/printer/transport.js';
import { EscPosPeer } from '../../devices/virtual/escpos-peer.js';
import {
  charWidth,
  columns,
  displayWidth,
  encodeGb18030,
  leftRight,
  pad,
  truncate,
  wrap,
} from '../../devices/printer/text.js';

describe('printer text: display width and GB18030', () => {
  it('counts CJK, full-width forms and rare extension characters as 2 columns, ASCII as 1', () => {
    expect(displayWidth('abc')).to.equal(3);
    expect(displayWidth('阿莫西林')).to.equal(8);
    expect(displayWidth('0.25g×24粒')).to.equal(10); // × is narrow, 粒 wide
    expect(displayWidth('䶮𠀾')).to.equal(4); // Ext A and Ext B (a surrogate pair in JS)
    expect(displayWidth('\uFF08\uFF21\uFF11\uFF09')).to.equal(8); // full-width （Ａ１）
    expect(charWidth('\u0301')).to.equal(0);
  });

  for (const paper of [58, 80] as const) {
    const cols = COLUMNS[paper];
    it(`pads mixed CJK/ASCII rows to exactly ${cols} columns on ${paper} mm paper`, () => {
      const row = columns([
        { text: '阿莫西林胶囊0.25g', width: cols - 16 },
        { text: '2盒', width: 6, align: 'right' },
        { text: '25.00', width: 10, align: 'right' },
      ]);
      expect(displayWidth(row)).to.equal(cols);
      expect(row.endsWith('     25.00')).to.equal(true);
      expect(row.slice(0, 6)).to.equal('阿莫西林胶囊');
      const lr = leftRight('合计', '1234.50 元', cols);
      expect(displayWidth(lr)).to.equal(cols);
      expect(lr.startsWith('合计 ')).to.equal(true);
      expect(lr.endsWith('1234.50 元')).to.equal(true);
      // A name too long for its cell is cut at a character boundary, never half a CJK character.
      const cut = pad('䶮'.repeat(40), 9);
      expect(cut).to.equal('䶮'.repeat(4) + ' ');
      expect(displayWidth(cut)).to.equal(9);
      for (const line of wrap('赵䶮𠀾 ' + '中文ABC'.repeat(20), cols)) expect(displayWidth(line)).to.be.at.most(cols);
    });
  }

  it('centres and right-aligns by display width', () => {
    expect(pad('内科', 8, 'center')).to.equal('  内科  ');
    expect(pad('A1', 6, 'right')).to.equal('    A1');
    expect(truncate('ab中', 3)).to.equal('ab');
  });

  it('encodes rare name characters as GB18030 (the CHINA code page would print "?")', () => {
    expect(encodeGb18030('䶮').toString('hex')).to.equal('fe9f');
    expect(encodeGb18030('𠀾').toString('hex')).to.equal('95328838');
    expect(iconv.decode(encodeGb18030('张䶮𠀾'), 'gb18030')).to.equal('张䶮𠀾');
    expect(iconv.encode('䶮', 'euc-cn').toString()).to.equal('?'); // the library's default
  });
});

describe('printer layouts', () => {
  const ctx = (paper: 58 | 80) => ({ paper, institution: '示例镇卫生院', timeZone: 'Asia/Shanghai' });
  for (const layout of THERMAL_LAYOUTS) {
    for (const paper of [58, 80] as const) {
      it(`${layout} on ${paper} mm: every line fits the paper; the HTML preview shows the same lines`, () => {
        const doc = renderLayout(layout, SAMPLES[layout], ctx(paper));
        for (const b of doc.blocks)
          if (b.kind === 'text') expect(displayWidth(b.text) * b.size, b.text).to.be.at.most(COLUMNS[paper]);
        const html = toHtml(doc);
        expect(html).to.include(`data-columns="${COLUMNS[paper]}"`);
        const lines = [...html.matchAll(/<div class="ln[^"]*">(.*?)<\/div>/g)].map((m) =>
          m[1]!.replace(/<[^>]+>/g, '').replace(/&amp;/g, '&'),
        );
        const printed = doc.blocks.filter((b) => b.kind === 'text').map((b) => (b as { text: string }).text);
        expect(lines.slice(0, printed.length)).to.deep.equal(printed);
        expect(doc.blocks.at(-1)).to.deep.equal({ kind: 'cut' });
      });
    }
  }

  it('the receipt groups items under their charge category with totals, payment and change', () => {
    const t = docText(renderLayout('receipt', SAMPLES.receipt, ctx(80)));
    const i = t.findIndex((x) => x.startsWith('【化验费】'));
    expect(t[i + 1]).to.match(/^ 血常规\s+1次\s+20\.00$/);
    expect(t.some((x) => /^【西药费】\s+25\.00$/.test(x))).to.equal(true);
    expect(t.some((x) => /^合计\s+45\.00 元$/.test(x))).to.equal(true);
    expect(t.some((x) => /^ {2}找零\s+5\.00$/.test(x))).to.equal(true);
    expect(t.some((x) => /^发票号\s+FP00001234$/.test(x))).to.equal(true);
  });

  it('the shift report lists the deposits (预交金) by method with their net; the cash to hand over holds them', () => {
    const t = docText(renderLayout('shift-report', SAMPLES['shift-report'], ctx(58)));
    const i = t.indexOf('住院预交金');
    expect(i).to.be.greaterThan(0);
    expect(t[i + 1]).to.match(/^ {2}收取\s+800\.00$/);
    expect(t[i + 2]).to.match(/^ {2}退款\s+-100\.00$/);
    expect(t[i + 3]).to.match(/^ {2}银行卡 1 笔\s+500\.00$/);
    expect(t[i + 4]).to.match(/^ {2}现金 3 笔\s+200\.00$/);
    expect(t[i + 5]).to.match(/^预交金净额\s+700\.00$/);
    expect(t.some((x) => /^应交现金\s+1434\.00 元$/.test(x))).to.equal(true);
    // A shift saved before deposits were counted prints without the section.
    const old = {
      ...SAMPLES['shift-report'],
      totals: { ...(SAMPLES['shift-report'].totals as object), deposits: undefined },
    };
    expect(docText(renderLayout('shift-report', old, ctx(58)))).to.not.include('住院预交金');
  });

  it('ESC/POS bytes: init, GB18030 text, double size, QR, cut; Hanzi mode wraps the job when asked', () => {
    const doc = new DocBuilder(58).text('号', { size: 2, bold: true, align: 'center' }).qr('JCQ:1').cut().build();
    const plain = toEscPos(doc);
    expect(plain.subarray(0, 2).toString('hex')).to.equal('1b40');
    expect(plain.includes(Buffer.from('1d2111', 'hex'))).to.equal(true);
    expect(plain.includes(encodeGb18030('号'))).to.equal(true);
    expect(plain.includes(Buffer.from('JCQ:1'))).to.equal(true);
    expect(plain.includes(Buffer.from('1d5600', 'hex'))).to.equal(true);
    expect(plain.includes(FS_HANZI_ON)).to.equal(false);
    const hz = toEscPos(doc, { hanzi: true });
    expect(hz.indexOf(FS_HANZI_ON)).to.equal(2);
    expect(hz.indexOf(FS_HANZI_OFF)).to.be.lessThan(hz.indexOf(Buffer.from('1d5600', 'hex')));
    expect(docText(testPage({ ...ctx(58), printer: 'x', at: 'now' })).some((x) => x.includes('䶮 𠀾'))).to.equal(true);
  });

  it('the preview draws the same QR symbol the printer is told to print (model 2, level M, byte mode)', () => {
    const data = 'JCQ:2026-11-26:A012:1234';
    const html = toHtml(new DocBuilder(58).qr(data, 6).build());
    const q = qrcode(0, 'M');
    q.addData(data, 'Byte');
    q.make();
    const n = q.getModuleCount();
    const dark: string[] = [];
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (q.isDark(r, c)) dark.push(`M${c} ${r}h1v1h-1z`);
    expect(html).to.contain(`viewBox="-1 -1 ${n + 2} ${n + 2}"`);
    expect(html).to.contain(`d="${dark.join('')}"`);
    // modules × 6 dots ÷ 12 dots per column, within the 32 columns of 58 mm paper
    expect(html).to.contain(`width:${Math.min(32, Math.ceil((n * 6) / 12))}ch`);
    expect(html).not.to.contain('QR<br>');
  });

  it('printer addresses: tcp, device files, fake, options; bad ones refused with a reason', () => {
    expect(parseTarget('tcp://10.0.0.8')).to.include({
      kind: 'tcp',
      host: '10.0.0.8',
      port: 9100,
      paper: 80,
      hanzi: false,
      status: true,
    });
    expect(parseTarget('tcp://10.0.0.8:9101?paper=58&hanzi=1&status=0')).to.include({
      port: 9101,
      paper: 58,
      hanzi: true,
      status: false,
    });
    expect(parseTarget('/dev/usb/lp0?paper=58')).to.include({
      kind: 'file',
      path: '/dev/usb/lp0',
      paper: 58,
      status: false,
    });
    expect(parseTarget('fake:desk1')).to.include({ kind: 'fake', name: 'desk1' });
    for (const bad of ['lpt1', 'tcp://x:99999', 'tcp://h?paper=76', '/dev/usb/lp0?color=1', 'tcp://h?hanzi=yes'])
      expect(() => parseTarget(bad), bad).to.throw(BadTarget);
  });

  it(
    'device files (/dev/usb/lp0): the bytes are written as they are; a missing device is offline ' +
      'and never created',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'usb-lp-'));
      try {
        const dev = join(dir, 'lp0');
        writeFileSync(dev, '');
        const bytes = toEscPos(renderLayout('drug-label', SAMPLES['drug-label'], ctx(58)), { hanzi: true });
        await send(parseTarget(`${dev}?paper=58&hanzi=1`), bytes);
        expect(readFileSync(dev).equals(bytes)).to.equal(true);
        const gone = join(dir, 'lp1');
        const err = await send(parseTarget(gone), bytes).then(
          () => null,
          (e: unknown) => e,
        );
        expect(err).to.be.instanceOf(PrinterError);
        expect(err).to.include({ code: 'offline', partial: false });
        expect(() => readFileSync(gone)).to.throw();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('the fake printer takes jobs behind the same interface, and can be offline or out of paper', async () => {
    const f = fakePrinter('unit');
    await send(parseTarget('fake:unit'), Buffer.from('x'));
    expect(f.jobs.map((b) => b.toString())).to.deep.equal(['x']);
    f.mode = 'no-paper';
    const err = await send(parseTarget('fake:unit'), Buffer.from('y')).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).to.include({ code: 'out_of_paper' });
    f.mode = 'ok';
  });

  it(
    'a printer that never answers status requests: nothing is sent (never printed twice) and the ' +
      'error says to add ?status=0, which prints',
    async () => {
      const peer = await EscPosPeer.start();
      try {
        peer.answersStatus = false;
        const bytes = toEscPos(renderLayout('queue-ticket', SAMPLES['queue-ticket'], ctx(58)));
        const err = await send(parseTarget(peer.address), bytes, { answerTimeoutMs: 300 }).then(
          () => null,
          (e: unknown) => e,
        );
        expect(err).to.be.instanceOf(PrinterError);
        expect(err).to.include({ code: 'timeout', partial: false });
        expect((err as Error).message).to.include('?status=0');
        await peer.settled();
        expect(peer.sessions.flatMap((x) => x.lines)).to.deep.equal([]);
        await send(parseTarget(`${peer.address}?status=0`), bytes);
        await peer.settled();
        expect(peer.printed()).to.have.length(1);
        expect(peer.printed()[0]!.qr).to.deep.equal(['JCQ:2026-11-26:A012:1234']);
      } finally {
        await peer.stop();
      }
    },
  );
});
