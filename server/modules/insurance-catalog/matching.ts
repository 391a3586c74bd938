// Matching local catalog items to the insurer's catalog (目录对照), as the seed has it: 建立关联,
// 取消关联, 智能匹配 (proposals with a score the user confirms), 类型一致, 匹配审核 by a second
// user, then 上传 (3301) and 撤销 (3302). A match's life: proposed → confirmed → reviewed →
// uploaded → revoked; 取消关联 revokes a match not yet uploaded; an uploaded one is revoked at
// the insurer first (3302). Revoked rows stay (history); every change is audited.
import type { Actor } from '../../http/actor.js';
import { DomainError, conflict, invalid } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import type { InsuranceMatchState, ItemKind } from '../../../db/schema.js';
import type { Idempotency, Tx } from '../../lib/uow.js';
import type { ModuleContext } from '../context.js';
import { catalogChanged } from './events.js';
import * as repo from './repo.js';
import type { ChangeResult, ConfirmBody, LinkBody, LocalItem, SmartResult } from './schema.js';
import { LIST_TYPES_OF, LIST_TYPE_NAMES, bestMatch, norm, typeAllowed } from './score.js';

const KIND_NAMES: Record<ItemKind, { zh: string; en: string }> = {
  drug: { zh: '药品', en: 'drug' },
  service: { zh: '诊疗项目', en: 'service' },
  material: { zh: '材料', en: 'material' },
};

const STATE_NAMES: Record<InsuranceMatchState, { zh: string; en: string }> = {
  proposed: { zh: '待确认', en: 'proposed' },
  confirmed: { zh: '已关联待审核', en: 'confirmed, to review' },
  reviewed: { zh: '已审核', en: 'reviewed' },
  uploaded: { zh: '已上传', en: 'uploaded' },
  revoked: { zh: '已取消', en: 'revoked' },
};

/** 类型一致: the refusal naming why. */
export function typeMismatch(
  field: string,
  local: { name: string; kind: ItemKind },
  c: { name: string; list_type: string },
) {
  const allowed = LIST_TYPES_OF[local.kind].join('/');
  const lt = LIST_TYPE_NAMES[c.list_type as keyof typeof LIST_TYPE_NAMES] ?? { zh: c.list_type, en: c.list_type };
  return invalid(
    field,
    t(
      `类型不一致:本院“${local.name}”是${KIND_NAMES[local.kind].zh},医保“${c.name}”是${lt.zh}(${c.list_type}),` +
        `${KIND_NAMES[local.kind].zh}只能对应 ${allowed}`,
      `Types differ: local "${local.name}" is a ${KIND_NAMES[local.kind].en}, the insurer's "${c.name}" is ` +
        `${lt.en} (${c.list_type}); a ${KIND_NAMES[local.kind].en} matches only ${allowed}`,
    ),
  );
}

const uploadedFirst = (field: string, name: string) =>
  conflict(
    'match_uploaded',
    t(
      `“${name}”的对照已上传医保,请先撤销(3302)再修改`,
      `The match of "${name}" was uploaded to the insurer: revoke it (3302) first`,
    ),
    field,
  );

export function createMatching(deps: Pick<ModuleContext, 'db' | 'uow'>) {
  const { uow } = deps;

  async function revokeLocal(tx: Tx, actor: Actor, m: repo.MatchRow, why: string): Promise<void> {
    if (
      !(await repo.setMatchState(tx.db, m.id, m.state, {
        state: 'revoked',
        revoked_by: actor.userId,
        revoked_at: tx.now,
      }))
    )
      throw conflict('match_changed', t('对照已被他人修改,请刷新', 'The match was changed by someone else; reload'));
    await tx.audit(actor, {
      action: `insurance_match.${why}`,
      entity: 'catalog_item',
      entityId: m.catalog_item_id,
      before: { matchId: m.id, medListCodg: m.med_list_codg, state: m.state },
      after: { matchId: m.id, medListCodg: m.med_list_codg, state: 'revoked' },
    });
  }

  return {
    /** 建立关联: the item ↔ the national code, confirmed by this user (to be reviewed by another). */
    link(actor: Actor, body: LinkBody, idem?: Idempotency): Promise<LocalItem> {
      return uow.write(async (tx) => {
        const item = await repo.catalogItem(tx.db, body.catalogItemId);
        if (!item || item.active !== 1)
          throw invalid(
            'catalogItemId',
            t(
              `本院项目 ${body.catalogItemId} 不存在或已停用`,
              `Local item ${body.catalogItemId} does not exist or is inactive`,
            ),
          );
        const c = await repo.insurerItemByCode(tx.db, body.medListCodg);
        if (!c)
          throw invalid(
            'medListCodg',
            t(
              `医保目录中没有编码 ${body.medListCodg}(请先下载目录)`,
              `The insurer's catalog has no code ${body.medListCodg} (download the catalogs first)`,
            ),
          );
        if (c.valid !== 1)
          throw invalid(
            'medListCodg',
            t(
              `医保编码 ${c.med_list_codg}(${c.name})已失效`,
              `National code ${c.med_list_codg} (${c.name}) is no longer valid`,
            ),
          );
        if (!typeAllowed(item.kind, c.list_type)) throw typeMismatch('medListCodg', item, c);
        const live = await repo.liveMatchOf(tx.db, item.id);
        if (live && live.med_list_codg === c.med_list_codg && live.state !== 'proposed')
          return (await repo.localItemsByIds(tx.db, [item.id]))[0]!;
        if (live?.state === 'uploaded') throw uploadedFirst('catalogItemId', item.name);
        if (live) await revokeLocal(tx, actor, live, 'replace');
        const id = await repo.insertMatch(tx.db, {
          catalog_item_id: item.id,
          med_list_codg: c.med_list_codg,
          list_type: c.list_type,
          state: 'confirmed',
          score: null,
          matched_by: actor.userId,
          matched_at: tx.now,
        });
        await tx.audit(actor, {
          action: 'insurance_match.link',
          entity: 'catalog_item',
          entityId: item.id,
          after: { matchId: id, medListCodg: c.med_list_codg, listType: c.list_type, state: 'confirmed' },
        });
        tx.emit(catalogChanged('item', [item.id], 'matched'));
        return (await repo.localItemsByIds(tx.db, [item.id]))[0]!;
      }, idem);
    },

    /** 取消关联: revokes the live matches of the items (not uploaded ones: 3302 first). */
    unlink(actor: Actor, catalogItemIds: number[], idem?: Idempotency): Promise<ChangeResult> {
      return uow.write(async (tx) => {
        const live = new Map((await repo.liveMatchesOfItems(tx.db, catalogItemIds)).map((m) => [m.catalog_item_id, m]));
        const items = new Map((await repo.localItemsByIds(tx.db, catalogItemIds)).map((i) => [i.id, i]));
        for (const id of catalogItemIds) {
          const m = live.get(id);
          const name = items.get(id)?.name ?? String(id);
          if (!m) throw invalid('catalogItemIds', t(`“${name}”没有对照可取消`, `"${name}" has no match to cancel`));
          if (m.state === 'uploaded') throw uploadedFirst('catalogItemIds', name);
        }
        for (const id of catalogItemIds) await revokeLocal(tx, actor, live.get(id)!, 'unlink');
        tx.emit(catalogChanged('item', catalogItemIds, 'unmatched'));
        return { changed: catalogItemIds.length, ids: catalogItemIds };
      }, idem);
    },

    /** 智能匹配: a proposal (with its score) for every unmatched item of the kind that has one. */
    smart(actor: Actor, kind: ItemKind): Promise<SmartResult> {
      return uow.write(async (tx) => {
        const locals = await repo.unmatchedItems(tx.db, kind);
        const rows = await repo.insurerItemsOfTypes(tx.db, LIST_TYPES_OF[kind]);
        if (!rows.length)
          throw conflict(
            'catalog_empty',
            t(
              `本地还没有医保${KIND_NAMES[kind].zh}目录:请先在“目录下载”中下载`,
              `No insurer ${KIND_NAMES[kind].en} catalog held yet: download it first`,
            ),
            'kind',
          );
        const byKey = new Map<string, repo.InsurerRow[]>();
        const add = (key: string, r: repo.InsurerRow) => {
          if (!key) return;
          const list = byKey.get(key);
          if (list) list.push(r);
          else byKey.set(key, [r]);
        };
        for (const r of rows) {
          add(`n:${norm(r.name)}`, r);
          if (r.trade_name) add(`n:${norm(r.trade_name)}`, r);
          if (r.aprvno) add(`a:${norm(r.aprvno)}`, r);
          for (const p of r.pinyin_initials.toLowerCase().split(/\s+/)) if (p.length >= 2) add(`p:${p}`, r);
        }
        let proposed = 0;
        let high = 0;
        const ids: number[] = [];
        for (const l of locals) {
          const keys = [`n:${norm(l.name)}`, `n:${norm(l.trade_name)}`, `a:${norm(l.approval_no)}`];
          for (const p of l.pinyin_initials.toLowerCase().split(/\s+/)) if (p.length >= 2) keys.push(`p:${p}`);
          const seen = new Set<string>();
          const candidates: repo.InsurerRow[] = [];
          for (const k of keys)
            for (const r of byKey.get(k) ?? [])
              if (!seen.has(r.med_list_codg)) seen.add(r.med_list_codg), candidates.push(r);
          const best = bestMatch(
            {
              kind: l.kind,
              name: l.name,
              tradeName: l.trade_name,
              spec: l.spec,
              dosageForm: l.dosage_form,
              approvalNo: l.approval_no,
              pinyinInitials: l.pinyin_initials,
            },
            candidates.map((r) => ({
              row: r,
              listType: r.list_type,
              name: r.name,
              tradeName: r.trade_name,
              spec: r.spec,
              dosageForm: r.dosage_form,
              aprvno: r.aprvno,
              pinyinInitials: r.pinyin_initials,
            })),
          );
          if (!best) continue;
          await repo.insertMatch(tx.db, {
            catalog_item_id: l.id,
            med_list_codg: best.candidate.row.med_list_codg,
            list_type: best.candidate.row.list_type,
            state: 'proposed',
            score: best.score.score,
            matched_by: actor.userId,
            matched_at: tx.now,
          });
          proposed++;
          if (best.score.score >= 90) high++;
          ids.push(l.id);
        }
        await tx.audit(actor, {
          action: 'insurance_match.smart',
          entity: 'insurance_catalog',
          entityId: kind,
          summary: { kind, proposed, high, items: ids.slice(0, 200) },
        });
        if (ids.length) tx.emit(catalogChanged('item', ids, 'proposed'));
        return { proposed, high, unmatched: locals.length - proposed };
      });
    },

    /** Confirms proposals (the ids given, or every proposal of a kind scoring ≥ minScore). */
    confirm(actor: Actor, body: ConfirmBody, idem?: Idempotency): Promise<ChangeResult> {
      return uow.write(async (tx) => {
        const rows = body.matchIds
          ? await repo.matchesByIds(tx.db, body.matchIds)
          : await repo.matchesInState(tx.db, 'proposed', { kind: body.kind, minScore: body.minScore });
        if (body.matchIds) {
          const found = new Map(rows.map((r) => [r.id, r]));
          for (const id of body.matchIds) {
            const r = found.get(id);
            if (!r) throw invalid('matchIds', t(`对照 ${id} 不存在`, `Match ${id} does not exist`));
            if (r.state !== 'proposed')
              throw invalid(
                'matchIds',
                t(
                  `对照 ${id} 不是待确认的建议(${STATE_NAMES[r.state].zh})`,
                  `Match ${id} is not a proposal (${STATE_NAMES[r.state].en})`,
                ),
              );
          }
        }
        for (const r of rows) {
          if (
            !(await repo.setMatchState(tx.db, r.id, 'proposed', {
              state: 'confirmed',
              matched_by: actor.userId,
              matched_at: tx.now,
            }))
          )
            throw conflict(
              'match_changed',
              t('对照已被他人修改,请刷新', 'The match was changed by someone else; reload'),
            );
          await tx.audit(actor, {
            action: 'insurance_match.confirm',
            entity: 'catalog_item',
            entityId: r.catalog_item_id,
            before: { matchId: r.id, medListCodg: r.med_list_codg, state: 'proposed', score: r.score },
            after: { matchId: r.id, medListCodg: r.med_list_codg, state: 'confirmed', score: r.score },
          });
        }
        const ids = rows.map((r) => r.catalog_item_id);
        if (ids.length) tx.emit(catalogChanged('item', ids, 'confirmed'));
        return { changed: rows.length, ids };
      }, idem);
    },

    /** 匹配审核: confirmed → reviewed, by a user other than the one who matched. */
    review(actor: Actor, matchIds: number[], idem?: Idempotency): Promise<ChangeResult> {
      return uow.write(async (tx) => {
        const rows = await repo.matchesByIds(tx.db, matchIds);
        const found = new Map(rows.map((r) => [r.id, r]));
        for (const id of matchIds) {
          const r = found.get(id);
          if (!r) throw invalid('matchIds', t(`对照 ${id} 不存在`, `Match ${id} does not exist`));
          if (r.state !== 'confirmed')
            throw invalid(
              'matchIds',
              t(
                `对照 ${id} 不是待审核状态(${STATE_NAMES[r.state].zh}):只有已关联的对照可以审核`,
                `Match ${id} is not waiting for review (${STATE_NAMES[r.state].en})`,
              ),
            );
          if (r.matched_by === actor.userId)
            throw new DomainError(
              403,
              'review_by_matcher',
              t(
                `对照 ${id} 是您建立的:匹配审核须由另一位用户完成`,
                `You made match ${id}: another user must review it`,
              ),
              'matchIds',
            );
        }
        for (const r of rows) {
          if (
            !(await repo.setMatchState(tx.db, r.id, 'confirmed', {
              state: 'reviewed',
              reviewed_by: actor.userId,
              reviewed_at: tx.now,
            }))
          )
            throw conflict(
              'match_changed',
              t('对照已被他人修改,请刷新', 'The match was changed by someone else; reload'),
            );
          await tx.audit(actor, {
            action: 'insurance_match.review',
            entity: 'catalog_item',
            entityId: r.catalog_item_id,
            before: { matchId: r.id, medListCodg: r.med_list_codg, state: 'confirmed' },
            after: { matchId: r.id, medListCodg: r.med_list_codg, state: 'reviewed' },
          });
        }
        const ids = rows.map((r) => r.catalog_item_id);
        tx.emit(catalogChanged('item', ids, 'reviewed'));
        return { changed: rows.length, ids };
      }, idem);
    },
  };
}

export type Matching = ReturnType<typeof createMatching>;
