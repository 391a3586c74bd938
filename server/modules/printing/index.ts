// The printing module's public entry: what other modules and the print worker use. print_jobs
// is written only by this module: jobs are enqueued with the business write (jobs.ts) and moved
// through their states by the worker's commands (job-state.ts).
export {
  enqueuePrint,
  enqueuePrintJob,
  enqueuePrints,
  noPrinterText,
  PRINTER_OF,
  printableJobsSaved,
  type PrintOutcome,
  type PrintRequest,
} from './jobs.js';
export { cancelPendingJobsSince, endPrintAttempt, failInterruptedJob, startPrintAttempt } from './job-state.js';
