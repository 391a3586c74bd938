// Password hashing with scrypt (node:crypto) and the password rules.
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { invalid } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';

const scrypt = promisify(crypto.scrypt) as (
  pw: string,
  salt: Buffer,
  keylen: number,
  opts: crypto.ScryptOptions,
) => Promise<Buffer>;

const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 32;

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password.normalize('NFKC'), salt, KEYLEN, { N, r: R, p: P, maxmem: 64 * 1024 * 1024 });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltB64, keyB64] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(keyB64, 'base64');
  const key = await scrypt(password.normalize('NFKC'), Buffer.from(saltB64, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  });
  return key.length === expected.length && crypto.timingSafeEqual(key, expected);
}

/** A hash of a random secret: spends the same time as a real check for unknown usernames. */
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(crypto.randomBytes(16).toString('hex'));
  return dummyHash;
}

/** The rules: at least 8 characters, letters and digits, not the username. */
export function checkPasswordRules(password: string, username: string, field = 'newPassword'): void {
  if (password.length < 8) throw invalid(field, t('密码至少 8 位', 'The password must have at least 8 characters'));
  if (password.length > 128)
    throw invalid(field, t('密码最多 128 位', 'The password must have at most 128 characters'));
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) {
    throw invalid(field, t('密码必须同时包含字母和数字', 'The password must contain both letters and digits'));
  }
  const lower = password.toLowerCase();
  const user = username.toLowerCase();
  if (lower === user || (user.length >= 4 && lower.includes(user))) {
    throw invalid(field, t('密码不能与用户名相同或包含用户名', 'The password must not be or contain the username'));
  }
}
