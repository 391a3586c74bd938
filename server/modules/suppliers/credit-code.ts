// 统一社会信用代码 (unified social credit code, GB 32100-2015): 18 characters from
// "0123456789ABCDEFGHJKLMNPQRTUWXY"; the 18th is a check character computed from the first 17.
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters, or null when one is outside the charset. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_CHARSET.indexOf(first17[i]!);
    if (v < 0) return null;
    sum += v * WEIGHTS[i]!;
  }
  const c = 31 - (sum % 31);
  return CREDIT_CODE_CHARSET[c === 31 ? 0 : c]!;
}

/** Why a credit code is wrong (zh, en), or null when it is right. */
export function creditCodeProblem(code: string): { zh: string; en: string } | null {
  if (code.length !== 18)
    return { zh: `应为 18 位,实际 ${code.length} 位`, en: `must be 18 characters, got ${code.length}` };
  for (let i = 0; i < 18; i++) {
    if (!CREDIT_CODE_CHARSET.includes(code[i]!)) {
      return {
        zh: `第 ${i + 1} 位“${code[i]}”不是允许的字符`,
        en: `character ${i + 1} "${code[i]}" is not allowed (I, O, S, V, Z and lower case are not used)`,
      };
    }
  }
  const want = creditCodeCheckChar(code.slice(0, 17))!;
  if (code[17] !== want) {
    return {
      zh: `校验位错误:第 18 位应为“${want}”,而不是“${code[17]}”`,
      en: `wrong check character: the 18th character should be "${want}", not "${code[17]}"`,
    };
  }
  return null;
}
