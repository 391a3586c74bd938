// The insurance adapter's commands and reads for other modules (exported by index.ts): the
// outbox rows (read, list the unresolved, mark resolved) and the last person look-up of a patient.
import type { Db } from '../../../db/connection.js';
import type { InsuranceCallState } from '../../../db/schema.js';
import { conflict, notFound } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import type { AuditWho, Trx, Tx } from '../../lib/uow.js';
import { callChanged, configChanged } from './events.js';
import type { PersonInfo } from './person.js';
import * as repo from './repo.js';

type Q = Db | Trx;

export interface InsuranceCall {
  id: number;
  msgid: string;
  infno: string;
  state: InsuranceCallState;
  infcode: number | null;
  errMsg: string | null;
  httpStatus: number | null;
  userId: number | null;
  patientId: number | null;
  refType: string | null;
  refId: string | null;
  createdAt: number;
  sentAt: number | null;
  answeredAt: number | null;
  resolvedAt: number | null;
  resolution: string | null;
  /** The refused call this one resends after a renewed sign-in (9001), if it is such a resend. */
  retryOf: number | null;
  /** The envelope as sent (a 9101 file's bytes summarised). */
  envelope: Record<string, unknown>;
  /** The insurer's output when state 'ok' (a 9102 file: its size and hash). */
  output: Record<string, unknown> | null;
}

type Row = NonNullable<Awaited<ReturnType<typeof repo.callRow>>>;

function toCall(r: Row): InsuranceCall {
  return {
    id: r.id,
    msgid: r.msgid,
    infno: r.infno,
    state: r.state,
    infcode: r.infcode,
    errMsg: r.err_msg,
    httpStatus: r.http_status,
    userId: r.user_id,
    patientId: r.patient_id,
    refType: r.ref_type,
    refId: r.ref_id,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    answeredAt: r.answered_at,
    resolvedAt: r.resolved_at,
    resolution: r.resolution,
    retryOf: r.retry_of,
    envelope: JSON.parse(r.input_json) as Record<string, unknown>,
    output: r.output_json ? (JSON.parse(r.output_json) as Record<string, unknown>) : null,
  };
}

/** One outbox row with its envelope and output, or null. */
export async function callById(db: Q, id: number): Promise<InsuranceCall | null> {
  const r = await repo.callRow(db, id);
  return r ? toCall(r) : null;
}

/**
 * Calls whose outcome is not known ('unknown', or 'pending' left by a previous run) and not yet
 * resolved, oldest first; of one patient when given. The settlement module resolves each
 * (5203, then complete locally or 2601) before anything else for that patient.
 */
export async function unknownCalls(db: Q, opts: { patientId?: number } = {}): Promise<InsuranceCall[]> {
  return (await repo.openCalls(db, opts.patientId)).map(toCall);
}

/**
 * Marks a call resolved ('5203-found', '5203-not-found', '2601-reversed', 'completed-locally' …),
 * inside the caller's transaction. A call already resolved → 409 insurance_call_resolved.
 */
export async function markResolved(tx: Tx, callId: number, resolution: string): Promise<void> {
  const row = await repo.callRow(tx.db, callId);
  if (!row) throw notFound(t('医保调用记录', 'Insurer call'), callId);
  const n = await repo.setResolution(tx.db, callId, resolution.slice(0, 60), tx.now);
  if (!n)
    throw conflict(
      'insurance_call_resolved',
      t(`医保调用 ${callId} 已处理(${row.resolution ?? ''})`, `Insurer call ${callId} is already resolved`),
    );
  tx.emit(callChanged({ id: callId, infno: row.infno, state: row.state, patientId: row.patient_id, resolved: true }));
}

export interface PersonLookup {
  lookupId: number;
  patientId: number | null;
  /** The insutype the desk chose (null until chosen). */
  insutype: string | null;
  certType: '01' | '02' | '03';
  certNo: string;
  cardSn: string | null;
  /** 参保地 of the chosen insutype (else the first one's). */
  insuplcAdmdvs: string | null;
  at: number;
  callId: number | null;
  person: PersonInfo;
}

type LookupRow = NonNullable<Awaited<ReturnType<typeof repo.lookupById>>>;

export function toLookup(r: LookupRow): PersonLookup {
  return {
    lookupId: r.id,
    patientId: r.patient_id,
    insutype: r.insutype,
    certType: r.cert_type,
    certNo: r.cert_no,
    cardSn: r.card_sn,
    insuplcAdmdvs: r.insuplc_admdvs,
    at: r.at,
    callId: r.call_id,
    person: JSON.parse(r.output_json) as PersonInfo,
  };
}

/** The last 1101 look-up kept for a patient (what the cashier settles with), or null. */
export async function lastPersonInfo(db: Q, patientId: number): Promise<PersonLookup | null> {
  const r = await repo.lastLookupOfPatient(db, patientId);
  return r ? toLookup(r) : null;
}

/** A kept 1101 look-up by its id (registration checks the one the desk chose), or null. */
export async function personLookupById(db: Q, lookupId: number): Promise<PersonLookup | null> {
  const r = await repo.lookupById(db, lookupId);
  return r ? toLookup(r) : null;
}

/** What a seed (the demo center) sets to point the adapter at a gateway (the simulator). */
export interface InsuranceSetup {
  enabled: boolean;
  gatewayUrl: string;
  fixmedinsCode: string;
  fixmedinsName: string;
  mdtrtareaAdmvs: string;
  insuplcAdmdvs: string;
  recerSysCode: string;
  infver?: string;
  timeoutMs?: number;
  facilityLevel?: 1 | 2 | 3;
}

/**
 * Sets 接口设置 inside the caller's transaction (the demo seed; an administrator uses the page):
 * no signer, audited as `insurance.config`, `insurance:config-changed` emitted.
 */
export async function configureInsurance(tx: Tx, who: AuditWho, v: InsuranceSetup): Promise<void> {
  const before = await repo.readConfig(tx.db);
  const { id: _id, ...rest } = before;
  const after = {
    ...rest,
    enabled: (v.enabled ? 1 : 0) as 0 | 1,
    gateway_url: v.gatewayUrl,
    fixmedins_code: v.fixmedinsCode,
    fixmedins_name: v.fixmedinsName,
    mdtrtarea_admvs: v.mdtrtareaAdmvs,
    insuplc_admdvs: v.insuplcAdmdvs,
    recer_sys_code: v.recerSysCode,
    infver: v.infver ?? before.infver,
    timeout_ms: v.timeoutMs ?? before.timeout_ms,
    facility_level: v.facilityLevel ?? before.facility_level,
    version: before.version + 1,
    updated_at: tx.now,
    updated_by: who.userId,
  };
  await repo.updateConfig(tx.db, after, before.version);
  const masked = (c: { signer_secret: string }) => ({ ...c, signer_secret: c.signer_secret ? '***' : '' });
  await tx.audit(who, {
    action: 'insurance.config',
    entity: 'insurance_config',
    entityId: 1,
    before: masked(rest),
    after: masked(after),
  });
  tx.emit(configChanged(after.version, after.enabled === 1));
}
