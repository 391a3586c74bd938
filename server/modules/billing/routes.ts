// Billing (收费): HTTP only.
import { created, perm, route, type RouteDef } from '../../http/route.js';
import { notFound } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import type { ModuleContext } from '../context.js';
import { BOOKS_PERMISSION, createBooksService } from './books.js';
import {
  BillDetail,
  BillList,
  BillParam,
  Book,
  BookList,
  CashierList,
  ChargeResult,
  RefundResult,
  ShiftClosed,
  ShiftDetail,
  ShiftList,
  ShiftView,
  Unpaid,
  VoidedNumber,
  WaitingList,
  BillsQuery,
  BookBody,
  BooksQuery,
  ChargeBody,
  EmptyBody,
  IdParam,
  PatientParam,
  RefundBody,
  VoidNumberBody,
} from './schema.js';
import { createBillingService } from './service.js';
import { createShiftService } from './shifts.js';
import { createInvoiceService } from './invoices.js';

export function billingRoutes(m: ModuleContext): RouteDef[] {
  const billing = createBillingService(m);
  const shifts = createShiftService(m);
  const books = createBooksService(m);
  const invoices = createInvoiceService(m);
  const tag = 'billing';
  return [
    route({
      method: 'get',
      path: '/billing/waiting',
      response: WaitingList,
      tag,
      summary: 'Patients with signed, unpaid orders (waiting to pay)',
      auth: perm('billing.charge'),
      async handler() {
        return { items: await billing.waiting() };
      },
    }),
    route({
      method: 'get',
      path: '/billing/patients/:patientId/unpaid',
      response: Unpaid,
      tag,
      summary: "A patient's signed, unpaid orders with priced lines, totals by charge category",
      auth: perm('billing.charge'),
      params: PatientParam,
      async handler(req) {
        return billing.unpaid(req.actor!, req.params.patientId);
      },
    }),
    route({
      method: 'post',
      path: '/billing/charges',
      response: ChargeResult,
      tag,
      summary: 'Charge signed orders: bill, invoice number, payments, receipt print job (idempotent)',
      auth: perm('billing.charge'),
      idempotent: true,
      body: ChargeBody,
      async handler(req) {
        return created(await billing.charge(req.actor!, req.body, req.idem));
      },
    }),
    route({
      method: 'get',
      path: '/billing/bills',
      response: BillList,
      tag,
      summary: "Bills by patient, business day or shift (default: today's)",
      auth: perm('billing.charge'),
      query: BillsQuery,
      async handler(req) {
        return { items: await billing.list(req.query, req.actor!) };
      },
    }),
    route({
      method: 'get',
      path: '/billing/bills/:id',
      response: BillDetail,
      tag,
      summary: 'A bill with its lines (refundable quantities), payments and refunds',
      auth: perm('billing.charge'),
      params: IdParam,
      async handler(req) {
        return billing.get(req.actor!, req.params.id);
      },
    }),
    route({
      method: 'post',
      path: '/billing/bills/:billId/refund',
      response: RefundResult,
      tag,
      summary: 'Refund (退费) lines of a bill as a reversing bill (idempotent)',
      auth: perm('billing.refund'),
      idempotent: true,
      params: BillParam,
      body: RefundBody,
      async handler(req) {
        return created(await billing.refund(req.actor!, req.params.billId, req.body, req.idem));
      },
    }),
    route({
      method: 'get',
      path: '/billing/shift',
      response: ShiftView,
      tag,
      summary: "The signed-in cashier's open shift with live totals",
      auth: perm('billing.charge'),
      async handler(req) {
        return shifts.current(req.actor!);
      },
    }),
    route({
      method: 'get',
      path: '/billing/shifts',
      response: ShiftList,
      tag,
      summary: "The signed-in cashier's last 10 closed shifts with their saved totals",
      auth: perm('billing.charge'),
      async handler(req) {
        return { items: await shifts.recent(req.actor!) };
      },
    }),
    route({
      method: 'get',
      path: '/billing/shifts/:id',
      response: ShiftDetail,
      tag,
      summary: 'A shift with its totals',
      auth: perm('billing.close-shift'),
      params: IdParam,
      async handler(req) {
        const s = await shifts.get(req.params.id);
        if (!s) throw notFound(t('班次', 'Shift'), req.params.id, 'id');
        return s;
      },
    }),
    route({
      method: 'post',
      path: '/billing/shift/close',
      response: ShiftClosed,
      tag,
      summary: "Close (交班) the signed-in cashier's shift: totals saved, payments locked, report printed (idempotent)",
      auth: perm('billing.close-shift'),
      idempotent: true,
      body: EmptyBody,
      async handler(req) {
        return shifts.close(req.actor!, req.idem);
      },
    }),
    route({
      method: 'get',
      path: '/billing/invoice-books',
      response: BookList,
      tag,
      summary: 'Invoice books (票据号段): all with billing.invoice-books, else your own',
      auth: 'signed-in',
      query: BooksQuery,
      async handler(req) {
        return { items: await books.list(req.actor!, req.query) };
      },
    }),
    route({
      method: 'get',
      path: '/billing/cashiers',
      response: CashierList,
      tag,
      summary: 'Active users who may charge, for assigning invoice books',
      auth: perm(BOOKS_PERMISSION),
      async handler() {
        return { items: await books.cashiers() };
      },
    }),
    route({
      method: 'post',
      path: '/billing/invoice-books',
      response: Book,
      tag,
      summary: 'Assign an invoice book [startNo, endNo] to a cashier; ranges of a prefix never overlap',
      auth: perm(BOOKS_PERMISSION),
      body: BookBody,
      async handler(req) {
        return created(await books.create(req.actor!, req.body));
      },
    }),
    route({
      method: 'post',
      path: '/billing/invoice-books/:id/void',
      response: VoidedNumber,
      tag,
      summary:
        '作废: void a spoiled blank number of an invoice book with a reason ' +
        '(your own book, or billing.invoice-books); idempotent',
      auth: 'signed-in',
      idempotent: true,
      params: IdParam,
      body: VoidNumberBody,
      async handler(req) {
        return invoices.voidNumber(req.actor!, req.params.id, req.body, req.idem);
      },
    }),
    route({
      method: 'post',
      path: '/billing/invoice-books/:id/retire',
      response: Book,
      tag,
      summary: 'Retire an invoice book (its unused numbers are never issued)',
      auth: perm(BOOKS_PERMISSION),
      params: IdParam,
      body: EmptyBody,
      async handler(req) {
        return books.retire(req.actor!, req.params.id);
      },
    }),
  ];
}
