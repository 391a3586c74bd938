// Insurance reconciliation (医保对账) and settlement reports: the rules.
// - run: the HIS's totals of a period per (insutype, clr_type, clr_optins), one 3201 per group,
//   each answer recorded as a reconciliation row (平 / 不平 with the insurer's words, or the failure).
// - detail: 3202 for a reconciliation's clearing institution: the period's lines as a zipped TSV,
//   uploaded by 9101, 3202, the answer's file fetched by 9102 → the differing settlements, each
//   linked to its local settlement and bill when the HIS has one.
// - report: settlements of a day / month / period by insutype and by fund type (Excel too).
// Insurer calls go through the insurance module's outbox (committed before sending); nothing here
// awaits the network inside a transaction: each answer is recorded in its own write afterwards.
import { strToU8, unzipSync, zipSync, strFromU8 } from 'fflate';
import { calendarFor, daysBetween, monthDays } from '../../../core/calendar.js';
import { DomainError, invalid, notFound } from '../../../core/errors.js';
import { t, type Lang, type Text } from '../../../core/i18n.js';
import { RECON_3202_RESULT_COLUMNS, RECON_3202_UPLOAD_COLUMNS } from '../../../core/insurance-wire.js';
import type { Actor } from '../../http/actor.js';
import type { ModuleContext } from '../context.js';
import { getInstitutionSettings } from '../settings/index.js';
import { reconciliationChanged } from './events.js';
import {
  clrTypeName,
  detailLines,
  entriesIn,
  groupKey,
  groupTotals,
  insutypeName,
  settlementReport,
  type DetailLine,
} from './facts.js';
import * as repo from './repo.js';
import {
  MAX_PERIOD_DAYS,
  type DiffKind,
  type DiffView,
  type PeriodQuery,
  type ReconDetail,
  type ReconGroup,
  type ReconOverview,
  type ReconToday,
  type ReconciliationView,
  type ReportQuery,
  type RunResult,
  type SettlementReport,
} from './schema.js';

/** What this module needs of the gateway (the insurance module's client, wired in module.ts). */
export interface ReconInsurer {
  /** One transaction through the outbox; its output, or a DomainError (insurer_error, …). */
  call(infno: '3201' | '3202', input: unknown, actor: Actor): Promise<{ msgid: string; output: unknown }>;
  /** 9101: a file uploaded → its file_qury_no. */
  upload(bytes: Uint8Array, filename: string, actor: Actor): Promise<{ fileQuryNo: string }>;
  /** 9102: a file's bytes (fixmedins_code: the institution's, the first 12 characters of any msgid of ours). */
  download(fileQuryNo: string, filename: string, fixmedinsCode: string, actor: Actor): Promise<Uint8Array>;
  toFen(yuan: unknown, field: string): number;
  toYuan(fen: number): number;
  badAnswer(field: string, why: string, whyEn: string): DomainError;
}

type Deps = Pick<ModuleContext, 'db' | 'uow' | 'clock'> & { insurer: ReconInsurer };

const who = (a: Actor) => ({ userId: a.userId, username: a.username, ip: a.ip, workstationId: a.workstationId });

/**
 * An insurer failure as kept on a row (both languages, shown in the reader's). A call whose outcome
 * is unknown (a timeout, a dropped or unreadable answer) changed nothing at the insurer — 3201 and
 * 3202 are queries, 9101/9102 move a file — so, unlike a settlement, it needs no 5203 (the insurance
 * module resolves such outbox rows as 'no-effect' itself) and the words say to run it again.
 */
function failure(e: DomainError): { error: DomainError } {
  const callId = typeof e.details?.callId === 'number' ? e.details.callId : null;
  if ((e.code !== 'insurer_timeout' && e.code !== 'insurer_bad_answer') || callId === null) return { error: e };
  const infno = typeof e.details?.infno === 'string' ? e.details.infno : '';
  const text = t(
    `医保平台没有给出可用的应答(交易 ${infno},记录号 ${callId}):对账只是查询,不改变任何数据,请稍后重新对账`,
    `The insurer gave no usable answer (transaction ${infno}, call ${callId}): reconciliation is a query ` +
      'that changes nothing; run it again later',
  );
  return { error: new DomainError(e.status, e.code, text, e.field, e.details) };
}
const storeText = (x: Text) => JSON.stringify(x);
function readText(s: string | null, lang: Lang): string | null {
  if (s === null) return null;
  try {
    const x = JSON.parse(s) as Text;
    return lang === 'en' ? x.en : x.zh;
  } catch {
    return s;
  }
}

export function createInsuranceReconService(deps: Deps) {
  const { db, uow, clock, insurer } = deps;

  async function today(): Promise<ReconToday> {
    const s = await getInstitutionSettings(db);
    const day = calendarFor(s.timeZone).today(clock.now());
    return { today: day, month: day.slice(0, 7), timeZone: s.timeZone };
  }

  /** The period's bounds in the institution's time zone (the repo reads reversals by instant too). */
  async function period(from: string, to: string): Promise<repo.Period> {
    const c = calendarFor((await getInstitutionSettings(db)).timeZone);
    return { from, to, startMs: c.dayStart(from), endMs: c.dayStart(c.nextDay(to)), dayOf: (at) => c.dayOf(at) };
  }

  /** The HIS's settlements and reversals of a period, signed. */
  async function entries(from: string, to: string, clrOptins?: string) {
    return entriesIn(await repo.settlementFacts(db, await period(from, to), clrOptins), from, to);
  }

  /** The period's groups with the HIS's totals (and the groups of settlements not applied here). */
  async function groupsOf(from: string, to: string) {
    const p = await period(from, to);
    return groupTotals(entriesIn(await repo.settlementFacts(db, p), from, to), await repo.groupsSeen(db, p));
  }

  /** A period checked on its fields: `to` not before `from`, not after today, at most a year. */
  async function checkPeriod(from: string, to: string): Promise<void> {
    if (to < from)
      throw invalid('to', t(`结束日期 ${to} 早于开始日期 ${from}`, `The end date ${to} is before the start ${from}`));
    if (daysBetween(from, to) + 1 > MAX_PERIOD_DAYS)
      throw invalid('to', t(`对账期间最长 ${MAX_PERIOD_DAYS} 天`, `A period is at most ${MAX_PERIOD_DAYS} days`));
    const { today: now } = await today();
    if (to > now)
      throw invalid('to', t(`结束日期 ${to} 晚于今天(${now})`, `The end date ${to} is after today (${now})`));
  }

  function view(r: repo.ReconRow, lang: Lang): ReconciliationView {
    return {
      id: r.id,
      from: r.begin_date,
      to: r.end_date,
      insutype: r.insutype,
      clrType: r.clr_type,
      clrOptins: r.clr_optins,
      sent: {
        medfeeSumamtFen: r.medfee_sumamt_fen,
        fundPaySumamtFen: r.fund_pay_sumamt_fen,
        acctPayFen: r.acct_pay_fen,
        psnCashPayFen: r.psn_cash_pay_fen,
        count: r.setl_cnt,
      },
      state: r.state,
      stmtRslt: r.stmt_rslt,
      stmtRsltDscr: r.stmt_rslt_dscr,
      msgid: r.msgid,
      error: readText(r.error, lang),
      detailState: r.detail_state,
      detailError: readText(r.detail_error, lang),
      detailCount: r.detail_count,
      detailAt: r.detail_at,
      createdBy: r.created_by_name,
      createdAt: r.created_at,
    };
  }

  async function overview(q: PeriodQuery, lang: Lang): Promise<ReconOverview> {
    await checkPeriod(q.from, q.to);
    const groups = await groupsOf(q.from, q.to);
    const runs = await repo.reconciliationsOf(db, q.from, q.to);
    const latest = new Map<string, repo.ReconRow>();
    for (const r of runs) {
      const k = groupKey({ insutype: r.insutype, clrType: r.clr_type, clrOptins: r.clr_optins });
      if (!latest.has(k)) latest.set(k, r);
    }
    const out: ReconGroup[] = groups.map((g) => {
      const last = latest.get(groupKey(g)) ?? null;
      latest.delete(groupKey(g));
      return {
        insutype: g.insutype,
        insutypeName: insutypeName(g.insutype, lang),
        clrType: g.clrType,
        clrTypeName: clrTypeName(g.clrType, lang),
        clrOptins: g.clrOptins,
        local: g.totals,
        last: last ? view(last, lang) : null,
        changedSince:
          last !== null &&
          (last.medfee_sumamt_fen !== g.totals.medfeeSumamtFen ||
            last.fund_pay_sumamt_fen !== g.totals.fundPaySumamtFen ||
            last.acct_pay_fen !== g.totals.acctPayFen ||
            last.setl_cnt !== g.totals.settled + g.totals.reversed),
      };
    });
    return { from: q.from, to: q.to, groups: out, history: [...latest.values()].map((r) => view(r, lang)) };
  }

  /** 3201 for every group of the period with settlements; each answer its own row. */
  async function run(actor: Actor, q: PeriodQuery): Promise<RunResult> {
    await checkPeriod(q.from, q.to);
    const groups = await groupsOf(q.from, q.to);
    const ids: number[] = [];
    for (const g of groups) {
      const count = g.totals.settled + g.totals.reversed;
      const input = {
        data: {
          insutype: g.insutype,
          clr_type: g.clrType,
          setl_optins: g.clrOptins,
          stmt_begndate: q.from,
          stmt_enddate: q.to,
          medfee_sumamt: insurer.toYuan(g.totals.medfeeSumamtFen),
          fund_pay_sumamt: insurer.toYuan(g.totals.fundPaySumamtFen),
          acct_pay: insurer.toYuan(g.totals.acctPayFen),
          fixmedins_setl_cnt: count,
        },
      };
      let answer: { state: 'balanced' | 'unbalanced' | 'failed'; rslt: string | null; dscr: string | null };
      let msgid: string | null = null;
      let error: string | null = null;
      try {
        const r = await insurer.call('3201', input, actor);
        msgid = r.msgid;
        const info = (r.output as { stmtinfo?: { stmt_rslt?: unknown; stmt_rslt_dscr?: unknown } }).stmtinfo;
        const rslt = info?.stmt_rslt;
        if (rslt !== '0' && rslt !== '1' && rslt !== 0 && rslt !== 1)
          throw insurer.badAnswer('stmtinfo.stmt_rslt', '不是 0 或 1', 'is not 0 or 1');
        const dscr = typeof info?.stmt_rslt_dscr === 'string' ? info.stmt_rslt_dscr.slice(0, 500) : null;
        answer = { state: String(rslt) === '0' ? 'balanced' : 'unbalanced', rslt: String(rslt), dscr };
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        answer = { state: 'failed', rslt: null, dscr: null };
        const f = failure(e);
        error = storeText(f.error.text);
        msgid = (e.details?.msgid as string | undefined) ?? null;
      }
      const id = await uow.write(async (tx) => {
        const id = await repo.insertReconciliation(tx.db, {
          begin_date: q.from,
          end_date: q.to,
          insutype: g.insutype,
          clr_type: g.clrType,
          clr_optins: g.clrOptins,
          medfee_sumamt_fen: g.totals.medfeeSumamtFen,
          fund_pay_sumamt_fen: g.totals.fundPaySumamtFen,
          acct_pay_fen: g.totals.acctPayFen,
          psn_cash_pay_fen: g.totals.psnCashPayFen,
          setl_cnt: count,
          state: answer.state,
          stmt_rslt: answer.rslt,
          stmt_rslt_dscr: answer.dscr,
          msgid,
          error,
          created_by: actor.userId,
          created_at: tx.now,
        });
        await tx.audit(who(actor), {
          action: 'insurance.reconcile',
          outcome: answer.state === 'failed' ? 'failed' : 'ok',
          entity: 'insurance_reconciliation',
          entityId: id,
          summary: { from: q.from, to: q.to, group: groupKey(g), state: answer.state, msgid, count },
        });
        tx.emit(reconciliationChanged({ id, from: q.from, to: q.to, state: answer.state }));
        return id;
      });
      ids.push(id);
    }
    const items = (await repo.reconciliationsByIds(db, ids)).map((r) => view(r, actor.lang));
    return {
      from: q.from,
      to: q.to,
      items,
      balanced: items.filter((i) => i.state === 'balanced').length,
      unbalanced: items.filter((i) => i.state === 'unbalanced').length,
      failed: items.filter((i) => i.state === 'failed').length,
    };
  }

  async function find(id: number): Promise<repo.ReconRow> {
    const r = await repo.findReconciliation(db, id);
    if (!r) throw notFound(t('对账记录', 'Reconciliation'), id, 'id');
    return r;
  }

  function diffView(d: repo.DiffRow): DiffView {
    const amounts = (m: number | null, f: number | null, a: number | null) =>
      m === null || f === null || a === null ? null : { medfeeSumamtFen: m, fundPaySumamtFen: f, acctPayFen: a };
    return {
      id: d.id,
      kind: d.kind,
      setlId: d.setl_id,
      mdtrtId: d.mdtrt_id,
      psnNo: d.psn_no,
      refdSetlFlag: d.refd_setl_flag,
      local: amounts(d.local_medfee_sumamt_fen, d.local_fund_pay_sumamt_fen, d.local_acct_pay_fen),
      insurer: amounts(d.insurer_medfee_sumamt_fen, d.insurer_fund_pay_sumamt_fen, d.insurer_acct_pay_fen),
      memo: d.memo,
      settlementId: d.settlement_id,
      billId: d.bill_id,
      invoiceNo: d.invoice_no,
      psnName: d.psn_name,
    };
  }

  async function get(id: number, lang: Lang): Promise<ReconDetail> {
    const r = await find(id);
    return { reconciliation: view(r, lang), diffs: (await repo.diffsOf(db, id)).map(diffView) };
  }

  /** The 3202 upload file: the lines as tab-separated text in a zip (one .txt). */
  function detailFile(lines: DetailLine[], name: string): Uint8Array {
    const cell: Record<(typeof RECON_3202_UPLOAD_COLUMNS)[number], (l: DetailLine) => string> = {
      setl_id: (l) => l.setlId,
      mdtrt_id: (l) => l.mdtrtId,
      psn_no: (l) => l.psnNo,
      medfee_sumamt: (l) => (l.medfeeSumamtFen / 100).toFixed(2),
      fund_pay_sumamt: (l) => (l.fundPaySumamtFen / 100).toFixed(2),
      acct_pay: (l) => (l.acctPayFen / 100).toFixed(2),
      refd_setl_flag: (l) => l.refdSetlFlag,
    };
    const text = lines.map((l) => RECON_3202_UPLOAD_COLUMNS.map((c) => cell[c](l)).join('\t')).join('\n');
    return zipSync({ [`${name}.txt`]: strToU8(text) });
  }

  /** The 3202 answer's rows, by column name; a file that is not a zip of one .txt is refused. */
  function resultRows(bytes: Uint8Array): Array<Record<(typeof RECON_3202_RESULT_COLUMNS)[number], string>> {
    let files: Record<string, Uint8Array>;
    try {
      files = unzipSync(bytes);
    } catch {
      throw insurer.badAnswer('9102', '不是 zip 文件', 'is not a zip file');
    }
    const txt = Object.entries(files).find(([n]) => n.toLowerCase().endsWith('.txt'));
    if (!txt) throw insurer.badAnswer('9102', '压缩包里没有 .txt 文件', 'holds no .txt file');
    const text = strFromU8(txt[1]).replace(/^\uFEFF/, '');
    return text
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '')
      .map((l, i) => {
        const cells = l.split('\t');
        if (cells.length < RECON_3202_RESULT_COLUMNS.length)
          throw insurer.badAnswer(
            `9102 第 ${i + 1} 行`,
            `只有 ${cells.length} 列`,
            `(line ${i + 1}) has only ${cells.length} columns`,
          );
        return Object.fromEntries(RECON_3202_RESULT_COLUMNS.map((c, j) => [c, (cells[j] ?? '').trim()])) as Record<
          (typeof RECON_3202_RESULT_COLUMNS)[number],
          string
        >;
      });
  }

  const KIND_OF: Record<string, DiffKind> = { '1': 'only_local', '2': 'only_insurer', '3': 'amount_differs' };

  /** 3202 on a reconciliation's clearing institution and period; the differences replace the last ones. */
  async function detail(actor: Actor, id: number): Promise<ReconDetail> {
    const r = await find(id);
    const signed = await entries(r.begin_date, r.end_date, r.clr_optins);
    const lines = detailLines(signed);
    const sum = (f: (l: DetailLine) => number) => lines.reduce((s, l) => s + f(l), 0);
    const cash = signed.reduce((s, e) => s + e.sign * e.fact.psnCashPayFen, 0);
    let msgid: string | null = null;
    try {
      const name = `RECON3202_${r.clr_optins}_${r.begin_date.replaceAll('-', '')}_${r.end_date.replaceAll('-', '')}`;
      const up = await insurer.upload(detailFile(lines, name), `${name}.zip`, actor);
      const answer = await insurer.call(
        '3202',
        {
          data: {
            setl_optins: r.clr_optins,
            file_qury_no: up.fileQuryNo,
            stmt_begndate: r.begin_date,
            stmt_enddate: r.end_date,
            medfee_sumamt: insurer.toYuan(sum((l) => l.medfeeSumamtFen)),
            fund_pay_sumamt: insurer.toYuan(sum((l) => l.fundPaySumamtFen)),
            cash_payamt: insurer.toYuan(cash),
            fixmedins_setl_cnt: lines.length,
          },
        },
        actor,
      );
      msgid = answer.msgid;
      const info = (answer.output as { fileinfo?: { file_qury_no?: unknown; filename?: unknown } }).fileinfo;
      if (typeof info?.file_qury_no !== 'string' || info.file_qury_no === '')
        throw insurer.badAnswer('fileinfo.file_qury_no', '缺失', 'is missing');
      const filename = typeof info.filename === 'string' ? info.filename : '';
      const fixmedinsCode = answer.msgid.slice(0, 12);
      const rows = resultRows(await insurer.download(info.file_qury_no, filename, fixmedinsCode, actor));
      const ours = new Map(lines.map((l) => [l.setlId, l]));
      const known = new Map<string, { id: number; bill_id: number | null }>();
      for (const s of await repo.settlementsBySetlIds(
        db,
        rows.map((x) => x.setl_id),
      )) {
        known.set(s.setl_id, s);
        if (s.cancel_setl_id) known.set(s.cancel_setl_id, s);
      }
      const money = (v: string, field: string) => (v === '' ? null : insurer.toFen(v, field));
      const diffs = rows.map((x, i) => {
        const kind = KIND_OF[x.stmt_rslt];
        if (!kind) throw insurer.badAnswer(`9102 第 ${i + 1} 行 stmt_rslt`, '不是 1、2 或 3', 'is not 1, 2 or 3');
        if (!x.setl_id) throw insurer.badAnswer(`9102 第 ${i + 1} 行 setl_id`, '缺失', 'is missing');
        const local = ours.get(x.setl_id) ?? null;
        const settlement = known.get(x.setl_id) ?? null;
        const theirs = kind === 'only_local' ? null : x;
        return {
          kind,
          setl_id: x.setl_id,
          mdtrt_id: x.mdtrt_id || local?.mdtrtId || null,
          psn_no: x.psn_no || local?.psnNo || null,
          refd_setl_flag: x.refd_setl_flag || local?.refdSetlFlag || null,
          local_medfee_sumamt_fen: local?.medfeeSumamtFen ?? null,
          local_fund_pay_sumamt_fen: local?.fundPaySumamtFen ?? null,
          local_acct_pay_fen: local?.acctPayFen ?? null,
          insurer_medfee_sumamt_fen: theirs ? money(theirs.medfee_sumamt, 'medfee_sumamt') : null,
          insurer_fund_pay_sumamt_fen: theirs ? money(theirs.fund_pay_sumamt, 'fund_pay_sumamt') : null,
          insurer_acct_pay_fen: theirs ? money(theirs.acct_pay, 'acct_pay') : null,
          memo:
            settlement && settlement.bill_id === null
              ? `单边账:医保已结算,本院未完成收费 (settled by the insurer, not applied here) ${x.memo}`.trim()
              : x.memo || null,
          settlement_id: settlement?.id ?? null,
          bill_id: settlement?.bill_id ?? null,
        };
      });
      await uow.write(async (tx) => {
        await repo.deleteDiffs(tx.db, id);
        await repo.insertDiffs(
          tx.db,
          diffs.map((d) => ({ ...d, reconciliation_id: id, created_at: tx.now })),
        );
        await repo.recordDetail(tx.db, id, {
          detail_state: 'done',
          detail_msgid: msgid,
          detail_error: null,
          detail_count: diffs.length,
          detail_by: actor.userId,
          detail_at: tx.now,
        });
        await tx.audit(who(actor), {
          action: 'insurance.reconcile-detail',
          entity: 'insurance_reconciliation',
          entityId: id,
          summary: { msgid, lines: lines.length, diffs: diffs.length },
        });
        tx.emit(reconciliationChanged({ id, from: r.begin_date, to: r.end_date, state: r.state }));
      });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const f = failure(e);
      await uow.write(async (tx) => {
        await repo.recordDetail(tx.db, id, {
          detail_state: 'failed',
          detail_msgid: msgid,
          detail_error: storeText(f.error.text),
          detail_count: null,
          detail_by: actor.userId,
          detail_at: tx.now,
        });
        await tx.audit(who(actor), {
          action: 'insurance.reconcile-detail',
          outcome: 'failed',
          entity: 'insurance_reconciliation',
          entityId: id,
          summary: { msgid, error: e.code },
        });
        tx.emit(reconciliationChanged({ id, from: r.begin_date, to: r.end_date, state: r.state }));
      });
      throw f.error;
    }
    return get(id, actor.lang);
  }

  /** The report's period from its query: a day, a month or from–to (exactly one). */
  async function reportPeriod(q: ReportQuery): Promise<{ from: string; to: string; span: SettlementReport['span'] }> {
    const forms = [q.day !== undefined, q.month !== undefined, q.from !== undefined || q.to !== undefined];
    if (forms.filter(Boolean).length !== 1)
      throw invalid(
        q.day !== undefined ? 'month' : 'day',
        t('请给出日期(day)、月份(month)或起止日期(from/to)之一', 'Give one of day, month or from/to'),
      );
    let p: { from: string; to: string; span: SettlementReport['span'] };
    if (q.day !== undefined) p = { from: q.day, to: q.day, span: 'day' };
    else if (q.month !== undefined) {
      const m = monthDays(q.month);
      p = { from: m.first, to: m.last, span: 'month' };
    } else {
      if (q.from === undefined) throw invalid('from', t('缺少开始日期', 'The start date is missing'));
      if (q.to === undefined) throw invalid('to', t('缺少结束日期', 'The end date is missing'));
      p = { from: q.from, to: q.to, span: 'period' };
    }
    if (p.to < p.from)
      throw invalid('to', t(`结束日期 ${p.to} 早于开始日期 ${p.from}`, `The end date ${p.to} is before ${p.from}`));
    if (daysBetween(p.from, p.to) + 1 > MAX_PERIOD_DAYS)
      throw invalid('to', t(`报表期间最长 ${MAX_PERIOD_DAYS} 天`, `A period is at most ${MAX_PERIOD_DAYS} days`));
    return p;
  }

  async function report(q: ReportQuery, lang: Lang): Promise<SettlementReport> {
    const p = await reportPeriod(q);
    const r = settlementReport(await entries(p.from, p.to), lang);
    return { ...p, ...r };
  }

  return { today, overview, run, get, detail, report };
}

export type InsuranceReconService = ReturnType<typeof createInsuranceReconService>;
