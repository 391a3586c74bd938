// Printing: HTTP only.
import { HttpResult, perm, route, type RouteDef } from '../../http/route.js';
import { InvoiceTemplate } from './schema.js';
import {
  BillParam,
  InvoicePrintBody,
  InvoicePrintResult,
  InvoiceReprintBody,
  JobList,
  LpResult,
  TemplateTest,
  JobView,
  JobsQuery,
  LayoutParam,
  PaperQuery,
  TestPrint,
  TestResult,
  idParam,
} from './schema.js';
import type { PrintingService } from './service.js';
import { fileResponse } from '../../http/responses.js';

const HTML_TYPE = 'text/html; charset=utf-8';
const html = (s: string) => new HttpResult(200, s, HTML_TYPE);
const HTML = fileResponse<string>(HTML_TYPE);

export function printingRoutes(p: PrintingService): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/printing/jobs',
      tag: 'printing',
      summary: "A workstation's print jobs, newest first (its own users; devices.manage for all)",
      auth: 'signed-in',
      query: JobsQuery,
      response: JobList,
      handler: (req) => p.list(req.actor!, req.query),
    }),
    route({
      method: 'get',
      path: '/printing/jobs/:id',
      tag: 'printing',
      summary: 'One print job',
      auth: 'signed-in',
      params: idParam,
      response: JobView,
      handler: (req) => p.get(req.actor!, req.params.id),
    }),
    route({
      method: 'get',
      path: '/printing/jobs/:id/preview',
      tag: 'printing',
      summary: 'The job as it prints (HTML: the same columns and line breaks as the paper)',
      auth: 'signed-in',
      params: idParam,
      response: HTML,
      handler: async (req) => html(await p.preview(req.actor!, req.params.id)),
    }),
    route({
      method: 'post',
      path: '/printing/jobs/:id/reprint',
      tag: 'printing',
      summary: 'Print a job again (failed: requeued whole; done: a new copy; pending: unchanged); idempotent',
      auth: 'signed-in',
      idempotent: true,
      params: idParam,
      response: JobView,
      handler: (req) => p.reprint(req.actor!, req.params.id, req.idem),
    }),
    route({
      method: 'post',
      path: '/printing/test',
      tag: 'printing',
      summary: "Print a test page on a printer (this workstation's printers; devices.manage for any)",
      auth: 'signed-in',
      body: TestPrint,
      response: TestResult,
      handler: (req) => p.test(req.actor!, req.body.printer),
    }),
    route({
      method: 'get',
      path: '/printing/layouts/:layout/preview',
      tag: 'printing',
      summary: 'A layout with sample data, as it prints (HTML)',
      auth: 'signed-in',
      params: LayoutParam,
      query: PaperQuery,
      response: HTML,
      handler: async (req) => html(await p.sample(req.params.layout, Number(req.query.paper) as 58 | 80)),
    }),
    route({
      method: 'get',
      path: '/printing/invoice-template',
      tag: 'printing',
      summary: 'The invoice form template (field positions in mm)',
      auth: 'signed-in',
      response: InvoiceTemplate,
      handler: () => p.invoiceTemplate(),
    }),
    route({
      method: 'put',
      path: '/printing/invoice-template',
      tag: 'printing',
      summary: 'Save the invoice form template',
      auth: perm('devices.manage'),
      body: InvoiceTemplate,
      response: InvoiceTemplate,
      handler: (req) => p.saveInvoiceTemplate(req.actor!, req.body),
    }),
    route({
      method: 'post',
      path: '/printing/invoice-template/test',
      tag: 'printing',
      summary:
        'Print the template (field names, sample values, a mm ruler) on a CUPS queue (default: this ' +
        "workstation's invoice printer)",
      auth: 'signed-in',
      body: TemplateTest,
      response: LpResult,
      handler: (req) => p.testInvoiceTemplate(req.actor!, req.body.queue),
    }),
    route({
      method: 'get',
      path: '/printing/invoices/:billId.pdf',
      tag: 'printing',
      summary: "A bill's invoice as an A4 PDF",
      auth: perm('billing.charge'),
      params: BillParam,
      response: fileResponse('application/pdf'),
      handler: async (req) => new HttpResult(200, await p.invoicePdf(req.actor!, req.params.billId), 'application/pdf'),
    }),
    route({
      method: 'post',
      path: '/printing/invoices/:billId/print',
      tag: 'printing',
      summary:
        "打印发票: print a bill's invoice under its valid number (issued now if it has none) on this " +
        "workstation's CUPS queue (lp); a printed number is never printed again (idempotent)",
      auth: perm('billing.charge'),
      idempotent: true,
      params: BillParam,
      body: InvoicePrintBody,
      response: InvoicePrintResult,
      handler: (req) => p.printInvoice(req.actor!, req.params.billId, req.idem),
    }),
    route({
      method: 'post',
      path: '/printing/invoices/:billId/reprint',
      tag: 'printing',
      summary:
        "补打: void the bill's invoice number (reason 补打) and print the invoice under a new number from your " +
        'book (idempotent)',
      auth: perm('billing.charge'),
      idempotent: true,
      params: BillParam,
      body: InvoiceReprintBody,
      response: InvoicePrintResult,
      handler: (req) => p.reprintInvoice(req.actor!, req.params.billId, req.body.note, req.idem),
    }),
  ];
}
