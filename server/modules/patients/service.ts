// Patients (master patient index): register, edit, find, read. The rules: identity from
// the ID number (identity.ts); one patient per ID number (409 duplicate_id_number with the
// existing patient); same name + birth date is a possible duplicate (409 possible_duplicate
// with the candidates) unless the clerk confirms; MRN from the 'mrn' sequence; search keys
// kept in the same transaction; identifiers masked without patients.identifiers, and masked
// for everyone in search results and the recent list (a registrar's screen shows twenty
// patients at once): one identifier is shown in full by a deliberate reveal, which needs
// patients.identifiers and is audited (patient.reveal); every read of a full record or
// visit history audited.
import type { Actor } from '../../http/actor.js';
import { DomainError, invalid, missingPermission, notFound, staleVersion } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import { nextSequence } from '../../lib/sequences.js';
import type { Idempotency, Trx } from '../../lib/uow.js';
import type { ModuleContext } from '../context.js';
import { businessToday } from '../settings/index.js';
import { patientChanged } from './events.js';
import { ageOn, resolveIdentity } from './identity.js';
import { INNER, patientPinyin, searchKeys, searchPrefix } from './keys.js';
import { isMasked, maskIdNumber, maskPhone } from './mask.js';
import * as repo from './repo.js';
import type {
  CreatePatient,
  Patient,
  PatientQuery,
  PatientSummary,
  RevealField,
  RevealResult,
  UpdatePatient,
  VisitHistoryItem,
} from './schema.js';

export const PATIENT = t('患者', 'Patient');
export const IDENTIFIERS_PERMISSION = 'patients.identifiers';

export const formatMrn = (n: number): string => 'M' + String(n).padStart(8, '0');

const seesIdentifiers = (actor: Actor) => actor.permissions.has(IDENTIFIERS_PERMISSION);

function parseList(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export function toSummary(r: repo.PatientRow, today: string, masked: boolean): PatientSummary {
  return {
    id: r.id,
    mrn: r.mrn,
    name: r.name,
    sex: r.sex,
    birthDate: r.birth_date,
    age: ageOn(r.birth_date, today),
    idNumber: masked ? maskIdNumber(r.id_number) : r.id_number,
    phone: masked ? maskPhone(r.phone) : r.phone,
    insuranceNo: r.insurance_no,
    allergies: parseList(r.allergies_json),
  };
}

export function toPatient(r: repo.PatientRow, today: string, masked: boolean): Patient {
  return {
    ...toSummary(r, today, masked),
    address: r.address,
    guardianName: r.guardian_name,
    guardianPhone: masked ? maskPhone(r.guardian_phone) : r.guardian_phone,
    guardianRelation: r.guardian_relation,
    chronicConditions: parseList(r.chronic_json),
    masked,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The stored row as the audit log keeps it (before/after). */
function auditView(r: repo.PatientRow) {
  const { pinyin_initials: _i, pinyin_full: _f, ...rest } = r;
  return rest;
}

/** A masked value sent back must be exactly the mask of what is stored; then the stored value stays. */
function keepMasked(
  field: string,
  sent: string | null,
  stored: string | null,
  mask: (v: string | null) => string | null,
): string | null {
  if (!isMasked(sent)) return sent;
  if (stored !== null && mask(stored) === sent) return stored;
  throw invalid(field, t('号码中不能含有“*”,请输入完整号码', 'The number cannot contain "*"; enter the full number'));
}

export function createPatientsService(deps: Pick<ModuleContext, 'db' | 'uow' | 'clock' | 'audit'>) {
  const { db, uow, clock } = deps;

  // Today in the institution's time zone, for ages (search runs per keystroke: the settings
  // and the zone's formatter are in memory).
  const today = (at = clock.now()) => businessToday(db, at);

  async function assertNoDuplicate(
    tx: Trx,
    actor: Actor,
    v: { idNumber: string | null; name: string; birthDate: string; confirm: boolean },
    exceptId: number | null,
    day: string,
    checkNameBirth: boolean,
  ) {
    const masked = !seesIdentifiers(actor);
    if (v.idNumber) {
      const same = await repo.findByIdNumber(tx, v.idNumber, exceptId);
      if (same) {
        throw new DomainError(
          409,
          'duplicate_id_number',
          t(
            `该身份证号已登记为患者 ${same.name}(病历号 ${same.mrn}),请直接使用该患者`,
            `This ID number is already registered to ${same.name} (MRN ${same.mrn}); use that patient`,
          ),
          'idNumber',
          { existingPatientId: same.id, existing: toSummary(same, day, masked) },
        );
      }
    }
    if (checkNameBirth && !v.confirm) {
      // Two different ID numbers are two people: only candidates that could be this person count.
      const rows = (await repo.findByNameAndBirth(tx, v.name, v.birthDate, exceptId)).filter(
        (r) => !v.idNumber || !r.id_number,
      );
      if (rows.length) {
        throw new DomainError(
          409,
          'possible_duplicate',
          t(
            `已有同名同出生日期的患者(${rows.length} 位),请核对;确认不是同一人后再保存`,
            `${rows.length} patient(s) with the same name and birth date exist; check them, and confirm this is ` +
              `someone else to save`,
          ),
          'name',
          { candidates: rows.map((r) => toSummary(r, day, masked)) },
        );
      }
    }
  }

  function values(
    input: CreatePatient,
    identity: { sex: 'M' | 'F'; birthDate: string; idNumber: string | null },
    phone: string | null,
    guardianPhone: string | null,
  ): repo.PatientValues {
    const py = patientPinyin(input.name);
    return {
      name: input.name,
      sex: identity.sex,
      birthDate: identity.birthDate,
      idNumber: identity.idNumber,
      phone,
      address: input.address,
      insuranceNo: input.insuranceNo,
      guardianName: input.guardianName,
      guardianPhone,
      guardianRelation: input.guardianRelation,
      allergies: input.allergies,
      chronicConditions: input.chronicConditions,
      pinyinInitials: py.initials,
      pinyinFull: py.full,
    };
  }

  return {
    async search(actor: Actor, q: PatientQuery): Promise<PatientSummary[]> {
      const limit = q.limit ?? 20;
      const day = await today();
      // Lists are masked for everyone, patients.identifiers or not: full values only by reveal().
      const masked = true;
      const prefix = searchPrefix(q.q ?? '');
      if (!prefix) return (await repo.recent(db, limit)).map((r) => toSummary(r, day, masked));
      // Keys from the start of the name (and ID, phone, MRN) first: an exact key, then by
      // full pinyin. Then, to fill the page, word starts inside the name ('xy' for 张秀英):
      // a second range scan over the keys marked INNER.
      const byId = new Map<number, repo.PatientRow>();
      const take = (scanned: Array<repo.PatientRow & { key: string }>, exactKey: string) => {
        const exactSet = new Set(scanned.filter((r) => r.key === exactKey).map((r) => r.id));
        const fresh = new Map<number, repo.PatientRow>();
        for (const r of scanned)
          if (!byId.has(r.id) && !fresh.has(r.id) && byId.size + fresh.size < limit) fresh.set(r.id, r);
        const rows = [...fresh.values()];
        rows.sort((a, b) => {
          const ea = exactSet.has(a.id) ? 0 : 1;
          const eb = exactSet.has(b.id) ? 0 : 1;
          if (ea !== eb) return ea - eb;
          return a.pinyin_full < b.pinyin_full
            ? -1
            : a.pinyin_full > b.pinyin_full
              ? 1
              : a.name < b.name
                ? -1
                : a.name > b.name
                  ? 1
                  : a.id - b.id;
        });
        for (const r of rows) byId.set(r.id, r);
      };
      take(await repo.prefixMatches(db, prefix, limit * 5), prefix);
      // Inner keys are pinyin: a Chinese name, an ID number or a phone needs no second scan.
      if (byId.size < limit && /^[a-z]/.test(prefix) && /^[a-z0-9]+$/.test(prefix))
        take(await repo.prefixMatches(db, INNER + prefix, limit * 5), INNER + prefix);
      const rows = [...byId.values()];
      return rows.map((r) => toSummary(r, day, masked));
    },

    /** One identifier in full, on a deliberate reveal: needs patients.identifiers; audited (patient.reveal). */
    async reveal(actor: Actor, id: number, field: RevealField): Promise<RevealResult> {
      if (!seesIdentifiers(actor)) {
        await uow.write((tx) =>
          tx.audit(actor, {
            action: 'patient.reveal',
            outcome: 'denied',
            entity: 'patient',
            entityId: id,
            patientId: null,
            summary: { field },
          }),
        );
        throw missingPermission(IDENTIFIERS_PERMISSION, t('查看完整证件号与电话', 'See full ID numbers and phones'));
      }
      const row = await repo.findById(db, id);
      if (!row) throw notFound(PATIENT, id);
      const value = field === 'idNumber' ? row.id_number : field === 'phone' ? row.phone : row.guardian_phone;
      await uow.write((tx) =>
        tx.audit(actor, {
          action: 'patient.reveal',
          entity: 'patient',
          entityId: id,
          patientId: id,
          summary: { field },
        }),
      );
      return { field, value };
    },

    /** The full record; the read is audited. */
    async get(actor: Actor, id: number): Promise<Patient> {
      const row = await repo.findById(db, id);
      if (!row) throw notFound(PATIENT, id);
      await deps.audit.recordPatientRead(actor, id, 'record');
      return toPatient(row, await today(), !seesIdentifiers(actor));
    },

    /** Past visits, newest first; the read is audited. */
    async visits(actor: Actor, id: number): Promise<VisitHistoryItem[]> {
      const row = await repo.findById(db, id);
      if (!row) throw notFound(PATIENT, id);
      const rows = await repo.visitHistory(db, id, 200);
      await deps.audit.recordPatientRead(actor, id, 'visits');
      return rows.map((v) => ({
        id: v.id,
        day: v.day,
        departmentId: v.department_id,
        department: v.department,
        doctor: v.doctor,
        kind: v.kind,
        status: v.status,
        queueLabel: v.queue_label,
        chiefComplaint: v.chief_complaint,
        diagnoses: parseDiagnoses(v.diagnoses_json),
      }));
    },

    /** Registers a patient; with `idem` (the form submission's key) a repeated submission
     *  (a double click, a retry) returns the patient it registered the first time. */
    async create(actor: Actor, input: CreatePatient, idem?: Idempotency): Promise<Patient> {
      if (isMasked(input.idNumber))
        throw invalid(
          'idNumber',
          t('号码中不能含有“*”,请输入完整号码', 'The number cannot contain "*"; enter the full number'),
        );
      if (isMasked(input.phone))
        throw invalid(
          'phone',
          t('号码中不能含有“*”,请输入完整号码', 'The number cannot contain "*"; enter the full number'),
        );
      if (isMasked(input.guardianPhone))
        throw invalid(
          'guardianPhone',
          t('号码中不能含有“*”,请输入完整号码', 'The number cannot contain "*"; enter the full number'),
        );
      const day = await today();
      const identity = resolveIdentity(input, clock.now(), day);
      const v = values(input, identity, input.phone, input.guardianPhone);
      return uow.write(async (tx) => {
        await assertNoDuplicate(
          tx.db,
          actor,
          { ...identity, name: input.name, confirm: input.confirmNotDuplicate === true },
          null,
          day,
          true,
        );
        let mrn = formatMrn(await nextSequence(tx.db, 'mrn'));
        while (await tx.db.selectFrom('patients').select('id').where('mrn', '=', mrn).executeTakeFirst()) {
          mrn = formatMrn(await nextSequence(tx.db, 'mrn'));
        }
        const id = await repo.insert(tx.db, mrn, v, tx.now);
        await repo.replaceSearchKeys(
          tx.db,
          id,
          searchKeys(
            { name: v.name, idNumber: v.idNumber, phone: v.phone, mrn },
            { initials: v.pinyinInitials, full: v.pinyinFull },
          ),
        );
        const row = (await repo.findById(tx.db, id))!;
        await tx.audit(actor, {
          action: 'patient.create',
          entity: 'patient',
          entityId: id,
          patientId: id,
          before: null,
          after: auditView(row),
          ...(input.confirmNotDuplicate ? { summary: { confirmedNotDuplicate: true } } : {}),
        });
        tx.emit(patientChanged(id, 'created'));
        return toPatient(row, day, !seesIdentifiers(actor));
      }, idem);
    },

    async update(actor: Actor, id: number, input: UpdatePatient): Promise<Patient> {
      const day = await today();
      return uow.write(async (tx) => {
        const before = await repo.findById(tx.db, id);
        if (!before) throw notFound(PATIENT, id);
        if (before.version !== input.version) throw staleVersion(PATIENT);
        const idNumber = keepMasked('idNumber', input.idNumber, before.id_number, maskIdNumber);
        const phone = keepMasked('phone', input.phone, before.phone, maskPhone);
        const guardianPhone = keepMasked('guardianPhone', input.guardianPhone, before.guardian_phone, maskPhone);
        const identity = resolveIdentity({ ...input, idNumber }, tx.now, day);
        const v = values(input, identity, phone, guardianPhone);
        const nameOrBirthChanged = v.name !== before.name || v.birthDate !== before.birth_date;
        await assertNoDuplicate(
          tx.db,
          actor,
          { ...identity, name: v.name, confirm: input.confirmNotDuplicate === true },
          id,
          day,
          nameOrBirthChanged,
        );
        await repo.update(tx.db, id, v, tx.now);
        await repo.replaceSearchKeys(
          tx.db,
          id,
          searchKeys(
            { name: v.name, idNumber: v.idNumber, phone: v.phone, mrn: before.mrn },
            { initials: v.pinyinInitials, full: v.pinyinFull },
          ),
        );
        const after = (await repo.findById(tx.db, id))!;
        await tx.audit(actor, {
          action: 'patient.update',
          entity: 'patient',
          entityId: id,
          patientId: id,
          before: auditView(before),
          after: auditView(after),
        });
        tx.emit(patientChanged(id, 'updated'));
        return toPatient(after, day, !seesIdentifiers(actor));
      });
    },
  };
}

/** Diagnoses as the doctor module stores them: [{ code, name }] (strings tolerated). */
function parseDiagnoses(json: string): Array<{ code: string | null; name: string }> {
  try {
    const v = JSON.parse(json) as unknown;
    if (!Array.isArray(v)) return [];
    return v.flatMap((d: unknown) => {
      if (typeof d === 'string') return [{ code: null, name: d }];
      if (d && typeof d === 'object') {
        const o = d as { code?: unknown; name?: unknown };
        const name = typeof o.name === 'string' ? o.name : typeof o.code === 'string' ? o.code : null;
        return name ? [{ code: typeof o.code === 'string' ? o.code : null, name }] : [];
      }
      return [];
    });
  } catch {
    return [];
  }
}

export type PatientsService = ReturnType<typeof createPatientsService>;
