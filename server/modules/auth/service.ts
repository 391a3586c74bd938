// Sign-in, sessions, lockout, password change, the first administrator, built-in roles.
import { EventEmitter } from 'node:events';
import type { Db } from '../../../db/connection.js';
import type { Config } from '../../config.js';
import type { Actor, RequestMeta } from '../../http/actor.js';
import { DomainError, invalid, unauthorized } from '../../../core/errors.js';
import type { Clock } from '../../lib/clock.js';
import { generatePassword, randomToken, sha256Hex } from '../../lib/ids.js';
import { t } from '../../../core/i18n.js';
import { pinyinKeys } from '../../../db/pinyin.js';
import type { UnitOfWork } from '../../lib/uow.js';
import { BUILTIN_ROLES } from './permissions.js';
import { checkPasswordRules, dummyPasswordHash, hashPassword, verifyPassword } from './passwords.js';
import * as repo from './repo.js';
import { createRolePermissions } from './role-permissions.js';
import { insertDepartment } from '../departments/index.js';
import { syncBuiltinRoles as syncRoles } from '../roles/index.js';
import { insertStaff } from '../staff/index.js';
import {
  addUserRoles,
  clearFailedSignIns,
  countFailedSignIn,
  insertUser,
  resetToOneTimePassword,
  setChosenPassword,
} from '../users/index.js';

export interface AuthDeps {
  db: Db;
  uow: UnitOfWork;
  clock: Clock;
  config: Pick<
    Config,
    'sessionIdleMinutes' | 'sessionMaxHours' | 'loginMaxFailures' | 'loginLockMinutes' | 'loginIpPerMinute'
  >;
}

export interface SignInResult {
  token: string;
  expiresAt: number;
  me: MeView;
}

export interface MeView {
  userId: number;
  username: string;
  staffId: number;
  staffName: string;
  departmentId: number;
  roles: string[];
  permissions: string[];
  mustChangePassword: boolean;
  workstationId: number | null;
  idleTimeoutMinutes: number;
}

/** Emitted so the realtime layer can cut the sockets of ended sessions. */
export interface SessionEvents {
  'session-ended': [sessionId: string];
  /** A user's account, roles or password changed: sockets re-check their session and rooms. */
  'user-changed': [userId: number];
  /** Some role's permissions changed: every socket re-checks its rooms. */
  'roles-changed': [];
}

interface CachedSession {
  actor: Omit<Actor, 'ip' | 'lang' | 'workstationId'> & { workstationId: number | null };
  lastSeenAt: number;
  expiresAt: number;
  /** performance.now() when the row was last read: entries older than CACHE_RECHECK_MS are
   *  read again, so a revocation by another process (the CLI) takes effect within seconds. */
  checkedAt: number;
}

const CACHE_RECHECK_MS = 5_000;

const LAST_SEEN_WRITE_MS = 60_000;

export interface SignInThrottle {
  /** Takes one attempt for this address, or throws a 429 (with Retry-After) when none is left. */
  take(ip: string): void;
  /** A successful sign-in gives its attempt back. */
  giveBack(ip: string): void;
}

export function createAuthService(deps: AuthDeps) {
  const { db, uow, clock, config } = deps;
  const idleMs = config.sessionIdleMinutes * 60_000;
  const maxMs = config.sessionMaxHours * 3_600_000;
  const lockMs = config.loginLockMinutes * 60_000;
  const throttle = signInThrottle(config.loginIpPerMinute, () => performance.now());
  // One answer for an unknown username, a wrong password and a locked account (status, code
  // and message alike): the sign-in page must not reveal which usernames exist or are locked.
  const badCredentials = () =>
    unauthorized(
      'invalid_credentials',
      t(
        `用户名或密码错误。连续输` +
          `错 ${config.loginMaxFailures} 次,账号将锁定 ${config.loginLockMinutes} 分钟,可请管理员解锁`,
        `Wrong username or password. ` +
          (`After ${config.loginMaxFailures} wrong passwords in a row the account is locked ` +
            `for ${config.loginLockMinutes} minutes; an administrator can unlock it`),
      ),
    );
  const events = new EventEmitter<SessionEvents>();
  const cache = new Map<string, CachedSession>();
  /** Every role's permissions, in memory until a role changes. */
  const rolePermissions = createRolePermissions();
  // Workstation ids a browser claims (x-workstation header, socket handshake) are checked
  // against active workstations; the answer is kept for a minute.
  const workstationOk = new Map<number, { ok: boolean; at: number }>();

  async function validWorkstation(id: number | null): Promise<number | null> {
    if (id === null) return null;
    const now = clock.now();
    const hit = workstationOk.get(id);
    if (hit && now - hit.at < 60_000 && now >= hit.at) return hit.ok ? id : null;
    const row = await db.selectFrom('workstations').select('active').where('id', '=', id).executeTakeFirst();
    const ok = !!row && row.active === 1;
    workstationOk.set(id, { ok, at: now });
    return ok ? id : null;
  }

  function toMe(a: CachedSession['actor']): MeView {
    return {
      userId: a.userId,
      username: a.username,
      staffId: a.staffId,
      staffName: a.staffName,
      departmentId: a.departmentId,
      roles: a.roles,
      permissions: [...a.permissions].sort(),
      mustChangePassword: a.mustChangePassword,
      workstationId: a.workstationId,
      idleTimeoutMinutes: config.sessionIdleMinutes,
    };
  }

  async function loadActor(
    sessionId: string,
    userId: number,
    workstationId: number | null,
  ): Promise<CachedSession['actor'] | null> {
    const user = await repo.findUserById(db, userId);
    if (!user || !user.active || !user.staff_active) return null;
    const rp = await rolePermissions.of(db, userId);
    return {
      userId: user.id,
      username: user.username,
      staffId: user.staff_id,
      staffName: user.staff_name,
      departmentId: user.department_id,
      roles: rp.roles,
      permissions: new Set(rp.permissions),
      sessionId,
      mustChangePassword: user.must_change_password === 1,
      workstationId,
    };
  }

  /** The session from the cache, or read from the database when missing or stale. */
  async function cachedSession(id: string): Promise<CachedSession | null> {
    const hit = cache.get(id);
    if (hit && performance.now() - hit.checkedAt < CACHE_RECHECK_MS) return hit;
    cache.delete(id);
    const s = await repo.findSession(db, id);
    if (!s || s.revoked_at !== null) return null;
    const actor = await loadActor(id, s.user_id, s.workstation_id);
    if (!actor) return null;
    const c: CachedSession = {
      actor,
      lastSeenAt: Math.max(s.last_seen_at, hit?.lastSeenAt ?? 0),
      expiresAt: s.expires_at,
      checkedAt: performance.now(),
    };
    cache.set(id, c);
    return c;
  }

  const service = {
    events,

    async signIn(input: { username: string; password: string }, rawMeta: RequestMeta): Promise<SignInResult> {
      // The per-IP throttle is taken before any work (a token per attempt, synchronously, so
      // parallel requests cannot all pass); a successful sign-in gives its token back.
      throttle.take(rawMeta.ip ?? 'unknown');
      const now = clock.now();
      const meta = { ...rawMeta, workstationId: await validWorkstation(rawMeta.workstationId) };
      const username = input.username.trim();
      const user = await repo.findUserByUsername(db, username);
      const who = { userId: user?.id ?? null, username, ip: meta.ip, workstationId: meta.workstationId };
      // Every attempt costs one scrypt check, whatever the account: an unknown username, a
      // locked account and a wrong password take the same time and get the same answer.
      const ok = await verifyPassword(input.password, user ? user.password_hash : await dummyPasswordHash());
      if (!user) {
        await uow.write((tx) =>
          tx.audit(who, { action: 'auth.sign-in', outcome: 'failed', summary: { reason: 'unknown_user' } }),
        );
        throw badCredentials();
      }
      if (!ok) {
        // Counted atomically: one UPDATE … RETURNING decides the count and the lock, so 30
        // parallel wrong passwords count 30 (a read-modify-write across the scrypt await
        // counted 1). A lock that has run out starts the count again.
        await uow.write(async (tx) => {
          const row = await countFailedSignIn(tx.db, user.id, now, config.loginMaxFailures, now + lockMs);
          await tx.audit(who, {
            action: 'auth.sign-in',
            outcome: 'failed',
            entity: 'user',
            entityId: user.id,
            summary: {
              reason: 'wrong_password',
              failures: row.failed_attempts,
              locked: row.locked_until !== null && row.locked_until > now,
            },
          });
        });
        throw badCredentials();
      }
      // The right password: signed in only if the account is not locked at this moment,
      // decided in the same statement that clears the counter.
      if (user.locked_until !== null && user.locked_until > now) {
        await uow.write((tx) =>
          tx.audit(who, {
            action: 'auth.sign-in',
            outcome: 'denied',
            entity: 'user',
            entityId: user.id,
            summary: { reason: 'locked' },
          }),
        );
        throw badCredentials();
      }
      if (!user.active || !user.staff_active) {
        await uow.write((tx) =>
          tx.audit(who, {
            action: 'auth.sign-in',
            outcome: 'denied',
            entity: 'user',
            entityId: user.id,
            summary: { reason: 'disabled' },
          }),
        );
        throw new DomainError(
          403,
          'account_disabled',
          t('该账号已停用,请联系管理员', 'This account is disabled; ask an administrator'),
        );
      }
      const token = randomToken();
      const sessionId = sha256Hex(token);
      const expiresAt = now + maxMs;
      const signedIn = await uow.write(async (tx) => {
        const cleared = await clearFailedSignIns(tx.db, user.id, now);
        if (!cleared) {
          // Locked by a parallel wrong guess between the check above and now.
          await tx.audit(who, {
            action: 'auth.sign-in',
            outcome: 'denied',
            entity: 'user',
            entityId: user.id,
            summary: { reason: 'locked' },
          });
          return false;
        }
        await tx.db
          .insertInto('sessions')
          .values({
            id: sessionId,
            user_id: user.id,
            created_at: now,
            last_seen_at: now,
            expires_at: expiresAt,
            revoked_at: null,
            ip: meta.ip,
            user_agent: meta.userAgent?.slice(0, 300) ?? null,
            workstation_id: meta.workstationId,
          })
          .execute();
        await tx.audit(who, { action: 'auth.sign-in', entity: 'user', entityId: user.id });
        return true;
      });
      if (!signedIn) throw badCredentials();
      throttle.giveBack(rawMeta.ip ?? 'unknown');
      const actor = await loadActor(sessionId, user.id, meta.workstationId);
      if (!actor) throw badCredentials();
      cache.set(sessionId, { actor, lastSeenAt: now, expiresAt, checkedAt: performance.now() });
      return { token, expiresAt, me: toMe(actor) };
    },

    /** The actor of a session cookie, or null when it is unknown, ended, idle or expired. */
    async resolve(token: string | undefined, rawMeta: RequestMeta): Promise<Actor | null> {
      if (!token || token.length > 100) return null;
      const meta =
        rawMeta.workstationId === null
          ? rawMeta
          : { ...rawMeta, workstationId: await validWorkstation(rawMeta.workstationId) };
      const id = sha256Hex(token);
      const now = clock.now();
      const c = await cachedSession(id);
      if (!c) return null;
      if (now >= c.expiresAt || now - c.lastSeenAt >= idleMs) {
        cache.delete(id);
        await uow.write(async (tx) => {
          const r = await tx.db
            .updateTable('sessions')
            .set({ revoked_at: now })
            .where('id', '=', id)
            .where('revoked_at', 'is', null)
            .executeTakeFirst();
          if (Number(r.numUpdatedRows) > 0) {
            await tx.audit(
              { userId: c.actor.userId, username: c.actor.username, ip: meta.ip, workstationId: meta.workstationId },
              {
                action: 'auth.session-expired',
                entity: 'session',
                summary: { reason: now >= c.expiresAt ? 'lifetime' : 'idle' },
              },
            );
          }
        });
        events.emit('session-ended', id);
        return null;
      }
      if (now - c.lastSeenAt >= LAST_SEEN_WRITE_MS) {
        c.lastSeenAt = now;
        await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
      }
      const workstationId = meta.workstationId ?? c.actor.workstationId;
      return { ...c.actor, ip: meta.ip, lang: meta.lang, workstationId };
    },

    /** The current actor of a session, or null when it has ended; for long-lived sockets
     *  (does not count as activity). Reloads roles and permissions after invalidation. */
    async sessionActor(sessionId: string): Promise<CachedSession['actor'] | null> {
      const now = clock.now();
      const c = await cachedSession(sessionId);
      if (!c) return null;
      return now < c.expiresAt && now - c.lastSeenAt < idleMs ? c.actor : null;
    },

    async isSessionLive(sessionId: string): Promise<boolean> {
      return (await service.sessionActor(sessionId)) !== null;
    },

    me(actor: Actor): MeView {
      return toMe(actor);
    },

    async signOut(actor: Actor): Promise<void> {
      const now = clock.now();
      await uow.write(async (tx) => {
        await tx.db
          .updateTable('sessions')
          .set({ revoked_at: now })
          .where('id', '=', actor.sessionId)
          .where('revoked_at', 'is', null)
          .execute();
        await tx.audit(actor, { action: 'auth.sign-out', entity: 'session' });
      });
      cache.delete(actor.sessionId);
      events.emit('session-ended', actor.sessionId);
    },

    async changePassword(actor: Actor, input: { currentPassword: string; newPassword: string }): Promise<MeView> {
      const user = await repo.findUserById(db, actor.userId);
      if (!user) throw badCredentials();
      if (!(await verifyPassword(input.currentPassword, user.password_hash))) {
        await uow.write((tx) =>
          tx.audit(actor, {
            action: 'auth.change-password',
            outcome: 'failed',
            entity: 'user',
            entityId: user.id,
            summary: { reason: 'wrong_current' },
          }),
        );
        throw invalid('currentPassword', t('当前密码不正确', 'The current password is wrong'));
      }
      checkPasswordRules(input.newPassword, user.username);
      if (input.newPassword === input.currentPassword) {
        throw invalid(
          'newPassword',
          t('新密码不能与当前密码相同', 'The new password must differ from the current one'),
        );
      }
      const hash = await hashPassword(input.newPassword);
      const now = clock.now();
      await uow.write(async (tx) => {
        await setChosenPassword(tx.db, user.id, hash, now);
        // Other sessions of this user end: a changed password must lock out whoever had the old one.
        await tx.db
          .updateTable('sessions')
          .set({ revoked_at: now })
          .where('user_id', '=', user.id)
          .where('id', '!=', actor.sessionId)
          .where('revoked_at', 'is', null)
          .execute();
        await tx.audit(actor, { action: 'auth.change-password', entity: 'user', entityId: user.id });
      });
      for (const [sid, c] of cache) if (c.actor.userId === user.id && sid !== actor.sessionId) cache.delete(sid);
      const c = cache.get(actor.sessionId);
      if (c) c.actor = { ...c.actor, mustChangePassword: false };
      events.emit('user-changed', user.id);
      return toMe({ ...actor, mustChangePassword: false });
    },

    /** Forget cached sessions of a user (roles, permissions or account changed). */
    /** Sockets of this user re-check their session (ended ones are cut) and their rooms
     *  (rooms no longer allowed are left). `endSessions` documents that the caller revoked
     *  the user's sessions in the database. */
    invalidateUser(userId: number, _opts: { endSessions?: boolean } = {}): void {
      for (const [sid, c] of cache) if (c.actor.userId === userId) cache.delete(sid);
      events.emit('user-changed', userId);
    },

    /** Forget every cached session (a role's permissions changed). */
    invalidateAll(): void {
      rolePermissions.invalidate();
      cache.clear();
      events.emit('roles-changed');
    },

    /** A workstation was created, changed or deactivated. */
    invalidateWorkstations(): void {
      workstationOk.clear();
    },

    /** Built-in roles follow permissions.ts: created if missing, permissions made equal. */
    async syncBuiltinRoles(): Promise<void> {
      const now = clock.now();
      await uow.write((tx) => syncRoles(tx.db, BUILTIN_ROLES, now));
      rolePermissions.invalidate();
      cache.clear();
    },

    /**
     * The first administrator: created when there is no user at all, with a generated
     * password that must be changed at first sign-in. Returns the password (to print once)
     * or null when users exist already.
     */
    async ensureFirstAdmin(): Promise<{ username: string; password: string } | null> {
      const any = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
      if (any) return null;
      await service.syncBuiltinRoles();
      const password = generatePassword(12);
      const hash = await hashPassword(password);
      const now = clock.now();
      await uow.write(async (tx) => {
        let dept = await tx.db.selectFrom('departments').select('id').where('code', '=', 'ADMIN').executeTakeFirst();
        if (!dept) {
          const py = pinyinKeys('信息科');
          const id = await insertDepartment(tx.db, {
            code: 'ADMIN',
            name: '信息科',
            kind: 'admin',
            pinyin_initials: py.initials,
            pinyin_full: py.full,
            phone: null,
            location: null,
            created_at: now,
            updated_at: now,
          });
          dept = { id };
        }
        const py = pinyinKeys('系统管理员');
        const staffId = await insertStaff(tx.db, {
          code: 'A0001',
          name: '系统管理员',
          gender: 'M',
          id_number: null,
          phone: null,
          department_id: dept.id,
          title: 'none',
          pinyin_initials: py.initials,
          pinyin_full: py.full,
          created_at: now,
          updated_at: now,
        });
        const userId = await insertUser(tx.db, {
          username: 'admin',
          staff_id: staffId,
          password_hash: hash,
          must_change_password: 1,
          locked_until: null,
          password_changed_at: null,
          last_sign_in_at: null,
          created_at: now,
          updated_at: now,
        });
        const role = await tx.db.selectFrom('roles').select('id').where('code', '=', 'admin').executeTakeFirstOrThrow();
        await addUserRoles(tx.db, userId, [role.id]);
        await tx.audit(
          { userId: null, username: 'system', ip: null, workstationId: null },
          { action: 'user.create-first-admin', entity: 'user', entityId: userId },
        );
      });
      return { username: 'admin', password };
    },

    /** For operations: set a new one-time password for a user (CLI only). */
    async resetPassword(username: string): Promise<string> {
      const user = await repo.findUserByUsername(db, username);
      if (!user) throw new Error(`No user named "${username}"`);
      const password = generatePassword(12);
      const hash = await hashPassword(password);
      const now = clock.now();
      await uow.write(async (tx) => {
        await resetToOneTimePassword(tx.db, user.id, hash, now);
        await tx.db
          .updateTable('sessions')
          .set({ revoked_at: now })
          .where('user_id', '=', user.id)
          .where('revoked_at', 'is', null)
          .execute();
        await tx.audit(
          { userId: null, username: 'system', ip: null, workstationId: null },
          { action: 'user.reset-password', entity: 'user', entityId: user.id },
        );
      });
      service.invalidateUser(user.id, { endSessions: true });
      return password;
    },
  };
  return service;
}

export type AuthService = ReturnType<typeof createAuthService>;

/**
 * A token bucket per IP address: `perMinute` attempts at once, refilled at `perMinute` a
 * minute. In memory (one server per DATA_DIR); full buckets are forgotten.
 */
export function signInThrottle(perMinute: number, nowMs: () => number): SignInThrottle {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const ratePerMs = perMinute / 60_000;
  function current(ip: string): { tokens: number; at: number } {
    const now = nowMs();
    const b = buckets.get(ip) ?? { tokens: perMinute, at: now };
    b.tokens = Math.min(perMinute, b.tokens + Math.max(0, now - b.at) * ratePerMs);
    b.at = now;
    return b;
  }
  function prune(): void {
    if (buckets.size < 10_000) return;
    for (const [ip] of buckets) if (current(ip).tokens >= perMinute) buckets.delete(ip);
  }
  return {
    take(ip) {
      const b = current(ip);
      if (b.tokens < 1) {
        const seconds = Math.max(1, Math.ceil((1 - b.tokens) / ratePerMs / 1000));
        throw new DomainError(
          429,
          'too_many_sign_ins',
          t(
            `登录尝试过于频繁(这台电脑每分钟最多 ${perMinute} 次),请 ${seconds} 秒后再试`,
            `Too many sign-in attempts from this computer (at ` +
              `most ${perMinute} a minute); try again in ${seconds} seconds`,
          ),
          undefined,
          { retryAfterSeconds: seconds },
        );
      }
      b.tokens -= 1;
      buckets.set(ip, b);
      prune();
    },
    giveBack(ip) {
      const b = current(ip);
      b.tokens = Math.min(perMinute, b.tokens + 1);
      buckets.set(ip, b);
    },
  };
}
