// isSignInLost: which refusals mean "the operator is not signed in at the insurer" (the adapter then
// signs in again and resends once) and which are ordinary refusals (shown as they are).
import { expect } from 'chai';
import { isSignInLost } from './sign-in-lost.js';

describe('isSignInLost: the insurer says the operator is not signed in', () => {
  const lost: string[] = [
    '操作员未签到或已签退 (sign_no)，请先签到(9001)', // the simulator's own words
    '操作员未签到',
    '该操作员未签到,请先签到',
    '签到信息不存在,请重新签到',
    '签到信息已失效',
    '签到已过期，请重新签到',
    '签到流水号无效',
    '签到编号[3307822026120801000003]不存在',
    'sign_no不能为空',
    'sign_no 无效',
    'signNo不存在',
    '未获取到签到信息',
    '操作员已签退',
    '请先签到后再办理业务',
    '签 到 信 息 不 存 在',
    'Operator not signed in',
    'sign-in expired',
  ];
  const other: Array<string | null> = [
    null,
    '',
    '医保中心系统繁忙，请稍后再试',
    '参保人不存在',
    '就诊信息不存在',
    '签名验证失败', // the signature, not the sign-in
    'x-tif-signature 错误',
    '已签约，不需要重复签约。',
    '定点医药机构编号 fixmedins_code H33078200001 不存在',
    '报文 msgid H33078200001202612080900000001 重复',
    '结算信息不存在或已撤销',
    '人员参保状态为暂停参保',
    'connection refused',
  ];
  for (const m of lost) it(`lost: ${m}`, () => expect(isSignInLost(m)).to.equal(true));
  for (const m of other) it(`not lost: ${String(m)}`, () => expect(isSignInLost(m)).to.equal(false));
});
