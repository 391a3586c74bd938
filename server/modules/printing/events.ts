// Printing events: a job's status pushed to the browsers of the workstation that asked.
import type { DomainEvent } from '../../realtime/bus.js';
import { rooms } from '../../realtime/rooms.js';

export const PRINT_JOB_UPDATED = 'print:job-updated';

export type PrintJobStatus = 'pending' | 'printing' | 'done' | 'failed' | 'cancelled';

export interface PrintJobUpdatedPayload {
  jobId: number;
  status: PrintJobStatus;
  attempts: number;
  error: string | null;
}

export function printJobUpdated(workstationId: number, payload: PrintJobUpdatedPayload): DomainEvent<PrintJobUpdatedPayload> {
  return { name: PRINT_JOB_UPDATED, rooms: [rooms.workstation(workstationId)], payload };
}
