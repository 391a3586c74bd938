// The 预交金收据 layout (devices/printer/layouts/deposit-receipt.ts): the amount in capital figures, a
// receipt and its refund as printed on 58 and 80 mm paper.
import { expect } from 'chai';
import { docText } from '../../../devices/printer/doc.js';
import { capitalYuan } from '../../../devices/printer/layouts/deposit-receipt.js';
import { SAMPLES, renderLayout } from '../../../devices/printer/layouts/index.js';

describe('deposit receipt layout', () => {
  it('writes amounts in capital Chinese figures', () => {
    const cases: Array<[number, string]> = [
      [0, '零元整'],
      [100, '壹元整'],
      [200000, '贰仟元整'],
      [50050, '伍佰元伍角整'],
      [123456, '壹仟贰佰叁拾肆元伍角陆分'],
      [100005, '壹仟元零伍分'],
      [1000000, '壹万元整'],
      [10010000, '壹拾万零壹佰元整'],
      [-30000, '叁佰元整'],
      [1_000_000_000, '壹仟万元整'],
    ];
    for (const [fen, text] of cases) expect(capitalYuan(fen), String(fen)).to.equal(text);
  });

  it('prints a receipt, and a refund naming the receipt it reverses and why', () => {
    const ctx = { paper: 58 as const, institution: '示例镇卫生院', timeZone: 'Asia/Shanghai' };
    const receipt = docText(renderLayout('deposit-receipt', SAMPLES['deposit-receipt'], ctx)).join('\n');
    expect(receipt).to.contain('住院预交金收据');
    expect(receipt).to.contain('YJ00000123');
    expect(receipt).to.contain('2000.00');
    expect(receipt).to.contain('贰仟元整');
    expect(receipt).to.contain('微信');
    const refund = docText(
      renderLayout(
        'deposit-receipt',
        { ...SAMPLES['deposit-receipt'], amountFen: -200000, reversesReceiptNo: 'YJ00000100', reason: '家属要求' },
        { ...ctx, paper: 80 },
      ),
    ).join('\n');
    expect(refund).to.contain('住院预交金退款凭证');
    expect(refund).to.contain('YJ00000100');
    expect(refund).to.contain('-2000.00');
    expect(refund).to.contain('负贰仟元整');
    expect(refund).to.contain('家属要求');
  });
});
