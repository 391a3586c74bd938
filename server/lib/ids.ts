import crypto from 'node:crypto';

/** A random token for cookies and display links (256 bits, base64url). */
export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

export function sha256Hex(s: string): string {
  return crypto.createHash('sha256').update(s).digest('hex');
}

/** A password people can type from a printout: no 0/O/1/l/I, letters and digits both present. */
export function generatePassword(length = 12): string {
  const letters = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
  const digits = '23456789';
  const all = letters + digits;
  for (;;) {
    let p = '';
    for (let i = 0; i < length; i++) p += all[crypto.randomInt(all.length)];
    if (/[a-zA-Z]/.test(p) && /\d/.test(p)) return p;
  }
}
