// 腕带 (wristband, issue 12 item 9) and 床头卡 (bed card): print jobs saved in the caller's transaction at
// the asking workstation's label printer (layout `wristband`: the patient, the stay number as a QR code,
// ward and bed, admission date, attending doctor, allergies) or receipt printer (layout `bed-card`: the
// bed, the patient, diagnosis, doctors, nurse, nursing level, diet, allergies).
import type { Actor } from '../../http/actor.js';
import type { Tx } from '../../lib/uow.js';
import { enqueuePrint, type PrintOutcome } from '../printing/index.js';
import { getInstitutionSettings } from '../settings/index.js';
import { stayForWrite, staySummary } from '../stays/index.js';
import * as repo from './repo.js';

/** What the wristband layout prints. */
export interface WristbandPayload {
  institution: string;
  stayNo: string;
  patient: { name: string; sex: 'M' | 'F'; age: number; mrn: string };
  ward: string;
  bed: string | null;
  admittedAt: number;
  doctor: string | null;
  allergies: string;
}

export async function wristbandJob(tx: Tx, actor: Actor, stayId: number): Promise<PrintOutcome> {
  const s = await staySummary(tx.db, stayId, tx.now);
  const bed = s.bedId === null ? undefined : await repo.bed(tx.db, s.bedId);
  const inst = await getInstitutionSettings(tx.db);
  const allergies = await repo.patientAllergies(tx.db, s.patient.id);
  const payload: WristbandPayload = {
    institution: inst.name,
    stayNo: s.stayNo,
    patient: { name: s.patient.name, sex: s.patient.sex, age: s.patient.age, mrn: s.patient.mrn },
    ward: s.wardName,
    bed: bed?.code ?? null,
    admittedAt: s.admittedAt,
    doctor: s.attendingDoctorName,
    allergies: allergies.join('、'),
  };
  return enqueuePrint(tx, {
    workstationId: actor.workstationId,
    layout: 'wristband',
    payload,
    ref: { type: 'inpatient_stay', id: stayId },
    userId: actor.userId,
  });
}

/** What the bed card layout prints. */
export interface BedCardPayload {
  institution: string;
  stayNo: string;
  patient: { name: string; sex: 'M' | 'F'; age: number; mrn: string };
  ward: string;
  bed: string;
  admittedAt: number;
  diagnosis: string;
  attendingDoctor: string | null;
  residentDoctor: string | null;
  nurse: string | null;
  nursingLevel: string | null;
  diet: string | null;
  allergies: string;
}

/** The stay's bed card (床头卡); null when the stay is in no bed. */
export async function bedCardJob(tx: Tx, actor: Actor, stayId: number): Promise<PrintOutcome | null> {
  const row = await stayForWrite(tx, stayId);
  const s = await staySummary(tx.db, stayId, tx.now);
  const bed = row.bed_id === null ? undefined : await repo.bed(tx.db, row.bed_id);
  if (!bed) return null;
  const names = await repo.staffNames(
    tx.db,
    [row.resident_doctor_id, row.nurse_id].filter((x): x is number => x !== null),
  );
  const inst = await getInstitutionSettings(tx.db);
  const payload: BedCardPayload = {
    institution: inst.name,
    stayNo: s.stayNo,
    patient: { name: s.patient.name, sex: s.patient.sex, age: s.patient.age, mrn: s.patient.mrn },
    ward: s.wardName,
    bed: bed.code,
    admittedAt: s.admittedAt,
    diagnosis: s.admissionDiagName,
    attendingDoctor: s.attendingDoctorName,
    residentDoctor: row.resident_doctor_id === null ? null : (names.get(row.resident_doctor_id) ?? null),
    nurse: row.nurse_id === null ? null : (names.get(row.nurse_id) ?? null),
    nursingLevel: s.nursingLevel,
    diet: row.diet,
    allergies: (await repo.patientAllergies(tx.db, s.patient.id)).join('、'),
  };
  return enqueuePrint(tx, {
    workstationId: actor.workstationId,
    layout: 'bed-card',
    payload,
    ref: { type: 'inpatient_stay', id: stayId },
    userId: actor.userId,
  });
}
