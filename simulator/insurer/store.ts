// The insurer's own records, in SQLite through better-sqlite3 (one file, or ':memory:'): persons,
// outpatient visits and inpatient stays (mdtrt_id), uploaded fee lines, settlements and their
// reversals (accumulators are sums over them, per person and year), the msgid log that 2601 and
// 5203 read, files (9101/9102) and the 3301 matches. Everything a transaction changes is written
// in one SQLite transaction, so a settlement survives a restart and a refused call changes nothing.
import Database from 'better-sqlite3';
import type { YearUse } from './policy.js';
import { PERSONS } from './persons.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS persons (
  psn_no TEXT PRIMARY KEY, certno TEXT NOT NULL UNIQUE, card_no TEXT NOT NULL UNIQUE,
  ecert_code TEXT NOT NULL UNIQUE, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS visits (
  mdtrt_id TEXT PRIMARY KEY, psn_no TEXT NOT NULL, insutype TEXT NOT NULL, begntime TEXT NOT NULL,
  ipt_otp_no TEXT NOT NULL, med_type TEXT, dise TEXT, state TEXT NOT NULL, msgid TEXT NOT NULL,
  fixmedins_code TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS stays (
  mdtrt_id TEXT PRIMARY KEY, psn_no TEXT NOT NULL, insutype TEXT NOT NULL, med_type TEXT NOT NULL,
  begntime TEXT NOT NULL, endtime TEXT, ipt_no TEXT NOT NULL, state TEXT NOT NULL, adm TEXT NOT NULL,
  dscg TEXT, msgid TEXT NOT NULL, dscg_msgid TEXT, fixmedins_code TEXT NOT NULL, created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS stays_psn ON stays (psn_no, state);
CREATE TABLE IF NOT EXISTS fee_lines (
  mdtrt_id TEXT NOT NULL, feedetl_sn TEXT NOT NULL, chrg_bchno TEXT NOT NULL, psn_no TEXT NOT NULL,
  med_list_codg TEXT NOT NULL, amount INTEGER NOT NULL, overlmt INTEGER NOT NULL, fulamt INTEGER NOT NULL,
  preselfpay INTEGER NOT NULL, inscp INTEGER NOT NULL, result TEXT NOT NULL, setl_id TEXT, msgid TEXT NOT NULL,
  PRIMARY KEY (mdtrt_id, feedetl_sn));
CREATE TABLE IF NOT EXISTS settlements (
  setl_id TEXT PRIMARY KEY, msgid TEXT NOT NULL, infno TEXT NOT NULL, init_setl_id TEXT,
  mdtrt_id TEXT NOT NULL, psn_no TEXT NOT NULL, insutype TEXT NOT NULL, med_type TEXT NOT NULL,
  inpatient INTEGER NOT NULL, clr_type TEXT NOT NULL, clr_optins TEXT NOT NULL, fixmedins_code TEXT NOT NULL,
  year TEXT NOT NULL, setl_date TEXT NOT NULL, setl_time TEXT NOT NULL,
  state TEXT NOT NULL, refd INTEGER NOT NULL DEFAULT 0,
  medfee INTEGER NOT NULL, fulamt INTEGER NOT NULL, overlmt INTEGER NOT NULL, preselfpay INTEGER NOT NULL,
  inscp INTEGER NOT NULL, dedc INTEGER NOT NULL, hifp INTEGER NOT NULL, hifmi INTEGER NOT NULL,
  hifob INTEGER NOT NULL, maf INTEGER NOT NULL, fund INTEGER NOT NULL, psn_part INTEGER NOT NULL,
  acct INTEGER NOT NULL, cash INTEGER NOT NULL, compliant INTEGER NOT NULL,
  lines TEXT NOT NULL, answer TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS settlements_psn_year ON settlements (psn_no, year, insutype);
CREATE INDEX IF NOT EXISTS settlements_mdtrt ON settlements (mdtrt_id);
CREATE INDEX IF NOT EXISTS settlements_date ON settlements (setl_date);
CREATE TABLE IF NOT EXISTS msglog (
  msgid TEXT PRIMARY KEY, infno TEXT NOT NULL, psn_no TEXT, fixmedins_code TEXT NOT NULL, at TEXT NOT NULL,
  status TEXT NOT NULL, answer TEXT);
CREATE TABLE IF NOT EXISTS files (
  file_qury_no TEXT PRIMARY KEY, filename TEXT NOT NULL, bytes BLOB NOT NULL, created_at TEXT NOT NULL,
  dld_endtime TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS matches (
  fixmedins_code TEXT NOT NULL, fixmedins_hilist_id TEXT NOT NULL, list_type TEXT NOT NULL,
  fixmedins_hilist_name TEXT NOT NULL, med_list_codg TEXT NOT NULL, begndate TEXT NOT NULL, enddate TEXT,
  state TEXT NOT NULL, msgid TEXT NOT NULL, updated_at TEXT NOT NULL,
  PRIMARY KEY (fixmedins_code, fixmedins_hilist_id, list_type));
CREATE TABLE IF NOT EXISTS signins (
  sign_no TEXT PRIMARY KEY, opter_no TEXT NOT NULL, fixmedins_code TEXT NOT NULL, sign_time TEXT NOT NULL,
  signout_time TEXT);
CREATE VIEW IF NOT EXISTS accumulators AS
  SELECT psn_no, year, insutype, SUM(medfee) AS medfee, SUM(hifp) AS hifp, SUM(hifmi) AS hifmi,
    SUM(hifob) AS hifob, SUM(maf) AS maf, SUM(compliant) AS compliant, SUM(acct) AS acct, COUNT(*) AS rows
  FROM settlements WHERE state = 'valid' GROUP BY psn_no, year, insutype;
`;

/** Columns added after the first release: an older data file gets them at start. */
const ADDED_COLUMNS: Array<[table: string, column: string, decl: string]> = [
  ['fee_lines', 'cnt4', 'INTEGER'],
  ['fee_lines', 'pric_micro', 'INTEGER'],
  ['fee_lines', 'init_feedetl_sn', 'TEXT'],
  ['fee_lines', 'fee_ocur_time', 'TEXT'],
  ['settlements', 'mid', 'INTEGER NOT NULL DEFAULT 0'],
];

/** The tables a `reset({data: true})` empties (persons and counters stay). */
const DATA_TABLES = ['visits', 'stays', 'fee_lines', 'settlements', 'msglog', 'files', 'matches', 'signins'];

export interface SettlementRow {
  setl_id: string;
  msgid: string;
  infno: '2207' | '2208' | '2304' | '2305';
  init_setl_id: string | null;
  mdtrt_id: string;
  psn_no: string;
  insutype: string;
  med_type: string;
  inpatient: number;
  clr_type: string;
  clr_optins: string;
  fixmedins_code: string;
  year: string;
  setl_date: string;
  setl_time: string;
  state: 'valid' | 'rolled_back';
  refd: number;
  medfee: number;
  fulamt: number;
  overlmt: number;
  preselfpay: number;
  inscp: number;
  dedc: number;
  hifp: number;
  hifmi: number;
  hifob: number;
  maf: number;
  fund: number;
  psn_part: number;
  acct: number;
  cash: number;
  compliant: number;
  /** 2304/2305: 1 a mid-stay settlement (中途结算) */
  mid: number;
  lines: string;
  answer: string;
}

export interface FeeLineRow {
  mdtrt_id: string;
  feedetl_sn: string;
  chrg_bchno: string;
  psn_no: string;
  med_list_codg: string;
  amount: number;
  overlmt: number;
  fulamt: number;
  preselfpay: number;
  inscp: number;
  result: string;
  setl_id: string | null;
  msgid: string;
  /** ten-thousandths (negative on a refund); null on lines of an older data file */
  cnt4: number | null;
  pric_micro: number | null;
  /** 2301 refund: the line refunded */
  init_feedetl_sn: string | null;
  /** 2301: when the fee arose (a stay's lines fall within its days) */
  fee_ocur_time: string | null;
}

export interface VisitRow {
  mdtrt_id: string;
  psn_no: string;
  insutype: string;
  begntime: string;
  ipt_otp_no: string;
  med_type: string | null;
  dise: string | null;
  state: 'open' | 'cancelled';
  msgid: string;
  fixmedins_code: string;
  created_at: string;
}

/** An inpatient stay: admitted (2401) → discharged (2402) → settled (2304 mid_setl_flag 0); cancelled (2404). */
export interface StayRow {
  mdtrt_id: string;
  psn_no: string;
  insutype: string;
  med_type: string;
  begntime: string;
  endtime: string | null;
  ipt_no: string;
  state: 'admitted' | 'discharged' | 'settled' | 'cancelled';
  /** the 2401 mdtrtinfo + diseinfo (2403 updates it), JSON */
  adm: string;
  /** the 2402 dscginfo + diseinfo, JSON */
  dscg: string | null;
  msgid: string;
  dscg_msgid: string | null;
  fixmedins_code: string;
  created_at: string;
  updated_at: string;
}

export interface MsgRow {
  msgid: string;
  infno: string;
  psn_no: string | null;
  fixmedins_code: string;
  at: string;
  status: 'applied' | 'undone' | 'voided';
  answer: string | null;
}

export class Store {
  readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    for (const [table, column, decl] of ADDED_COLUMNS) {
      const cols = this.db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>;
      if (!cols.some((c) => c.name === column)) this.db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${decl}`);
    }
    // persons.json is the source of who is insured (an edit applies at the next start); what they
    // used is in the settlements.
    const put = this.db.prepare(
      `INSERT INTO persons (psn_no, certno, card_no, ecert_code, json) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (psn_no) DO UPDATE SET certno = excluded.certno, card_no = excluded.card_no,
         ecert_code = excluded.ecert_code, json = excluded.json`,
    );
    this.tx(() => {
      for (const p of PERSONS) put.run(p.psn_no, p.certno, p.card_no, p.ecert_code, JSON.stringify(p));
    });
  }

  close(): void {
    this.db.close();
  }

  /** Runs `f` in one SQLite transaction (a throw rolls everything back). */
  tx<T>(f: () => T): T {
    return this.db.transaction(f)();
  }

  /** The next value of a named sequence (inside the caller's transaction). */
  next(name: string): number {
    const row = this.db
      .prepare(
        'INSERT INTO counters (name, value) VALUES (?, 1) ' +
          'ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value',
      )
      .get(name) as { value: number };
    return row.value;
  }

  get<T>(sql: string, ...params: unknown[]): T | undefined {
    return this.db.prepare(sql).get(...params) as T | undefined;
  }

  all<T>(sql: string, ...params: unknown[]): T[] {
    return this.db.prepare(sql).all(...params) as T[];
  }

  run(sql: string, ...params: unknown[]): number {
    return this.db.prepare(sql).run(...params).changes;
  }

  msg(msgid: string): MsgRow | undefined {
    return this.get<MsgRow>('SELECT * FROM msglog WHERE msgid = ?', msgid);
  }

  /** What the person used this year under this insutype (sums over valid settlements and reversals). */
  yearUse(psnNo: string, year: string, insutype: string, mdtrtId: string): YearUse {
    const s = this.get<Record<string, number | null>>(
      `SELECT
         SUM(CASE WHEN inpatient = 1 THEN hifp ELSE 0 END) AS hifpIn,
         SUM(CASE WHEN inpatient = 0 THEN hifp ELSE 0 END) AS hifpOut,
         SUM(CASE WHEN inpatient = 0 THEN dedc ELSE 0 END) AS dedcOut,
         SUM(CASE WHEN mdtrt_id = ? AND inpatient = 1 THEN dedc ELSE 0 END) AS dedcHere,
         SUM(compliant) AS compliant, SUM(hifmi) AS hifmi, SUM(hifob) AS hifob, SUM(maf) AS maf
       FROM settlements WHERE psn_no = ? AND year = ? AND insutype = ? AND state = 'valid'`,
      mdtrtId,
      psnNo,
      year,
      insutype,
    );
    const earlier = this.get<{ n: number }>(
      `SELECT COUNT(*) AS n FROM (
         SELECT mdtrt_id FROM settlements
         WHERE psn_no = ? AND year = ? AND insutype = ? AND state = 'valid' AND inpatient = 1 AND mdtrt_id <> ?
         GROUP BY mdtrt_id HAVING SUM(medfee) > 0)`,
      psnNo,
      year,
      insutype,
      mdtrtId,
    );
    const n = (k: string) => Number(s?.[k] ?? 0);
    return {
      dedcThisAdmission: n('dedcHere'),
      earlierAdmissions: earlier?.n ?? 0,
      dedcOutpatient: n('dedcOut'),
      hifpInpatient: n('hifpIn'),
      hifpOutpatient: n('hifpOut'),
      compliant: n('compliant'),
      hifmi: n('hifmi'),
      hifob: n('hifob'),
      maf: n('maf'),
    };
  }

  /** Fen spent from the person's account (settlements net of reversals). */
  accountSpent(psnNo: string, insutype: string): number {
    const r = this.get<{ s: number | null }>(
      "SELECT SUM(acct) AS s FROM settlements WHERE psn_no = ? AND insutype = ? AND state = 'valid'",
      psnNo,
      insutype,
    );
    return Number(r?.s ?? 0);
  }

  /** Empties the business tables (the test hook `POST /__sim/reset {data: true}`). */
  wipe(): void {
    this.tx(() => {
      for (const t of DATA_TABLES) this.db.exec(`DELETE FROM ${t}`);
    });
  }

  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const t of ['persons', ...DATA_TABLES]) {
      out[t] = (this.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${t}`) ?? { n: 0 }).n;
    }
    return out;
  }
}
