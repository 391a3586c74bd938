// The insurance adapter's service: 接口设置 (read, save with validation and audit, test
// connection), the person look-up (1101) the desks use, the outbox list and the operator's
// sign-in / sign-out. The gateway client itself is insurer.ts.
import type { Actor } from '../../http/actor.js';
import { DomainError, invalid, notFound, staleVersion } from '../../../core/errors.js';
import type { Lang } from '../../../core/i18n.js';
import { t } from '../../../core/i18n.js';
import { calendarOf } from '../settings/index.js';
import type { ModuleContext } from '../context.js';
import { toLookup, type PersonLookup } from './commands.js';
import { callChanged, configChanged } from './events.js';
import { createInsurer, type Insurer } from './insurer.js';
import * as repo from './repo.js';
import type { CallsQuery, CallView, ChooseInput, ConfigInput, ConfigView, PersonQuery } from './schema.js';
import { maskNo, NO_EFFECT_INFNOS } from './wire.js';

function view(c: repo.ConfigRow, unknownCalls: number): ConfigView {
  return {
    version: c.version,
    enabled: c.enabled === 1,
    interfaceType: c.interface_type,
    gatewayUrl: c.gateway_url,
    fixmedinsCode: c.fixmedins_code,
    fixmedinsName: c.fixmedins_name,
    mdtrtareaAdmvs: c.mdtrtarea_admvs,
    insuplcAdmdvs: c.insuplc_admdvs,
    recerSysCode: c.recer_sys_code,
    infver: c.infver,
    devNo: c.dev_no,
    signer: c.signer,
    signerPaasid: c.signer_paasid,
    signerSecretSet: c.signer_secret !== '',
    timeoutMs: c.timeout_ms,
    facilityLevel: c.facility_level,
    updatedAt: c.updated_at,
    updatedBy: c.updated_by,
    unknownCalls,
  };
}

/** The audit's view of the settings: the secret masked. */
function audited(c: repo.ConfigRow) {
  const { signer_secret, id: _id, ...rest } = c;
  return { ...rest, signer_secret: signer_secret ? '***' : '' };
}

export function createInsuranceService(ctx: Pick<ModuleContext, 'db' | 'uow' | 'clock'>) {
  const { db, uow } = ctx;
  const insurer: Insurer = createInsurer(ctx);

  return {
    insurer,

    async config(): Promise<ConfigView> {
      return view(await repo.readConfig(db), await repo.countOpen(db));
    },

    async saveConfig(actor: Actor, input: ConfigInput): Promise<ConfigView> {
      return uow.write(async (tx) => {
        const before = await repo.readConfig(tx.db);
        if (before.version !== input.version) throw staleVersion(t('医保接口设置', 'Insurance interface settings'));
        const secret = input.signerSecret ? input.signerSecret : before.signer_secret;
        if (input.signer === 'sha256-header') {
          if (!input.signerPaasid)
            throw invalid('signerPaasid', t('签名方式需要授权编号(paasid)', 'The signer needs the paasid'));
          if (!secret) throw invalid('signerSecret', t('签名方式需要授权密钥', 'The signer needs the secret'));
        }
        const after: repo.ConfigRow = {
          id: 1,
          enabled: input.enabled ? 1 : 0,
          interface_type: 'national',
          gateway_url: input.gatewayUrl,
          fixmedins_code: input.fixmedinsCode,
          fixmedins_name: input.fixmedinsName,
          mdtrtarea_admvs: input.mdtrtareaAdmvs,
          insuplc_admdvs: input.insuplcAdmdvs,
          recer_sys_code: input.recerSysCode,
          infver: input.infver,
          dev_no: input.devNo,
          signer: input.signer,
          signer_paasid: input.signerPaasid,
          signer_secret: secret,
          timeout_ms: input.timeoutMs,
          facility_level: input.facilityLevel,
          version: before.version + 1,
          updated_at: tx.now,
          updated_by: actor.userId,
        };
        const { id: _id, ...values } = after;
        if (!(await repo.updateConfig(tx.db, values, before.version)))
          throw staleVersion(t('医保接口设置', 'Insurance interface settings'));
        await tx.audit(actor, {
          action: 'insurance.config',
          entity: 'insurance_config',
          entityId: 1,
          before: audited(before),
          after: {
            ...audited(after),
            signer_secret: input.signerSecret ? '*** (changed)' : audited(before).signer_secret,
          },
        });
        tx.emit(configChanged(after.version, after.enabled === 1));
        return view(after, await repo.countOpen(tx.db));
      });
    },

    /** 测试连接: a 9001 sign-in of the current operator with the saved settings (enabled or not). */
    async testConnection(actor: Actor, lang: Lang) {
      const started = Date.now();
      const cfg = await repo.readConfig(db);
      const elapsed = () => Math.round(Date.now() - started);
      if (!cfg.gateway_url || !cfg.fixmedins_code) {
        return {
          ok: false,
          code: 'insurer_not_configured',
          message: lang === 'en' ? 'Fill in and save the settings first' : '请先填写并保存接口设置',
          callId: null,
          signNo: null,
          elapsedMs: elapsed(),
        };
      }
      try {
        const signNo = await insurer.ensureSignedIn(actor, { force: true, allowDisabled: true });
        return {
          ok: true,
          code: null,
          message:
            lang === 'en'
              ? `Connected: the insurer signed ${actor.username} in (sign_no ${signNo})`
              : `连接成功:医保平台已为 ${actor.username} 签到(签到号 ${signNo})`,
          callId: null,
          signNo,
          elapsedMs: elapsed(),
        };
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        return {
          ok: false,
          code: e.code,
          message: e.text[lang],
          callId: typeof e.details?.callId === 'number' ? e.details.callId : null,
          signNo: null,
          elapsedMs: elapsed(),
        };
      }
    },

    /** 1101 by e-voucher (01), ID number (02) or social security card (03); kept as a look-up. */
    async lookupPerson(actor: Actor, q: PersonQuery): Promise<PersonLookup> {
      if (q.certType === '03' && !q.cardSn)
        throw invalid('cardSn', t('社保卡查询需要卡识别码', 'A social security card look-up needs the card serial'));
      if (q.patientId !== undefined && !(await repo.patientExists(db, q.patientId)))
        throw notFound(t('患者', 'Patient'), q.patientId, 'patientId');
      const { certNo, callId, person } = await insurer.personInfo({
        certType: q.certType,
        certNo: q.certNo,
        cardSn: q.cardSn,
        actor,
        patientId: q.patientId ?? null,
      });
      const r = { callId };
      if (q.patientId !== undefined) await assertSamePerson(db, q.patientId, person.certno, person.name);
      const patientId = q.patientId ?? (await repo.patientIdByIdNumber(db, person.certno));
      const first = person.insurances.find((i) => !i.suspended) ?? person.insurances[0];
      const only = person.insurances.filter((i) => !i.suspended);
      return uow.write(async (tx) => {
        const id = await repo.insertLookup(tx.db, {
          patient_id: patientId,
          psn_no: person.psnNo,
          psn_name: person.name,
          certno: person.certno,
          insutype: only.length === 1 ? only[0]!.insutype : null,
          cert_type: q.certType,
          cert_no: certNo,
          card_sn: q.cardSn || null,
          insuplc_admdvs: first?.insuplcAdmdvs || null,
          output_json: JSON.stringify(person),
          call_id: r.callId,
          user_id: actor.userId,
          at: tx.now,
        });
        await tx.audit(actor, {
          action: 'insurance.person',
          entity: 'insurance_person_lookup',
          entityId: id,
          patientId,
          summary: { certType: q.certType, certNo: maskNo(certNo), psnNo: person.psnNo, callId: r.callId },
        });
        return toLookup((await repo.lookupById(tx.db, id))!);
      });
    },

    /** The desk picks the insutype (and the patient) of a look-up; a suspended one is refused. */
    async choose(actor: Actor, input: ChooseInput): Promise<PersonLookup> {
      return uow.write(async (tx) => {
        const row = await repo.lookupById(tx.db, input.lookupId);
        if (!row) throw notFound(t('参保查询记录', 'Person look-up'), input.lookupId, 'lookupId');
        const l = toLookup(row);
        const ins = l.person.insurances.find((i) => i.insutype === input.insutype);
        if (!ins)
          throw invalid(
            'insutype',
            t(`该参保人没有险种 ${input.insutype}`, `The person has no insutype ${input.insutype}`),
          );
        if (ins.suspended)
          throw invalid(
            'insutype',
            t(
              `险种 ${ins.insutypeName} 状态为“${ins.statusName}”,不能按医保结算`,
              `Insurance ${ins.insutype} is ${ins.statusName}: it cannot be used`,
            ),
          );
        const patientId = input.patientId ?? l.patientId;
        if (patientId !== null && patientId !== undefined && !(await repo.patientExists(tx.db, patientId)))
          throw notFound(t('患者', 'Patient'), patientId, 'patientId');
        if (patientId !== null && patientId !== undefined)
          await assertSamePerson(tx.db, patientId, l.person.certno, l.person.name);
        await repo.chooseLookup(tx.db, l.lookupId, {
          patient_id: patientId ?? null,
          insutype: ins.insutype,
          insuplc_admdvs: ins.insuplcAdmdvs || l.insuplcAdmdvs,
        });
        await tx.audit(actor, {
          action: 'insurance.person.choose',
          entity: 'insurance_person_lookup',
          entityId: l.lookupId,
          patientId: patientId ?? null,
          after: { insutype: ins.insutype, patientId: patientId ?? null },
        });
        return toLookup((await repo.lookupById(tx.db, l.lookupId))!);
      });
    },

    async calls(q: CallsQuery): Promise<{ items: CallView[]; unknownCalls: number }> {
      let from: number | undefined;
      let to: number | undefined;
      if (q.day) {
        const cal = await calendarOf(db);
        try {
          ({ from, to } = cal.dayRange(q.day));
        } catch {
          throw invalid('day', t('日期无效', 'Not a valid date'));
        }
      }
      const rows = await repo.listCalls(db, {
        state: q.state,
        from,
        to,
        patientId: q.patientId,
        infno: q.infno,
        unresolved: q.unresolved,
        before: q.before,
        limit: q.limit,
      });
      const items = rows.map(
        (r): CallView => ({
          id: r.id,
          msgid: r.msgid,
          infno: r.infno,
          state: r.state,
          infcode: r.infcode,
          errMsg: r.err_msg,
          httpStatus: r.http_status,
          userId: r.user_id,
          username: r.username ?? null,
          patientId: r.patient_id,
          refType: r.ref_type,
          refId: r.ref_id,
          createdAt: r.created_at,
          sentAt: r.sent_at,
          answeredAt: r.answered_at,
          resolvedAt: r.resolved_at,
          resolution: r.resolution,
          retryOf: r.retry_of,
        }),
      );
      return { items, unknownCalls: await repo.countOpen(db) };
    },

    async signInStatus(actor: Actor) {
      const s = await insurer.signInStatus(actor.userId);
      const day = (await calendarOf(db)).today(ctx.clock.now());
      return { signedIn: !!s, signNo: s?.signNo ?? null, signTime: s?.signTime ?? null, day };
    },

    async signIn(actor: Actor) {
      await insurer.ensureSignedIn(actor, { force: true });
      return this.signInStatus(actor);
    },

    signOut(actor: Actor) {
      return insurer.signOut(actor);
    },

    /** At start: calls a previous run left 'pending' become 'unknown' (to be resolved, never resent). */
    async recoverPending(): Promise<number> {
      return uow.write(async (tx) => {
        const rows = await repo.pendingToUnknown(tx.db, tx.now);
        await repo.resolveNoEffect(tx.db, [...NO_EFFECT_INFNOS], tx.now);
        for (const r of rows) {
          const resolved = NO_EFFECT_INFNOS.has(r.infno);
          tx.emit(callChanged({ id: r.id, infno: r.infno, state: 'unknown', patientId: r.patient_id, resolved }));
        }
        return rows.length;
      });
    },
  };
}

export type InsuranceService = ReturnType<typeof createInsuranceService>;

/**
 * An insured person's look-up may be tied only to the patient it is: a patient with an ID number
 * only to the insured person with the same number (settling a bill on someone else's insurance is
 * fraud, whatever the desk clicked). A patient without an ID number (a newborn, a foreigner
 * without one) can be tied after the desk has checked the person, as today.
 */
async function assertSamePerson(
  db: Parameters<typeof repo.patientIdNumber>[0],
  patientId: number,
  certno: string,
  name: string,
) {
  const idNumber = await repo.patientIdNumber(db, patientId);
  if (idNumber && certno && idNumber.toUpperCase() !== certno.toUpperCase())
    throw invalid(
      'patientId',
      t(
        `查到的参保人${name}(身份证号 ${maskNo(certno)})不是该患者本人(身份证号 ${maskNo(idNumber)}),不能用他人的医保`,
        `The insured person ${name} (ID ${maskNo(certno)}) is not this patient (ID ${maskNo(idNumber)}): ` +
          "no one may be settled on another person's insurance",
      ),
    );
}
