// Commands of the patients module that others call (through its index.ts): it owns patients and
// patient_search (server/modules/owners.ts). The demo seed loads its patients in bulk here.
import type { Insertable } from 'kysely';
import type { Db } from '../../../db/connection.js';
import type { PatientSearchTable, PatientsTable } from '../../../db/schema.js';
import type { Trx } from '../../lib/uow.js';

/** Patient rows as given (MRNs taken by the caller), in chunks of 200. */
export async function insertPatientRows(db: Db | Trx, rows: Insertable<PatientsTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('patients')
      .values(rows.slice(i, i + 200))
      .execute();
}

/** Search keys of patients (patients/keys.ts searchKeys); a key already there is left alone. */
export async function insertSearchKeyRows(db: Db | Trx, rows: Insertable<PatientSearchTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 400)
    await db
      .insertInto('patient_search')
      .values(rows.slice(i, i + 400))
      .onConflict((oc) => oc.doNothing())
      .execute();
}
