// Which workstation is this browser? Bound ON THE SERVER (issue 9 item 1): an administrator
// (admin.workstations) or a user with workstations.assign binds a browser to a workstation;
// the server issues a random token, stores only its SHA-256 hash (workstation_tokens) and the
// browser keeps the token in an HttpOnly, SameSite=Strict cookie that outlives sign-outs (it
// belongs to the browser, not to a user). Every request and socket resolves its workstation
// from that cookie only; a header or a handshake field naming a workstation is never read.
import { EventEmitter } from 'node:events';
import type { Db } from '../../../db/connection.js';
import type { Actor } from '../../http/actor.js';
import { forbidden, invalid, notFound } from '../../../core/errors.js';
import type { Clock } from '../../lib/clock.js';
import { t } from '../../../core/i18n.js';
import { randomToken, sha256Hex } from '../../lib/ids.js';
import type { AuditWho, UnitOfWork } from '../../lib/uow.js';
import { permissionLabel } from '../auth/index.js';
import { workstationChanged } from './events.js';
import * as repo from './repo.js';

/** Who may bind a browser to a workstation (and unbind it). */
export const BIND_PERMISSIONS = ['admin.workstations', 'workstations.assign'] as const;

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** A cached answer is read again after this long, so a revocation by another process counts within seconds. */
const RECHECK_MS = 5_000;
const TOUCH_MS = 60_000;

export interface BoundWorkstation {
  workstationId: number;
  tokenId: number;
}

export interface BindingEvents {
  /** Some binding was revoked or a workstation changed: live sockets re-resolve their cookie. */
  changed: [];
}

export function mayBind(a: Actor): boolean {
  return BIND_PERMISSIONS.some((p) => a.permissions.has(p));
}

export function createWorkstationBindings(deps: { db: Db; uow: UnitOfWork; clock: Clock }) {
  const { db, uow, clock } = deps;
  const events = new EventEmitter<BindingEvents>();
  const cache = new Map<string, { bound: BoundWorkstation | null; checkedAt: number }>();
  const touched = new Map<number, number>();

  const changed = () => {
    cache.clear();
    events.emit('changed');
  };

  const bindings = {
    events,

    /** The workstation of a token cookie, or null (no cookie, unknown, revoked, workstation inactive). */
    async resolve(token: string | undefined): Promise<BoundWorkstation | null> {
      if (!token || !TOKEN_PATTERN.test(token)) return null;
      const hash = sha256Hex(token);
      const hit = cache.get(hash);
      let bound: BoundWorkstation | null;
      if (hit && performance.now() - hit.checkedAt < RECHECK_MS) bound = hit.bound;
      else {
        const row = await repo.liveToken(db, hash);
        bound = row ? { workstationId: row.workstation_id, tokenId: row.id } : null;
        if (cache.size > 10_000) cache.clear();
        cache.set(hash, { bound, checkedAt: performance.now() });
      }
      if (bound) {
        const now = clock.now();
        const last = touched.get(bound.tokenId) ?? 0;
        if (now - last >= TOUCH_MS) {
          touched.set(bound.tokenId, now);
          await repo.touchToken(db, bound.tokenId, now);
        }
      }
      return bound;
    },

    /**
     * Issues a token binding a browser to an active workstation (audited as workstation.bind).
     * `replacing`: the browser's current token, revoked in the same transaction.
     * Permission is the caller's business (bind() checks it; test helpers call this directly).
     */
    async issue(
      who: AuditWho,
      workstationId: number,
      userAgent: string | null,
      replacing?: string,
    ): Promise<{ token: string; tokenId: number }> {
      const token = randomToken();
      const tokenId = await uow.write(async (tx) => {
        const ws = await repo.findById(tx.db, workstationId);
        if (!ws) throw notFound(t('工作站', 'Workstation'), workstationId, 'workstationId');
        if (!ws.active)
          throw invalid(
            'workstationId',
            t(`工作站“${ws.name}”已停用,不能绑定`, `The workstation "${ws.name}" is deactivated and cannot be bound`),
          );
        let replaced: number | null = null;
        if (replacing && TOKEN_PATTERN.test(replacing)) {
          const old = await repo.tokenByHash(tx.db, sha256Hex(replacing));
          if (old && old.revoked_at === null && (await repo.revokeToken(tx.db, old.id, who.userId, tx.now)))
            replaced = old.id;
        }
        const ua = userAgent ? userAgent.slice(0, 300) : null;
        const id = await repo.insertToken(
          tx.db,
          { workstationId, tokenHash: sha256Hex(token), issuedBy: who.userId, userAgent: ua },
          tx.now,
        );
        await tx.audit(who, {
          action: 'workstation.bind',
          entity: 'workstation',
          entityId: workstationId,
          summary: { bindingId: id, userAgent: ua, ...(replaced ? { replacedBindingId: replaced } : {}) },
        });
        tx.emit(workstationChanged(workstationId, 'updated'));
        return id;
      });
      changed();
      return { token, tokenId };
    },

    /** Binds the asking browser (its current token, if any, is replaced). */
    async bind(
      actor: Actor,
      workstationId: number,
      userAgent: string | null,
      currentToken: string | undefined,
    ): Promise<{ token: string; workstation: { id: number; code: string; name: string } }> {
      if (!mayBind(actor)) {
        const l = permissionLabel('workstations.assign');
        throw forbidden(
          'missing_permission',
          t(
            `需要“${l.zh}”或“工作站设置”权限才能绑定工作站`,
            `Binding a workstation needs the "${l.en}" or "Manage workstations" permission`,
          ),
        );
      }
      const { token } = await bindings.issue(actor, workstationId, userAgent, currentToken);
      const ws = (await repo.findById(db, workstationId))!;
      return { token, workstation: { id: ws.id, code: ws.code, name: ws.name } };
    },

    /** The browser unbinds itself (its token is revoked). False when it was not bound. */
    async unbindSelf(actor: Actor, currentToken: string | undefined): Promise<boolean> {
      if (!mayBind(actor)) {
        const l = permissionLabel('workstations.assign');
        throw forbidden(
          'missing_permission',
          t(
            `需要“${l.zh}”或“工作站设置”权限才能解除绑定`,
            `Unbinding needs the "${l.en}" or "Manage workstations" permission`,
          ),
        );
      }
      if (!currentToken || !TOKEN_PATTERN.test(currentToken)) return false;
      const done = await uow.write(async (tx) => {
        const row = await repo.tokenByHash(tx.db, sha256Hex(currentToken));
        if (!row || row.revoked_at !== null) return false;
        await repo.revokeToken(tx.db, row.id, actor.userId, tx.now);
        await tx.audit(actor, {
          action: 'workstation.unbind',
          entity: 'workstation',
          entityId: row.workstation_id,
          summary: { bindingId: row.id, by: 'self' },
        });
        tx.emit(workstationChanged(row.workstation_id, 'updated'));
        return true;
      });
      changed();
      return done;
    },

    /** Revokes a browser's binding from the workstations page; it counts from the next request. */
    async revoke(actor: Actor, bindingId: number): Promise<void> {
      await uow.write(async (tx) => {
        const row = await repo.tokenById(tx.db, bindingId);
        if (!row) throw notFound(t('工作站绑定', 'Workstation binding'), bindingId, 'id');
        if (row.revoked_at !== null) return;
        await repo.revokeToken(tx.db, row.id, actor.userId, tx.now);
        await tx.audit(actor, {
          action: 'workstation.unbind',
          entity: 'workstation',
          entityId: row.workstation_id,
          summary: { bindingId: row.id, by: 'admin', userAgent: row.user_agent },
        });
        tx.emit(workstationChanged(row.workstation_id, 'updated'));
      });
      changed();
    },

    list(workstationId?: number): Promise<repo.BindingRow[]> {
      return repo.liveBindings(db, workstationId);
    },

    /** A workstation was created, changed or deactivated: cached answers are read again. */
    invalidate(): void {
      changed();
    },
  };
  return bindings;
}

export type WorkstationBindings = ReturnType<typeof createWorkstationBindings>;

const running = new WeakMap<object, WorkstationBindings>();

/** The one bindings service of a running server (keyed by its unit of work). */
export function bindingsOf(m: { db: Db; uow: UnitOfWork; clock: Clock }): WorkstationBindings {
  let b = running.get(m.uow);
  if (!b) running.set(m.uow, (b = createWorkstationBindings(m)));
  return b;
}
