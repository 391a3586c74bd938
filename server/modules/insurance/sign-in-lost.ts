// Does an insurer's refusal (infcode -1) say that the operator is not signed in? Then the adapter
// forgets the kept 9001 sign_no, signs in again and resends the refused call once (insurer.ts).
//
// The wording differs by platform and province; what they share is 签到 (or the field sign_no)
// next to a word saying it is missing, invalid, expired or closed. Known forms:
//   simulator:          操作员未签到或已签退 (sign_no)，请先签到(9001)
//   national platforms: 操作员未签到 / 该操作员未签到,请先签到 / 签到信息不存在,请重新签到 /
//                       签到信息已失效 / 签到已过期 / 签到流水号无效 / 签到编号[…]不存在 /
//                       sign_no不能为空 / 未获取到签到信息 / 操作员已签退
// A false positive costs one 9001 and one resend of a call that was refused anyway (refused again,
// the user sees the error as before); a false negative leaves today's behaviour. 签名 (the
// signature) and 签约 (family-doctor contracts) are other words and never match.

/** Words that, next to 签到 / sign_no, mean the sign-in is not there (any more). */
const LOST_WORDS = [
  '未签到',
  '没有签到',
  '尚未签到',
  '请先签到',
  '重新签到',
  '已签退',
  '不存在',
  '无效',
  '失效',
  '过期',
  '超时',
  '为空',
  '不能为空',
  '不正确',
  '有误',
  '错误',
  '不一致',
  '不匹配',
  '未找到',
  '找不到',
  '查询不到',
  '获取不到',
  '未获取到',
  '不可用',
];

const ENGLISH = /\b(not\s+signed\s*in|sign[\s_-]*in\s+(required|expired|invalid)|invalid\s+sign[\s_-]*no)\b/i;

/** true when the err_msg of a refused call says the operator's sign-in is missing or no longer valid. */
export function isSignInLost(errMsg: string | null | undefined): boolean {
  if (!errMsg) return false;
  const m = errMsg.replace(/\s+/g, '').replace(/＿/g, '_');
  if (ENGLISH.test(errMsg)) return true;
  if (/未签到|请先签到|重新签到|签到后再/.test(m)) return true;
  const signNo = /sign_?no/i.test(m);
  const signIn = m.includes('签到') || m.includes('签退');
  if (!signIn && !signNo) return false;
  return LOST_WORDS.some((w) => m.includes(w));
}
