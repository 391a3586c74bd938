// Issue 10 item 7: no line over the formatter's width, in any source file.
import { expect } from 'chai';
import { columns, lineWidthSetting, longLines, treeLongLines } from '../lint/width.js';

describe('line width', () => {
  it('measures as the formatter does: a Chinese character takes two columns', () => {
    expect(columns('abc')).to.equal(3);
    expect(columns('挂号')).to.equal(4);
    expect(columns('号码:1')).to.equal(6);
  });

  it('fails on a deliberate violation: a line one column over the width is named with its file and line', () => {
    const w = lineWidthSetting();
    const text = ['ok', 'x'.repeat(w), 'y'.repeat(w + 1), '汉'.repeat(Math.ceil((w + 1) / 2))].join('\n');
    expect(longLines('fixture.ts', text, w)).to.deep.equal([
      { file: 'fixture.ts', line: 3, columns: w + 1 },
      { file: 'fixture.ts', line: 4, columns: 2 * Math.ceil((w + 1) / 2) },
    ]);
  });

  it('no source line is wider than biome.json formatter.lineWidth', () => {
    const long = treeLongLines();
    const shown = long.slice(0, 40).map((l) => `${l.file}:${l.line} (${l.columns} columns)`);
    expect(shown, `${long.length} lines over ${lineWidthSetting()} columns`).to.deep.equal([]);
  });
});
