// The auth module's public entry: what other modules use (its wiring is module.ts). The
// sessions table is written only by auth: others end or prune sessions through these.
export { pruneEndedSessions, revokeUserSessions } from './sessions.js';
export { hashPassword } from './passwords.js';
export { PERMISSION_CODES, permissionLabel } from './permissions.js';
export { createAuthService, type AuthService } from './service.js';
