// 腕带 (wristband, issue 12 item 9): the print job saved in the caller's transaction at the asking
// workstation's label printer (layout `wristband`, devices/printer/layouts/wristband.ts): the patient,
// the stay number as a QR code, ward and bed, admission date, attending doctor and allergies.
import type { Actor } from '../../http/actor.js';
import type { Tx } from '../../lib/uow.js';
import { enqueuePrint, type PrintOutcome } from '../printing/index.js';
import { getInstitutionSettings } from '../settings/index.js';
import { staySummary } from '../stays/index.js';
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
