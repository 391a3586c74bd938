// Printing (打印): print jobs of a workstation, reprints, test pages, previews. The module's
// factory starts the print worker (server/jobs/print-worker.ts) and registers its stop.
import type { Paper } from '../../../devices/printer/doc.js';
import { toEscPos } from '../../../devices/printer/escpos.js';
import { toHtmlPage } from '../../../devices/printer/html.js';
import {
  SAMPLES,
  isThermalLayout,
  renderLayout,
  testPage,
  type ThermalLayout,
} from '../../../devices/printer/layouts/index.js';
import { BadTarget, parseTarget } from '../../../devices/printer/target.js';
import { PrinterError, send } from '../../../devices/printer/transport.js';
import type { Actor } from '../../http/actor.js';
import { DomainError, forbidden, notFound } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import type { Idempotency } from '../../lib/uow.js';
import { startPrintWorker, type PrintWorker } from '../../jobs/print-worker.js';
import type { ModuleContext } from '../context.js';
import { getInstitutionSettings } from '../settings/index.js';
import { printJobUpdated } from './events.js';
import { PRINTER_OF, noPrinterText } from './jobs.js';
import { DEFAULT_TEMPLATE, a4Pdf, formPdf, invoiceData, lpPrint, type LpResult } from './invoice.js';
import { InvoiceTemplate } from './schema.js';
import * as repo from './repo.js';
import { writeSetting } from '../settings/index.js';
import type { JobsQuery, JobView } from './schema.js';
import { createInvoiceService, type InvoiceTicket } from '../billing/index.js';

const JOB = t('打印任务', 'Print job');
export const TEMPLATE_KEY = 'printing.invoiceTemplate';
const workers = new WeakMap<object, PrintWorker>();

/** The print worker of a server (by its database handle), for tests. */
export function printWorkerOf(db: object): PrintWorker | undefined {
  return workers.get(db);
}

export function createPrintingService(ctx: ModuleContext) {
  const { db, uow } = ctx;
  const worker = startPrintWorker(ctx);
  workers.set(db, worker);
  ctx.devices.onStop(() => worker.stop());

  const manages = (a: Actor) => a.permissions.has('devices.manage');

  /** The asking workstation's users see its jobs; devices.manage sees all. */
  function maySee(a: Actor, workstationId: number | null): void {
    if (manages(a) || (workstationId !== null && workstationId === a.workstationId)) return;
    throw forbidden(
      'not_your_workstation',
      t(
        '只能查看本工作站的打印任务(或需要“读卡器与打印机管理”权限)',
        "Only this workstation's print jobs (or the devices.manage permission)",
      ),
    );
  }

  async function loadJob(a: Actor, id: number) {
    const j = await repo.job(db, id);
    if (!j) throw notFound(JOB, id, 'id');
    maySee(a, j.workstation_id);
    return j;
  }

  async function layoutContext(paper: Paper) {
    const inst = await getInstitutionSettings(db);
    return { paper, institution: inst.name, timeZone: inst.timeZone };
  }

  function paperOf(printer: string | null, fallback: Paper): Paper {
    if (!printer) return fallback;
    try {
      return parseTarget(printer).paper;
    } catch {
      return fallback;
    }
  }

  async function template(q: Parameters<typeof repo.setting>[0] = db): Promise<InvoiceTemplate> {
    const raw = await repo.setting(q, TEMPLATE_KEY);
    const parsed = raw ? InvoiceTemplate.safeParse(JSON.parse(raw)) : null;
    return parsed?.success ? parsed.data : DEFAULT_TEMPLATE;
  }

  // The invoice's facts and numbers belong to billing (invoice-numbers.ts, the usage ledger).
  const invoices = createInvoiceService(ctx);

  /** The bill's invoice as printed now: its valid number, what is kept after refunds. */
  async function billInvoice(billId: number) {
    const facts = await invoices.facts(billId);
    if (!facts.invoiceNo) {
      throw new DomainError(
        409,
        'invoice_not_issued',
        t(
          '该收费单没有有效的发票号(尚未开票,或已全部退费)',
          'This bill has no valid invoice number (not issued yet, or refunded in full)',
        ),
        'billId',
      );
    }
    const inst = await getInstitutionSettings(db);
    return invoiceData(facts, inst.name, inst.timeZone);
  }

  /** Prints the ticket's number on the form (after the number was claimed in a transaction). */
  async function printTicket(
    a: Actor,
    tk: InvoiceTicket & { fresh: boolean },
    q: string,
    action: 'print' | 'reprint',
  ): Promise<LpResult & { invoiceNo: string; voidedNo: string | null }> {
    const out = { invoiceNo: tk.invoiceNo, voidedNo: tk.voidedNo };
    // A replayed request (double click) does not print the number a second time.
    if (!tk.fresh) return { ...(await invoices.lastPrintOf(tk.billId, tk.invoiceNo)), ...out };
    const d = await billInvoice(tk.billId);
    const tpl = await template();
    const r = await lpPrint(q, await formPdf(tpl, d), {
      title: `发票 ${d.invoiceNo}`,
      widthMm: tpl.pageWidthMm,
      heightMm: tpl.pageHeightMm,
    });
    await invoices.finishPrint(a, tk, q, r, action);
    return { ...r, ...out };
  }

  async function invoiceQueue(a: Actor, asked: string | undefined): Promise<string> {
    const ws = a.workstationId === null ? undefined : await repo.workstationPrinters(db, a.workstationId);
    const own = ws?.invoice_printer ?? null;
    if (asked && asked !== own && !manages(a)) {
      throw forbidden(
        'not_your_printer',
        t(
          '只能使用本工作站的发票打印机(或需要“读卡器与打印机管理”权限)',
          "Only this workstation's invoice printer (or the devices.manage permission)",
        ),
      );
    }
    const q = asked ?? own;
    if (!q)
      throw new DomainError(
        409,
        'no_invoice_printer',
        t('该工作站未设置发票打印机(CUPS 队列名)', 'This workstation has no invoice printer (CUPS queue) set'),
        'queue',
      );
    return q;
  }

  return {
    worker,

    invoiceTemplate: () => template(),

    async saveInvoiceTemplate(a: Actor, next: InvoiceTemplate): Promise<InvoiceTemplate> {
      return uow.write(async (tx) => {
        const before = await template(tx.db);
        await writeSetting(tx.db, TEMPLATE_KEY, JSON.stringify(next), tx.now, a.userId);
        await tx.audit(a, {
          action: 'print.invoice-template',
          entity: 'settings',
          entityId: TEMPLATE_KEY,
          before,
          after: next,
        });
        return next;
      });
    },

    /** Prints the template on its form with field names and sample values, plus a mm ruler. */
    async testInvoiceTemplate(a: Actor, queue: string | undefined): Promise<LpResult> {
      const q = await invoiceQueue(a, queue);
      const tpl = await template();
      const inst = await getInstitutionSettings(db);
      const pdf = await formPdf(tpl, invoiceData(SAMPLES.receipt, inst.name, inst.timeZone), { labels: true });
      return lpPrint(q, pdf, { title: '发票模板测试', widthMm: tpl.pageWidthMm, heightMm: tpl.pageHeightMm });
    },

    async invoicePdf(a: Actor, billId: number): Promise<Buffer> {
      const d = await billInvoice(billId);
      await ctx.audit.recordPatientRead(a, (await repo.patientOfBill(db, billId)) ?? 0, 'printing.invoice-pdf');
      return a4Pdf(d);
    },

    /**
     * 打印发票: the bill's invoice on the pre-printed form in this workstation's CUPS queue,
     * under its valid number (issued now if the bill has none). A number printed once is not
     * printed again (补打 gives a new number); a failed lp may be retried under the same number.
     */
    async printInvoice(a: Actor, billId: number, idem: Idempotency | undefined) {
      const q = await invoiceQueue(a, undefined);
      return printTicket(a, await invoices.beginPrint(a, billId, q, idem), q, 'print');
    },

    /** 补打: voids the bill's invoice number (reason 补打) and prints it under a new number. */
    async reprintInvoice(a: Actor, billId: number, note: string | undefined, idem: Idempotency | undefined) {
      const q = await invoiceQueue(a, undefined);
      return printTicket(a, await invoices.beginReprint(a, billId, q, note, idem), q, 'reprint');
    },

    async list(a: Actor, q: JobsQuery): Promise<{ items: JobView[] }> {
      const workstationId = q.workstationId ?? (manages(a) ? undefined : (a.workstationId ?? undefined));
      // A computer that is no workstation has no print jobs of its own.
      if (workstationId === undefined && !manages(a)) return { items: [] };
      if (workstationId !== undefined) maySee(a, workstationId);
      const rows = await repo.jobs(db, { workstationId, status: q.status, limit: q.limit });
      return { items: rows.map(repo.view) };
    },

    async get(a: Actor, id: number): Promise<JobView> {
      return repo.view(await loadJob(a, id));
    },

    /**
     * Prints a job again. A failed (or cancelled) job goes back to the queue whole, to the
     * workstation's current printer when one is set; a done job is copied into a new job (a
     * second copy on paper); a pending or printing job is already on its way (no change).
     */
    async reprint(a: Actor, id: number, idem: Idempotency | undefined): Promise<JobView> {
      await loadJob(a, id);
      const out = await uow.write(async (tx) => {
        const j = (await repo.job(tx.db, id))!;
        if (j.status === 'pending' || j.status === 'printing') return repo.view(j);
        let printer = j.printer;
        if (j.workstation_id !== null) {
          const ws = await repo.workstationPrinters(tx.db, j.workstation_id);
          printer = ws?.[PRINTER_OF[j.layout]] ?? printer;
        }
        let newId = id;
        if (j.status === 'done') {
          const r = await tx.db
            .insertInto('print_jobs')
            .values({
              workstation_id: j.workstation_id,
              printer,
              layout: j.layout,
              payload_json: j.payload_json,
              last_error: printer ? null : noPrinterText(j.layout).zh,
              ref_type: j.ref_type,
              ref_id: j.ref_id,
              created_by: a.userId,
              created_at: tx.now,
              updated_at: tx.now,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          newId = r.id;
        } else {
          await tx.db
            .updateTable('print_jobs')
            .set({
              status: 'pending',
              attempts: 0,
              last_error: printer ? null : noPrinterText(j.layout).zh,
              printer,
              updated_at: tx.now,
            })
            .where('id', '=', id)
            .execute();
        }
        const after = (await repo.job(tx.db, newId))!;
        await tx.audit(a, {
          action: 'print.reprint',
          entity: 'print_job',
          entityId: newId,
          before: { id, status: j.status, printer: j.printer },
          after: { id: newId, status: after.status, printer: after.printer },
        });
        if (after.workstation_id !== null)
          tx.emit(
            printJobUpdated(after.workstation_id, {
              jobId: after.id,
              status: after.status,
              attempts: after.attempts,
              error: after.last_error,
              layout: after.layout,
            }),
          );
        return repo.view(after);
      }, idem);
      worker.kick();
      return out;
    },

    /** Prints a test page now and says whether the printer confirmed it. */
    async test(a: Actor, printer: string): Promise<{ ok: boolean; error: string | null }> {
      if (!manages(a)) {
        const ws = a.workstationId === null ? undefined : await repo.workstationPrinters(db, a.workstationId);
        if (!ws || ![ws.receipt_printer, ws.label_printer].includes(printer)) {
          throw forbidden(
            'not_your_printer',
            t(
              '只能测试本工作站的打印机(或需要“读卡器与打印机管理”权限)',
              "Only this workstation's printers (or the devices.manage permission)",
            ),
          );
        }
      }
      let target: ReturnType<typeof parseTarget>;
      try {
        target = parseTarget(printer);
      } catch (e) {
        if (e instanceof BadTarget) throw new DomainError(422, 'invalid', t(e.message, e.message), 'printer');
        throw e;
      }
      const c = await layoutContext(target.paper);
      const at = new Intl.DateTimeFormat('zh-CN', {
        timeZone: c.timeZone,
        dateStyle: 'short',
        timeStyle: 'medium',
      }).format(ctx.clock.now());
      try {
        await send(target, toEscPos(testPage({ ...c, printer, at }), { hanzi: target.hanzi }));
        return { ok: true, error: null };
      } catch (e) {
        if (e instanceof PrinterError) return { ok: false, error: e.message };
        throw e;
      }
    },

    /** The job as it prints, as an HTML page. */
    async preview(a: Actor, id: number): Promise<string> {
      const j = await loadJob(a, id);
      if (!isThermalLayout(j.layout))
        throw new DomainError(422, 'no_preview', t('发票请用发票预览(PDF)', 'Invoices preview as PDF'), 'id');
      const doc = renderLayout(j.layout, JSON.parse(j.payload_json), await layoutContext(paperOf(j.printer, 80)));
      // A ticket, slip, label or receipt names its patient: the preview is an audited read.
      const patientId = await repo.patientOfJob(db, j.ref_type, j.ref_id);
      if (patientId !== undefined)
        await ctx.audit.recordPatientRead(a, patientId, `printing.preview job ${j.id} (${j.layout})`);
      return toHtmlPage(doc, `#${j.id} ${j.layout}`);
    },

    /** A layout with sample data (the settings page's previews). */
    async sample(layout: ThermalLayout, paper: Paper): Promise<string> {
      return toHtmlPage(renderLayout(layout, SAMPLES[layout], await layoutContext(paper)), layout);
    },
  };
}

export type PrintingService = ReturnType<typeof createPrintingService>;
