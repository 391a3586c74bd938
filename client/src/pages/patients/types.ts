// Shapes of the patients API: the server's zod schemas (server/modules/patients/schema.ts),
// imported type-only.
import { PATIENT_EVENTS } from '../../../../core/contract.js';

export type { Patient, PatientSummary, VisitHistoryItem } from '../../../../server/modules/patients/schema.js';

export const PATIENT_CHANGED = PATIENT_EVENTS.changed;
