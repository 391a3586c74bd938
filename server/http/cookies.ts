// The cookies the server sets and reads: the session (auth) and the browser's workstation
// binding (workstations). Here, below the modules, because the HTTP app and the realtime layer
// read them too.

/** The session cookie (HttpOnly; the token, the server keeps only its hash). */
export const SESSION_COOKIE = 'jiceng_sid';

/** The browser's workstation cookie (the token; the server keeps only its hash). */
export const WORKSTATION_COOKIE = 'jiceng_ws';
/** Browsers cap a cookie's lifetime at 400 days; the cookie is set again on every bind. */
export const WORKSTATION_COOKIE_MAX_AGE_MS = 400 * 24 * 3_600_000;

/** The value of one cookie in a Cookie header ('' when absent). */
export function cookieValue(header: string | undefined, name: string): string {
  if (!header) return '';
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    if (part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return '';
}
