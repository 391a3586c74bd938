// Departments (科室 → 科别 caty), diseases (local ICD-10 → the insurer's code from 1307) and staff
// (→ 医保医师/护士国家码). These are kept as one current code each (no upload: the insurer learns them
// with every 2201/2203/2204); every change is audited and pushed live. 智能匹配 only proposes: the
// page shows the proposals with their score and saves the ones the user keeps, as 'proposed' (to
// confirm later) or 'confirmed'. The department and disease codes are REVIEWED (匹配审核) like the
// item matches: proposed → confirmed → reviewed by a user other than the one who confirmed; the
// settlement uses reviewed codes only (lookup.ts). A changed code goes back to confirmed.
import type { Actor } from '../../http/actor.js';
import { conflict, DomainError, invalid } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import type { Idempotency } from '../../lib/uow.js';
import type { ModuleContext } from '../context.js';
import { CATY, catyName, suggestCaty } from './caty.js';
import { catalogChanged } from './events.js';
import * as repo from './repo.js';
import type { ChangeResult, DepartmentLinksBody, DiseaseLinksBody, DiseaseQuery, StaffLinksBody } from './schema.js';
import { norm } from './score.js';

/** The insurer's code for a local ICD-10 code: same code 100, same code + extension (J06.9 → J06.900) with
 *  the same name 95, else 85; the same name alone 90. Pure (table-driven tests in score.test.ts). */
export function scoreDisease(local: { code: string; name: string }, c: { code: string; name: string }): number | null {
  const lc = local.code.toUpperCase();
  const cc = c.code.toUpperCase();
  const sameName = norm(local.name) === norm(c.name);
  if (lc === cc) return 100;
  const base = lc.replace(/\.$/, '');
  const extends_ = cc.startsWith(base) && (cc.length === base.length || /^[.0-9X]+$/.test(cc.slice(base.length)));
  if (extends_ && (base.includes('.') || cc[base.length] === '.')) return sameName ? 95 : 85;
  if (sameName) return 90;
  return null;
}

const CODE_STATE_NAMES = {
  proposed: { zh: '待确认', en: 'proposed' },
  confirmed: { zh: '待审核', en: 'waiting for review' },
  reviewed: { zh: '已审核', en: 'reviewed' },
} as const;

type CodeState = keyof typeof CODE_STATE_NAMES;

/** Whether setting the same code again with `target` changes nothing (it is there, as far or further on). */
function alreadyThere(state: CodeState | null, target: 'proposed' | 'confirmed'): boolean {
  return state === target || state === 'reviewed' || (state === 'confirmed' && target === 'proposed');
}

export function createCodes(deps: Pick<ModuleContext, 'db' | 'uow'>) {
  const { db, uow } = deps;

  /** confirm (proposed → confirmed) or review (confirmed → reviewed, by another user) of 科别 or disease codes. */
  function step<K extends number | string>(
    what: 'department' | 'disease',
    from: 'proposed' | 'confirmed',
    actor: Actor,
    keys: K[],
    idem?: Idempotency,
  ): Promise<ChangeResult> {
    const field = what === 'department' ? 'departmentIds' : 'localCodes';
    const table = what === 'department' ? 'insurance_department_codes' : 'insurance_disease_codes';
    const label = what === 'department' ? { zh: '科室', en: 'Department' } : { zh: '疾病', en: 'Diagnosis' };
    return uow.write(async (tx) => {
      if (new Set(keys).size !== keys.length) throw invalid(field, t('同一项出现两次', 'An entry is listed twice'));
      const rows =
        what === 'department'
          ? (await repo.departmentsByIds(tx.db, keys as number[])).map((d) => ({
              key: d.id as number | string,
              state: d.state,
              matchedBy: d.matched_by,
              code: d.caty,
            }))
          : (await repo.diseaseLinksOf(tx.db, keys as string[])).map((d) => ({
              key: d.local_code as number | string,
              state: d.state,
              matchedBy: d.matched_by,
              code: d.dise_code as string | null,
            }));
      const found = new Map(rows.map((r) => [r.key, r]));
      for (const k of keys) {
        const r = found.get(k);
        if (!r?.code || !r.state)
          throw invalid(field, t(`${label.zh} ${k} 没有医保对照`, `${label.en} ${k} has no insurer code match`));
        if (r.state !== from)
          throw invalid(
            field,
            t(
              `${label.zh} ${k} 的对照${CODE_STATE_NAMES[r.state].zh},不是${CODE_STATE_NAMES[from].zh}`,
              `${label.en} ${k}'s match is ${CODE_STATE_NAMES[r.state].en}, not ${CODE_STATE_NAMES[from].en}`,
            ),
          );
        if (from === 'confirmed' && r.matchedBy === actor.userId)
          throw new DomainError(
            403,
            'review_by_matcher',
            t(
              `${label.zh} ${k} 的对照是您确认的:匹配审核须由另一位用户完成`,
              `You confirmed ${label.en.toLowerCase()} ${k}'s match: another user must review it`,
            ),
            field,
          );
      }
      for (const k of keys) {
        if (!(await repo.setCodeState(tx.db, table, k, from, actor.userId, tx.now)))
          throw conflict(
            'match_changed',
            t('对照已被他人修改,请刷新', 'The match was changed by someone else; reload'),
          );
        await tx.audit(actor, {
          action: `insurance_code.${what}_${from === 'proposed' ? 'confirm' : 'review'}`,
          entity: what === 'department' ? 'department' : 'diagnosis',
          entityId: k,
          before: { state: from, code: found.get(k)!.code },
          after: { state: from === 'proposed' ? 'confirmed' : 'reviewed' },
        });
      }
      tx.emit(catalogChanged(what, keys, from === 'proposed' ? 'confirmed' : 'reviewed'));
      return { changed: keys.length, ids: what === 'department' ? (keys as number[]) : [] };
    }, idem);
  }

  return {
    confirmDepartments: (actor: Actor, ids: number[], idem?: Idempotency) =>
      step('department', 'proposed', actor, ids, idem),
    reviewDepartments: (actor: Actor, ids: number[], idem?: Idempotency) =>
      step('department', 'confirmed', actor, ids, idem),
    confirmDiseases: (actor: Actor, codes: string[], idem?: Idempotency) =>
      step('disease', 'proposed', actor, codes, idem),
    reviewDiseases: (actor: Actor, codes: string[], idem?: Idempotency) =>
      step('disease', 'confirmed', actor, codes, idem),

    async departments() {
      const rows = await repo.departmentCodes(db);
      return {
        items: rows.map((r) => ({
          id: r.id,
          code: r.code,
          name: r.name,
          kind: r.kind,
          caty: r.caty,
          catyName: r.caty_name,
          matchedAt: r.matched_at,
          matchedBy: r.matched_by_name,
          state: r.caty ? r.state : null,
          reviewedAt: r.reviewed_at,
          reviewedBy: r.reviewed_by_name,
        })),
        caty: CATY.map((c) => ({ code: c.code, name: c.name.zh, nameEn: c.name.en })),
      };
    },

    async departmentProposals() {
      const rows = await repo.departmentCodes(db);
      const proposals = [];
      for (const r of rows) {
        if (r.caty || ['pharmacy', 'store', 'cashier', 'registration', 'admin'].includes(r.kind)) continue;
        const s = suggestCaty(r.name);
        if (s)
          proposals.push({ key: r.id, localName: r.name, code: s.code, name: catyName(s.code)!.zh, score: s.score });
      }
      return { proposals };
    },

    setDepartments(actor: Actor, body: DepartmentLinksBody, idem?: Idempotency): Promise<ChangeResult> {
      return uow.write(async (tx) => {
        const ids = body.links.map((l) => l.departmentId);
        if (new Set(ids).size !== ids.length)
          throw invalid('links', t('同一科室出现两次', 'A department is listed twice'));
        const found = new Map((await repo.departmentsByIds(tx.db, ids)).map((d) => [d.id, d]));
        const changed: number[] = [];
        for (const l of body.links) {
          const d = found.get(l.departmentId);
          if (!d || d.active !== 1)
            throw invalid(
              'links',
              t(`科室 ${l.departmentId} 不存在或已停用`, `Department ${l.departmentId} does not exist or is inactive`),
            );
          const name = catyName(l.caty)?.zh ?? l.catyName;
          if (!name)
            throw invalid(
              'links',
              t(
                `科别 ${l.caty} 不在代码表中:请同时填写科别名称`,
                `科别 ${l.caty} is not in the code table: give its name too`,
              ),
            );
          const target = body.proposed ? 'proposed' : 'confirmed';
          if (d.caty === l.caty && d.caty_name === name && alreadyThere(d.state, target)) continue;
          await repo.setDepartmentCode(tx.db, {
            department_id: d.id,
            caty: l.caty,
            caty_name: name,
            matched_by: actor.userId,
            matched_at: tx.now,
            state: target,
          });
          await tx.audit(actor, {
            action: 'insurance_code.department',
            entity: 'department',
            entityId: d.id,
            before: { caty: d.caty, state: d.state },
            after: { caty: l.caty, catyName: name, state: target },
          });
          changed.push(d.id);
        }
        if (changed.length) tx.emit(catalogChanged('department', changed, 'matched'));
        return { changed: changed.length, ids: changed };
      }, idem);
    },

    unsetDepartments(actor: Actor, ids: number[], idem?: Idempotency): Promise<ChangeResult> {
      return uow.write(async (tx) => {
        const found = new Map((await repo.departmentsByIds(tx.db, ids)).map((d) => [d.id, d]));
        for (const id of ids)
          if (!found.get(id)?.caty)
            throw invalid(
              'departmentIds',
              t(`科室 ${id} 没有科别对照`, `Department ${id} has no insurer department code match`),
            );
        for (const id of ids) {
          await repo.deleteDepartmentCode(tx.db, id);
          await tx.audit(actor, {
            action: 'insurance_code.department',
            entity: 'department',
            entityId: id,
            before: { caty: found.get(id)!.caty },
            after: { caty: null },
          });
        }
        tx.emit(catalogChanged('department', ids, 'unmatched'));
        return { changed: ids.length, ids };
      }, idem);
    },

    async diseases(q: DiseaseQuery) {
      const r = await repo.diseaseCodes(db, q);
      return {
        items: r.rows.map((d) => ({
          code: d.code,
          name: d.name,
          diseCode: d.dise_code,
          diseName: d.dise_name,
          score: d.score,
          matchedAt: d.matched_at,
          matchedBy: d.matched_by_name,
          state: d.dise_code ? d.state : null,
          reviewedAt: d.reviewed_at,
          reviewedBy: d.reviewed_by_name,
        })),
        total: r.total,
        unmatched: r.unmatched,
      };
    },

    insurerDiseases(q: { q?: string; limit: number }) {
      return repo.searchInsurerDiseases(db, q);
    },

    async diseaseProposals(limit: number) {
      const locals = await repo.unmatchedDiagnoses(db, limit);
      const prefixes = locals.map((l) => l.code.toUpperCase().replace(/\.$/, ''));
      const candidates = await repo.insurerDiseasesLike(
        db,
        prefixes,
        locals.map((l) => l.name),
      );
      const proposals = [];
      for (const l of locals) {
        let best: { code: string; name: string; score: number } | null = null;
        for (const c of candidates) {
          const s = scoreDisease(l, c);
          if (s !== null && (!best || s > best.score || (s === best.score && c.code < best.code)))
            best = { code: c.code, name: c.name, score: s };
        }
        if (best) proposals.push({ key: l.code, localName: l.name, ...best });
      }
      return { proposals };
    },

    setDiseases(actor: Actor, body: DiseaseLinksBody, idem?: Idempotency): Promise<ChangeResult> {
      return uow.write(async (tx) => {
        const codes = body.links.map((l) => l.localCode);
        if (new Set(codes).size !== codes.length)
          throw invalid('links', t('同一疾病出现两次', 'A diagnosis is listed twice'));
        const locals = new Map((await repo.diagnosesByCodes(tx.db, codes)).map((d) => [d.code, d]));
        const insurer = new Map(
          (
            await repo.insurerDiseasesByCodes(
              tx.db,
              body.links.map((l) => l.diseCode),
            )
          ).map((d) => [d.code, d]),
        );
        const prior = new Map((await repo.diseaseLinksOf(tx.db, codes)).map((d) => [d.local_code, d]));
        const changed: string[] = [];
        for (const l of body.links) {
          if (!locals.has(l.localCode))
            throw invalid(
              'links',
              t(`本院疾病编码 ${l.localCode} 不存在`, `Local diagnosis ${l.localCode} does not exist`),
            );
          const c = insurer.get(l.diseCode);
          if (!c)
            throw invalid(
              'links',
              t(
                `医保疾病目录中没有 ${l.diseCode}(请先下载 1307)`,
                `The insurer's disease list has no ${l.diseCode} (download 1307)`,
              ),
            );
          if (c.valid !== 1)
            throw invalid('links', t(`医保疾病编码 ${c.code} 已失效`, `Insurer disease ${c.code} is no longer valid`));
          const target = body.proposed ? 'proposed' : 'confirmed';
          const was = prior.get(l.localCode);
          if (was?.dise_code === c.code && alreadyThere(was.state, target)) continue;
          await repo.setDiseaseCode(tx.db, {
            local_code: l.localCode,
            dise_code: c.code,
            dise_name: c.name,
            score: l.score ?? null,
            matched_by: actor.userId,
            matched_at: tx.now,
            state: target,
          });
          await tx.audit(actor, {
            action: 'insurance_code.disease',
            entity: 'diagnosis',
            entityId: l.localCode,
            before: { diseCode: was?.dise_code ?? null, state: was?.state ?? null },
            after: { diseCode: c.code, state: target },
          });
          changed.push(l.localCode);
        }
        if (changed.length) tx.emit(catalogChanged('disease', changed, 'matched'));
        return { changed: changed.length, ids: [] };
      }, idem);
    },

    unsetDiseases(actor: Actor, codes: string[], idem?: Idempotency): Promise<ChangeResult> {
      return uow.write(async (tx) => {
        const prior = new Map((await repo.diseaseLinksOf(tx.db, codes)).map((d) => [d.local_code, d]));
        for (const c of codes)
          if (!prior.has(c)) throw invalid('localCodes', t(`疾病 ${c} 没有对照`, `Diagnosis ${c} has no match`));
        for (const c of codes) {
          await repo.deleteDiseaseCode(tx.db, c);
          await tx.audit(actor, {
            action: 'insurance_code.disease',
            entity: 'diagnosis',
            entityId: c,
            before: { diseCode: prior.get(c)!.dise_code },
            after: { diseCode: null },
          });
        }
        tx.emit(catalogChanged('disease', codes, 'unmatched'));
        return { changed: codes.length, ids: [] };
      }, idem);
    },

    async staff(q?: string) {
      const rows = await repo.staffCodes(db, q);
      return {
        items: rows.map((s) => ({
          id: s.id,
          code: s.code,
          name: s.name,
          title: s.title,
          departmentName: s.department_name,
          nationalCode: s.national_code,
          matchedAt: s.matched_at,
        })),
      };
    },

    setStaff(actor: Actor, body: StaffLinksBody, idem?: Idempotency): Promise<ChangeResult> {
      return uow.write(async (tx) => {
        const ids = body.links.map((l) => l.staffId);
        const codes = body.links.map((l) => l.nationalCode);
        if (new Set(ids).size !== ids.length)
          throw invalid('links', t('同一人员出现两次', 'A staff member is listed twice'));
        if (new Set(codes).size !== codes.length)
          throw invalid('links', t('同一国家码给了两个人', 'One national code is given twice'));
        const found = new Map((await repo.staffByIds(tx.db, ids)).map((s) => [s.id, s]));
        const holders = new Map(
          (await repo.staffOfNationalCodes(tx.db, codes)).map((s) => [s.national_code, s.staff_id]),
        );
        const changed: number[] = [];
        for (const l of body.links) {
          const s = found.get(l.staffId);
          if (!s || s.active !== 1)
            throw invalid(
              'links',
              t(`人员 ${l.staffId} 不存在或已停用`, `Staff ${l.staffId} does not exist or is inactive`),
            );
          const holder = holders.get(l.nationalCode);
          if (holder !== undefined && holder !== l.staffId && !ids.includes(holder))
            throw conflict(
              'staff_code_taken',
              t(
                `国家码 ${l.nationalCode} 已对应另一位人员`,
                `National code ${l.nationalCode} belongs to another staff member`,
              ),
              'links',
            );
          if (s.national_code === l.nationalCode) continue;
          if (holder !== undefined && holder !== l.staffId) await repo.deleteStaffCode(tx.db, holder);
          await repo.setStaffCode(tx.db, {
            staff_id: s.id,
            national_code: l.nationalCode,
            matched_by: actor.userId,
            matched_at: tx.now,
          });
          await tx.audit(actor, {
            action: 'insurance_code.staff',
            entity: 'staff',
            entityId: s.id,
            before: { nationalCode: s.national_code },
            after: { nationalCode: l.nationalCode },
          });
          changed.push(s.id);
        }
        if (changed.length) tx.emit(catalogChanged('staff', changed, 'matched'));
        return { changed: changed.length, ids: changed };
      }, idem);
    },

    unsetStaff(actor: Actor, ids: number[], idem?: Idempotency): Promise<ChangeResult> {
      return uow.write(async (tx) => {
        const found = new Map((await repo.staffByIds(tx.db, ids)).map((s) => [s.id, s]));
        for (const id of ids)
          if (!found.get(id)?.national_code)
            throw invalid('staffIds', t(`人员 ${id} 没有国家码`, `Staff ${id} has no national code`));
        for (const id of ids) {
          await repo.deleteStaffCode(tx.db, id);
          await tx.audit(actor, {
            action: 'insurance_code.staff',
            entity: 'staff',
            entityId: id,
            before: { nationalCode: found.get(id)!.national_code },
            after: { nationalCode: null },
          });
        }
        tx.emit(catalogChanged('staff', ids, 'unmatched'));
        return { changed: ids.length, ids };
      }, idem);
    },
  };
}
