// Printing: HTTP only.
import { HttpResult, perm, route, type RouteDef } from '../../http/route.js';
import { InvoiceTemplate } from './invoice.js';
import { BillParam, JobList, LpResult, TemplateTest, JobView, JobsQuery, LayoutParam, PaperQuery, TestPrint, TestResult, idParam } from './schema.js';
import type { PrintingService } from './service.js';

const html = (s: string) => new HttpResult(200, s, 'text/html; charset=utf-8');

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
      summary: "Print the template (field names, sample values, a mm ruler) on a CUPS queue (default: this workstation's invoice printer)",
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
      handler: async (req) => new HttpResult(200, await p.invoicePdf(req.actor!, req.params.billId), 'application/pdf'),
    }),
    route({
      method: 'post',
      path: '/printing/invoices/:billId/print',
      tag: 'printing',
      summary: "Print a bill's invoice on the pre-printed form in this workstation's CUPS queue (lp)",
      auth: perm('billing.charge'),
      params: BillParam,
      response: LpResult,
      handler: (req) => p.printInvoice(req.actor!, req.params.billId),
    }),
  ];
}


