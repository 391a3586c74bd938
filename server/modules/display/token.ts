// Display tokens: 32 random base64url characters, shown once as the URL `/display/<token>`;
// only the SHA-256 hash is stored. The realtime layer checks socket handshakes with these too.
import crypto from 'node:crypto';

export const DISPLAY_TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;

export function newDisplayToken(): string {
  return crypto.randomBytes(24).toString('base64url');
}

export function hashDisplayToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}
