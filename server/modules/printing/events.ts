// Printing events: a job's status pushed to the browsers of the workstation that asked.
import { publish } from '../../realtime/bus.js';
import { PRINT_EVENTS, type PrintJobUpdatedPayload } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';

export const PRINT_JOB_UPDATED = PRINT_EVENTS.jobUpdated;
export type { PrintJobUpdatedPayload };
export type PrintJobStatus = PrintJobUpdatedPayload['status'];

export function printJobUpdated(workstationId: number, payload: PrintJobUpdatedPayload) {
  return publish(PRINT_JOB_UPDATED, payload, [rooms.workstation(workstationId)]);
}
