// The cashier (划价收费): unpaid signed orders of a patient, charging them, bills, refunds (退费).
// Shifts are in shifts.ts, invoice books in books.ts; every bill row is written by ledger.ts.
import type { Actor } from '../../http/actor.js';
import { conflict, notFound } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import type { Idempotency, Tx } from '../../lib/uow.js';
import { enqueuePrint } from '../printing/index.js';
import { getInstitutionSettings } from '../settings/index.js';
import type { ModuleContext } from '../context.js';
import { categoriesOf, presentReceipt, presentSummary } from './present.js';
import { invoiceChanged } from './events.js';
import { dayOf, dayRange } from '../../../core/calendar.js';
import { planCharge, validUntil } from './charge-plan.js';
import { markPaid } from '../orders/index.js';
import { setVisitPayer } from '../outpatient/index.js';
import { lineBalances, recordCharge, recordRefund } from './ledger.js';
import * as ledgerRepo from './ledger-repo.js';
import * as repo from './repo.js';
import { createInvoiceService } from './invoices.js';
import type { BillsQuery, ChargeBody, RefundBody } from './schema.js';

export const BILL = t('收费单', 'Bill');

export const PATIENT = t('患者', 'Patient');

type BillRow = Awaited<ReturnType<typeof repo.listBills>>[number];

type InvoiceService = ReturnType<typeof createInvoiceService>;

/**
 * Adds each bill's invoice facts: a charge's valid number (null once voided by a full refund), whether
 * it was printed, every number it had; a refund's reversed number.
 */
async function withInvoices<T extends { id: number; kind: 'charge' | 'refund'; invoiceNo: string | null }>(
  invoices: InvoiceService,
  bills: T[],
): Promise<Array<T & BillInvoiceFacts>> {
  const charges = bills.filter((b) => b.kind === 'charge').map((b) => b.id);
  const refundIds = bills.filter((b) => b.kind === 'refund').map((b) => b.id);
  const [hist, rev] = await Promise.all([invoices.history(charges), invoices.ofRefunds(refundIds)]);
  return bills.map((b) => {
    const h = hist.get(b.id);
    const r = rev.get(b.id);
    const current = h ? (h.rows.length ? h.current : b.invoiceNo) : null;
    return {
      ...b,
      invoiceNo: b.kind === 'charge' ? current : null,
      invoicePrinted: !!(current && h?.printed.has(current)),
      /** Every number the bill had (for finding it by an old number). */
      invoiceNos: h ? [...new Set(h.rows.map((x) => x.invoiceNo))] : [],
      /** On a refund: the invoice number it reverses (voided by it) and the one issued for the kept part. */
      reversesInvoiceNo: r?.reversesInvoiceNo ?? null,
      newInvoiceNo: r?.newInvoiceNo ?? null,
    };
  });
}
export interface BillInvoiceFacts {
  invoicePrinted: boolean;
  invoiceNos: string[];
  reversesInvoiceNo: string | null;
  newInvoiceNo: string | null;
}
export type BillSummary = ReturnType<typeof presentSummary> & BillInvoiceFacts;

export function createBillingService(deps: Pick<ModuleContext, 'db' | 'uow' | 'audit' | 'clock'>) {
  const { db, uow, audit, clock } = deps;
  const invoices = createInvoiceService(deps);

  async function summaries(rows: BillRow[]): Promise<BillSummary[]> {
    const ids = rows.map((r) => r.id);
    const [payments, refunds] = await Promise.all([repo.paymentsOfBills(db, ids), repo.refundBillIds(db, ids)]);
    return withInvoices(
      invoices,
      rows.map((r) => presentSummary(r, payments, refunds)),
    );
  }

  async function receiptPayload(tx: Tx, billId: number) {
    const bill = (await repo.billsByIds(tx.db, [billId]))[0]!;
    const lines = await repo.billLinesWithItems(tx.db, billId);
    const payments = await repo.paymentsOfBills(tx.db, [billId]);
    return presentReceipt(bill, lines, payments);
  }

  return {
    /** Patients waiting to pay (signed, unpaid orders), longest waiting first. */
    async waiting() {
      const rows = await repo.waitingPatients(db, 100);
      return rows.map((r) => ({
        patientId: r.id,
        name: r.name,
        mrn: r.mrn,
        sex: r.sex,
        orderCount: Number(r.order_count),
        totalFen: Number(r.total_fen),
        firstSignedAt: r.first_signed_at,
      }));
    },

    /** Signed, unpaid orders of a patient with priced lines, grouped by charge category. */
    async unpaid(actor: Actor, patientId: number) {
      const p = await repo.patientBrief(db, patientId);
      if (!p) throw notFound(PATIENT, patientId, 'patientId');
      await audit.recordPatientRead(actor, patientId, 'billing.unpaid');
      const orders = await repo.ordersOfPatient(db, patientId, ['signed']);
      // The items' current (发票归类) categories: what the charge will use.
      const lines = (
        await repo.orderLines(
          db,
          orders.map((o) => o.id),
        )
      ).map((l) => ({ ...l, charge_category: l.item_charge_category }));
      const tz = (await getInstitutionSettings(db)).timeZone;
      const today = dayOf(clock.now(), tz);
      const last = orders[orders.length - 1];
      return {
        patient: {
          id: p.id,
          mrn: p.mrn,
          name: p.name,
          sex: p.sex,
          birthDate: p.birth_date,
          insuranceNo: p.insurance_no,
        },
        payer: (last?.visit_payer ?? 'cash') as 'cash' | 'insured',
        orders: orders.map((o) => ({
          orderId: o.id,
          visitId: o.visit_id,
          kind: o.kind,
          departmentName: o.department_name,
          doctorName: o.doctor_name,
          signedAt: o.signed_at,
          totalFen: o.total_fen,
          version: o.version,
          validUntil: validUntil(o, tz),
          expired: (validUntil(o, tz) ?? today) < today,
          lines: lines
            .filter((l) => l.order_id === o.id)
            .map((l) => ({
              orderLineId: l.id,
              itemId: l.item_id,
              name: l.name,
              spec: l.spec,
              unit: l.unit,
              packUnit: l.pack_unit,
              quantity: l.quantity,
              unitPriceFen: l.unit_price_fen,
              packSize: l.pack_size,
              amountFen: l.amount_fen,
              chargeCategory: l.charge_category,
            })),
        })),
        categories: categoriesOf(lines),
        totalFen: lines.reduce((s, l) => s + l.amount_fen, 0),
        /** 异常金额: a line or the bill above these (fen; 0 = never) needs the cashier's confirmation. */
        unusual: (await getInstitutionSettings(db)).billing,
      };
    },

    /** Charges whole signed orders: one bill, its invoice number, payments, receipt print job. */
    charge(actor: Actor, body: ChargeBody, idem: Idempotency | undefined) {
      return uow.write(async (tx) => {
        // Read, plan (pure: charge-plan.ts), then apply.
        const orders = await repo.ordersByIds(tx.db, body.orderIds);
        const settings = await getInstitutionSettings(tx.db);
        const visitIds = [...new Set(orders.map((o) => o.visit_id))];
        const plan = planCharge({
          patientId: body.patientId,
          orderIds: body.orderIds,
          payer: body.payer,
          confirmUnusual: body.confirmUnusual === true,
          orders,
          lines: await repo.orderLines(tx.db, body.orderIds),
          now: tx.now,
          timeZone: settings.timeZone,
          warn: settings.billing,
          otherPayerVisits: await repo.visitsWithOtherPayer(tx.db, visitIds, body.payer),
        });
        const { lines, chargeLines, visitId } = plan;
        // The insurer's part is never asked for inside this transaction: an insured visit is settled
        // with the insurer through insurance-settlement (2206/2207 over the network, then its own
        // write). A charge here with payer 'insured' is the patient paying all (the fund part 0).
        const r = await recordCharge(tx, {
          patientId: body.patientId,
          visitId,
          payer: body.payer,
          cashierUserId: actor.userId,
          lines: chargeLines,
          payments: body.payments,
          invoice: true,
          insuranceFundFen: 0,
          itemsConfirmed: true,
        });
        await markPaid(tx, body.orderIds, tx.now);
        for (const v of plan.payerSwitches) {
          await setVisitPayer(tx.db, v.visitId, body.payer, tx.now);
          await tx.audit(actor, {
            action: 'visit.payer-switched',
            entity: 'visit',
            entityId: v.visitId,
            patientId: body.patientId,
            before: { payer: v.from, version: v.version },
            after: { payer: body.payer, version: v.version + 1 },
          });
        }
        const patient = (await repo.patientBrief(tx.db, body.patientId))!;
        const receipt = presentReceipt(
          {
            kind: 'charge',
            id: r.billId,
            reverses_id: null,
            invoice_no: r.invoiceNo,
            at: tx.now,
            patient_name: patient.name,
            mrn: patient.mrn,
            payer: body.payer,
            cashier_name: actor.staffName,
            total_fen: r.totalFen,
            insurance_fund_fen: r.insuranceFundFen,
            patient_pay_fen: r.patientPayFen,
            reason: null,
          },
          lines,
          [
            ...(r.insuranceFundFen > 0
              ? [
                  {
                    method: 'insurance_fund' as const,
                    amount_fen: r.insuranceFundFen,
                    tendered_fen: null,
                    change_fen: null,
                    reference: null,
                  },
                ]
              : []),
            ...body.payments.map((p) => ({
              method: p.method,
              amount_fen: p.amountFen,
              tendered_fen: p.method === 'cash' ? (p.tenderedFen ?? null) : null,
              change_fen: p.method === 'cash' && p.tenderedFen !== undefined ? p.tenderedFen - p.amountFen : null,
              reference: p.reference?.trim() || null,
            })),
          ],
        );
        const print = await enqueuePrint(tx, {
          workstationId: actor.workstationId,
          layout: 'receipt',
          payload: receipt,
          ref: { type: 'bill', id: r.billId },
          userId: actor.userId,
        });
        const printJobId = print.jobId;
        await tx.audit(actor, {
          action: 'billing.charge',
          entity: 'bill',
          entityId: r.billId,
          patientId: body.patientId,
          before: null,
          after: {
            orderIds: body.orderIds,
            payer: body.payer,
            invoiceNo: r.invoiceNo,
            totalFen: r.totalFen,
            insuranceFundFen: r.insuranceFundFen,
            methods: body.payments.map((p) => p.method),
          },
        });
        return {
          billId: r.billId,
          invoiceNo: r.invoiceNo,
          totalFen: r.totalFen,
          insuranceFundFen: r.insuranceFundFen,
          patientPayFen: r.patientPayFen,
          changeFen: r.changeFen,
          printJobId,
          print,
          orderIds: r.orderIds,
          shiftId: r.shiftId,
        };
      }, idem);
    },

    /** A reversing bill (红冲) for what was not dispensed, or was taken back by the pharmacy. */
    refund(actor: Actor, billId: number, body: RefundBody, idem: Idempotency | undefined) {
      return uow.write(async (tx) => {
        const bill = await ledgerRepo.billById(tx.db, billId);
        if (!bill) throw notFound(BILL, billId, 'billId');
        if (bill.kind !== 'charge')
          throw conflict('not_a_charge', t('退费单不能再退费', 'A refund cannot be refunded'), 'billId');
        // A bill settled with the insurer is refunded through its settlement (2208, then what is kept is
        // settled again): /api/insurance/settlement/bills/:billId/refund.
        const paid = await ledgerRepo.paymentsOfBill(tx.db, billId);
        if (
          paid.some((p) => p.method === 'insurance_account' || p.fund_pay_type !== null) ||
          (await repo.hasInsurerSettlement(tx.db, billId))
        )
          throw conflict(
            'insured_bill',
            t(
              '该收费单已医保结算,请用“医保退费”办理(先撤销医保结算)',
              'This bill was settled with the insurer: refund it with "insured refund" ' +
                '(the settlement is cancelled first)',
            ),
            'billId',
          );
        const lines = await ledgerRepo.linesOfBill(tx.db, billId);
        const isFee = (id: number) => lines.find((l) => l.id === id)?.registration_id != null;
        let wanted: { billLineId: number; quantity: number }[];
        if (body.all) {
          const balances = await lineBalances(tx.db, lines);
          wanted = lines
            .filter((l) => l.registration_id === null && balances.get(l.id)!.refundable > 0)
            .map((l) => ({ billLineId: l.id, quantity: balances.get(l.id)!.refundable }));
          if (!wanted.length) {
            throw conflict(
              'nothing_refundable',
              lines.every((l) => l.registration_id !== null)
                ? t('挂号费请在挂号处退号', 'A registration fee is refunded by cancelling the registration at the desk')
                : t(
                    '没有可退的项目:药品已发出且未退药,或已全部退费',
                    'Nothing can be refunded: the drugs were dispensed and not returned, or all was refunded',
                  ),
              'lines',
            );
          }
        } else {
          wanted = body.lines!;
          const fee = wanted.findIndex((w) => isFee(w.billLineId));
          if (fee >= 0)
            throw conflict(
              'registration_fee',
              t('挂号费请在挂号处退号', 'A registration fee is refunded by cancelling the registration at the desk'),
              `lines.${fee}.billLineId`,
            );
        }
        const r = await recordRefund(tx, {
          originalBillId: billId,
          lines: wanted,
          method: body.method ?? null,
          reference: body.reference ?? null,
          userId: actor.userId,
          reason: body.reason,
        });
        const print = await enqueuePrint(tx, {
          workstationId: actor.workstationId,
          layout: 'receipt',
          payload: await receiptPayload(tx, r.billId),
          ref: { type: 'bill', id: r.billId },
          userId: actor.userId,
        });
        const printJobId = print.jobId;
        await tx.audit(actor, {
          action: 'billing.refund',
          entity: 'bill',
          entityId: r.billId,
          patientId: bill.patient_id,
          before: null,
          after: {
            originalBillId: billId,
            lines: wanted,
            totalFen: r.totalFen,
            method: r.method,
            reason: body.reason,
            cancelledOrderIds: r.cancelledOrderIds,
          },
        });
        if (r.voidedInvoiceNo) {
          tx.emit(
            invoiceChanged({
              billId,
              bookId: null,
              action: r.newInvoiceNo ? 'issued' : 'voided',
              invoiceNo: r.newInvoiceNo,
              voidedNo: r.voidedInvoiceNo,
            }),
          );
        }
        return {
          billId: r.billId,
          originalBillId: billId,
          totalFen: r.totalFen,
          refundFen: r.patientRefundFen,
          method: r.method,
          printJobId,
          print,
          cancelledOrderIds: r.cancelledOrderIds,
          /** The invoice number voided by this refund (the one it reverses) and the number issued for
           *  the kept part (print it from the bill). */
          voidedInvoiceNo: r.voidedInvoiceNo,
          newInvoiceNo: r.newInvoiceNo,
        };
      }, idem);
    },

    /** Bills of a day, a shift or one patient; a patient's bills are a read of that patient's record (audited). */
    async list(q: BillsQuery, actor?: Actor): Promise<BillSummary[]> {
      let range: { from: number; to: number } | undefined;
      if (q.day) range = dayRange(q.day, (await getInstitutionSettings(db)).timeZone);
      else if (q.patientId === undefined && q.shiftId === undefined) {
        const tz = (await getInstitutionSettings(db)).timeZone;
        range = dayRange(dayOf(clock.now(), tz), tz);
      }
      const rows = await repo.listBills(db, {
        patientId: q.patientId,
        shiftId: q.shiftId,
        limit: q.limit,
        ...(range ?? {}),
      });
      if (actor && q.patientId !== undefined && rows.length)
        await audit.recordPatientRead(actor, q.patientId, 'billing.bills');
      return summaries(rows);
    },

    async get(actor: Actor, id: number) {
      const row = (await repo.billsByIds(db, [id]))[0];
      if (!row) throw notFound(BILL, id, 'id');
      await audit.recordPatientRead(actor, row.patient_id, 'billing.bill');
      const [summary] = await summaries([row]);
      const lines = await repo.billLinesWithItems(db, id);
      const balances = row.kind === 'charge' ? await lineBalances(db, lines) : new Map();
      const refundRows = await repo.refundBillIds(db, [id]);
      const refunds = await summaries(
        await repo.billsByIds(
          db,
          refundRows.map((r) => r.id),
        ),
      );
      return {
        ...summary!,
        lines: lines.map((l) => {
          const b = balances.get(l.id);
          return {
            id: l.id,
            orderId: l.order_id,
            orderLineId: l.order_line_id,
            registrationId: l.registration_id,
            itemId: l.item_id,
            name: l.name,
            spec: l.spec,
            unit: l.unit,
            quantity: l.quantity,
            unitPriceFen: l.unit_price_fen,
            amountFen: l.amount_fen,
            chargeCategory: l.charge_category,
            reversesLineId: l.reverses_line_id,
            refundedQuantity: b?.refunded ?? 0,
            refundedFen: b?.refundedFen ?? 0,
            dispensedQuantity: b?.outstanding ?? 0,
            refundableQuantity: l.registration_id !== null ? 0 : (b?.refundable ?? 0),
          };
        }),
        categories: categoriesOf(lines),
        refunds: refunds.sort((a, b) => a.id - b.id),
        /** The bill's invoice numbers: issued, voided (补打, 退费) and replacements, oldest first. */
        invoices: row.kind === 'charge' ? ((await invoices.history([id])).get(id)?.rows ?? []) : [],
      };
    },
  };
}

export type BillingService = ReturnType<typeof createBillingService>;
