// The billing module's public entry: what other modules (and the server, the demo seeds) use; its
// wiring is module.ts. Everything else in this folder is internal.
export { dayRange } from './day.js';
export { hasNumbers } from './invoice-numbers.js';
export { createInvoiceService, type InvoiceTicket } from './invoices.js';
export { lineBalances, recordCharge, recordRefund, type PaymentInput } from './ledger.js';
export { billReceipt } from './receipt.js';
export { createBillingService } from './service.js';
export { createShiftService } from './shifts.js';
// An invoice book as the admin page opens it (the demo seed's books); billing owns invoice_books.
export { insertBook as insertInvoiceBook } from './repo.js';
