// 上传 (3301, ≤ 100 matches a call) of reviewed matches and 撤销 (3302, one call each) of uploaded
// ones. Each call goes through the adapter's outbox (committed before it is sent, never inside our
// transaction); its answer is recorded in a second write: the matches of an accepted call become
// 'uploaded' with the call's msgid, a revoked one 'revoked' with its msgid. A refused call changes
// nothing of ours and says the insurer's reason. One upload or revoke runs at a time.
import type { Actor } from '../../http/actor.js';
import { conflict, invalid } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import type { ItemKind } from '../../../db/schema.js';
import type { ModuleContext } from '../context.js';
import { insurerDate, type Insurer } from '../insurance/index.js';
import { calendarOf } from '../settings/index.js';
import { callContext } from './download.js';
import { catalogChanged } from './events.js';
import * as repo from './repo.js';
import type { ChangeResult, UploadResult } from './schema.js';

export const UPLOAD_CHUNK = 100;

export type MatchInsurer = Pick<Insurer, 'call'>;

export function createUploads(deps: Pick<ModuleContext, 'db' | 'uow' | 'clock'>, insurer: MatchInsurer) {
  const { db, uow, clock } = deps;
  let busy = false;

  async function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (busy)
      throw conflict(
        'upload_running',
        t('正在上传或撤销对照,请稍候', 'An upload or revoke is running; wait'),
        'matchIds',
      );
    busy = true;
    try {
      return await fn();
    } finally {
      busy = false;
    }
  }

  return {
    /** 3301 of the reviewed matches given (all of them, or all reviewed of a kind). */
    upload(actor: Actor, body: { matchIds?: number[]; kind?: ItemKind }): Promise<UploadResult> {
      return exclusive(async () => {
        let ids: number[];
        if (body.matchIds) {
          const rows = new Map((await repo.matchesByIds(db, body.matchIds)).map((r) => [r.id, r]));
          for (const id of body.matchIds) {
            const r = rows.get(id);
            if (!r) throw invalid('matchIds', t(`对照 ${id} 不存在`, `Match ${id} does not exist`));
            if (r.state !== 'reviewed')
              throw invalid(
                'matchIds',
                t(
                  `对照 ${id} 尚未审核(或已上传):只有已审核的对照可以上传`,
                  `Match ${id} is not reviewed (or already uploaded)`,
                ),
              );
          }
          ids = body.matchIds;
        } else {
          ids = (await repo.matchesInState(db, 'reviewed', { kind: body.kind })).map((r) => r.id);
        }
        const code = await repo.institutionCode(db);
        const tz = (await calendarOf(db)).timeZone;
        const begndate = insurerDate(clock.now(), tz);
        const msgids: string[] = [];
        let uploaded = 0;
        for (let i = 0; i < ids.length; i += UPLOAD_CHUNK) {
          const rows = await repo.uploadRows(db, ids.slice(i, i + UPLOAD_CHUNK));
          const live = rows.filter((r) => r.state === 'reviewed');
          if (!live.length) continue;
          const r = await insurer.call(
            '3301',
            {
              catalogcompin: live.map((m) => ({
                fixmedins_hilist_id: m.code,
                fixmedins_hilist_name: m.name,
                list_type: m.list_type,
                med_list_codg: m.med_list_codg,
                begndate,
                ...(m.approval_no ? { aprvno: m.approval_no } : {}),
                ...(m.dosage_form ? { dosform: m.dosage_form } : {}),
                ...(m.spec ? { spec: m.spec } : {}),
                prcunt: m.unit,
              })),
            },
            callContext(actor, `3301:${code}`),
          );
          await uow.write(async (tx) => {
            const done: number[] = [];
            for (const m of live) {
              if (
                !(await repo.setMatchState(tx.db, m.id, 'reviewed', {
                  state: 'uploaded',
                  upload_msgid: r.msgid,
                  uploaded_at: tx.now,
                }))
              )
                continue;
              const row = (await repo.matchesByIds(tx.db, [m.id]))[0]!;
              await tx.audit(actor, {
                action: 'insurance_match.upload',
                entity: 'catalog_item',
                entityId: row.catalog_item_id,
                before: { matchId: m.id, medListCodg: m.med_list_codg, state: 'reviewed' },
                after: { matchId: m.id, medListCodg: m.med_list_codg, state: 'uploaded', msgid: r.msgid },
              });
              done.push(row.catalog_item_id);
            }
            uploaded += done.length;
            if (done.length) tx.emit(catalogChanged('item', done, 'uploaded'));
          });
          msgids.push(r.msgid);
        }
        return { uploaded, calls: msgids.length, msgids };
      });
    },

    /** 3302 of uploaded matches, one call each; each accepted one is revoked here too. */
    revoke(actor: Actor, matchIds: number[]): Promise<ChangeResult> {
      return exclusive(async () => {
        const rows = new Map((await repo.matchesByIds(db, matchIds)).map((r) => [r.id, r]));
        for (const id of matchIds) {
          const r = rows.get(id);
          if (!r) throw invalid('matchIds', t(`对照 ${id} 不存在`, `Match ${id} does not exist`));
          if (r.state !== 'uploaded')
            throw invalid(
              'matchIds',
              t(
                `对照 ${id} 未上传医保:未上传的对照请用“取消关联”`,
                `Match ${id} was not uploaded: cancel it with "Unlink" instead`,
              ),
            );
        }
        const code = await repo.institutionCode(db);
        const items = new Map((await repo.uploadRows(db, matchIds)).map((r) => [r.id, r]));
        const ids: number[] = [];
        for (const id of matchIds) {
          const m = rows.get(id)!;
          const local = items.get(id)!;
          const r = await insurer.call(
            '3302',
            {
              data: {
                fixmedins_code: code,
                fixmedins_hilist_id: local.code,
                list_type: m.list_type,
                med_list_codg: m.med_list_codg,
              },
            },
            callContext(actor, `3302:${id}`),
          );
          await uow.write(async (tx) => {
            if (
              !(await repo.setMatchState(tx.db, id, 'uploaded', {
                state: 'revoked',
                revoked_by: actor.userId,
                revoked_at: tx.now,
                revoke_msgid: r.msgid,
              }))
            )
              return;
            await tx.audit(actor, {
              action: 'insurance_match.revoke',
              entity: 'catalog_item',
              entityId: m.catalog_item_id,
              before: { matchId: id, medListCodg: m.med_list_codg, state: 'uploaded' },
              after: { matchId: id, medListCodg: m.med_list_codg, state: 'revoked', msgid: r.msgid },
            });
            tx.emit(catalogChanged('item', [m.catalog_item_id], 'revoked'));
            ids.push(m.catalog_item_id);
          });
        }
        return { changed: ids.length, ids };
      });
    },
  };
}
