// The insurer simulator: plays the national medical security platform over real HTTP (issue 11).
// POST /fsi/api with the envelope of INSURANCE.md §1 → {infcode, inf_refmsgid, refmsg_time,
// respond_time, err_msg, warn_msg, output}; 9102 answers the raw file bytes. With `faults: true`
// the test hooks POST /__sim/faults, POST /__sim/reset and GET /__sim/state are served too.
//
// A msgid already answered is answered again from the log (a resend of the same message never
// applies twice); a msgid voided by 2601 is refused.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InfNo, InsurerAnswer } from '../../core/insurance-wire.js';
import { isObj, type Obj, stamp17, WireError, wireTime } from './fields.js';
import { type FacilityLevel, FACILITY_LEVELS, loadPolicy, type Policy, type PolicyFile } from './policy.js';
import defaultPolicy from './policy.json' with { type: 'json' };
import { Store } from './store.js';
import { type Ctx, type Envelope, HANDLERS, type HandlerResult, psnNoOf } from './transactions.js';

export type FaultMode = 'slow' | 'timeout' | 'error' | 'settled-no-answer';
export const FAULT_MODES: readonly FaultMode[] = ['slow', 'timeout', 'error', 'settled-no-answer'];

export interface Fault {
  /** a transaction number, or '*' for every transaction */
  infno: string;
  mode: FaultMode;
  /** how many calls it affects (default 1) */
  times: number;
  /** 'slow': the delay before answering (default 3000 ms) */
  delayMs: number;
  /** 'error': the err_msg (default 医保中心系统繁忙) */
  errMsg: string;
}

export interface InsurerSimulatorOptions {
  /** 0 = any free port */
  port?: number;
  host?: string;
  /** SQLite file (settlements survive a restart); default ':memory:' */
  dataFile?: string;
  /** serve the /__sim/* test hooks */
  faults?: boolean;
  institution?: {
    /** the facility level the policy applies (起付线, 报销比例); default township (乡镇卫生院) */
    level?: FacilityLevel;
    /** the platform's area code (就医地, clr_optins); default 330782 */
    admdvs?: string;
    /** when set, any other fixmedins_code is refused */
    fixmedins_code?: string;
  };
  /** the policy: a parsed policy.json, or the path of one; default policy.json beside this file */
  policy?: PolicyFile | string;
  /** refuse every call but 9001 whose sign_no is not an open sign-in (default false) */
  requireSignIn?: boolean;
  /** the platform's clock (tests) */
  clock?: () => Date;
  /** one line per call (main.ts prints them) */
  log?: (line: string) => void;
}

export interface CallRecord {
  at: string;
  infno: string;
  msgid: string;
  infcode: 0 | -1 | null;
  fault: FaultMode | null;
  err_msg: string | null;
}

export interface InsurerSimulator {
  /** http://HOST:PORT/fsi/api */
  url: string;
  port: number;
  store: Store;
  policy: Policy;
  /** set a fault as POST /__sim/faults does */
  fault(f: Partial<Fault> & { infno: string; mode: FaultMode }): void;
  /** clear faults and the call log (and with data: the business tables) */
  reset(opts?: { data?: boolean }): void;
  calls: CallRecord[];
  close(): Promise<void>;
}

const ENVELOPE_REQUIRED = [
  'msgid',
  'mdtrtarea_admvs',
  'recer_sys_code',
  'infver',
  'opter',
  'opter_name',
  'inf_time',
  'fixmedins_code',
  'fixmedins_name',
] as const;

function envelope(body: Obj, opts: InsurerSimulatorOptions): { env: Envelope; input: Obj } {
  const infno = body.infno;
  if (typeof infno !== 'string' || !infno) throw new WireError('必填字段 infno 为空');
  if (!(infno in HANDLERS)) throw new WireError(`交易编号 infno ${infno} 不存在或未开通`);
  for (const k of ENVELOPE_REQUIRED) {
    const v = body[k];
    if (typeof v !== 'string' || !v.trim()) throw new WireError(`必填字段 ${k} 为空或不是字符串`);
  }
  const s = (k: string) => String(body[k] ?? '');
  const code = s('fixmedins_code');
  if (code.length > 30) throw new WireError('字段 fixmedins_code 超过最大长度 30');
  const msgid = s('msgid');
  if (msgid.length !== 30 || !msgid.startsWith(code) || !/^\d{18}$/.test(msgid.slice(code.length))) {
    throw new WireError('字段 msgid 应为 定点医药机构编号(12)+yyyyMMddHHmmss(14)+顺序号(4)，共30位');
  }
  if (!/^\d{6}$/.test(s('mdtrtarea_admvs'))) throw new WireError('字段 mdtrtarea_admvs 应为6位行政区划代码');
  if (!['1', '2', '3'].includes(s('opter_type'))) throw new WireError('字段 opter_type 应为 1、2 或 3');
  if (!/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(s('inf_time'))) {
    throw new WireError('字段 inf_time 应为 yyyy-MM-dd HH:mm:ss 格式的时间');
  }
  if (opts.institution?.fixmedins_code && code !== opts.institution.fixmedins_code) {
    throw new WireError(`定点医药机构编号 fixmedins_code ${code} 不存在`);
  }
  if (!isObj(body.input)) throw new WireError('必填字段 input 为空或不是对象');
  const input = body.input;
  if (psnNoOf(input) && !/^\d{6}$/.test(s('insuplc_admdvs'))) {
    throw new WireError('输入含 psn_no 时 insuplc_admdvs (参保地行政区划) 必填，应为6位');
  }
  return {
    env: {
      infno: infno as InfNo,
      msgid,
      fixmedins_code: code,
      fixmedins_name: s('fixmedins_name'),
      opter: s('opter'),
      opter_name: s('opter_name'),
      sign_no: s('sign_no'),
    },
    input,
  };
}

function loadPolicyOption(p: PolicyFile | string | undefined): Policy {
  if (p === undefined) return loadPolicy(defaultPolicy as PolicyFile);
  if (typeof p === 'string') return loadPolicy(JSON.parse(readFileSync(p, 'utf8')) as PolicyFile);
  return loadPolicy(p);
}

export async function startInsurerSimulator(opts: InsurerSimulatorOptions = {}): Promise<InsurerSimulator> {
  const level = opts.institution?.level ?? 'township';
  if (!FACILITY_LEVELS.includes(level)) throw new Error(`institution.level must be one of ${FACILITY_LEVELS}`);
  const admdvs = opts.institution?.admdvs ?? '330782';
  const policy = loadPolicyOption(opts.policy);
  const store = new Store(opts.dataFile ?? ':memory:');
  const clock = opts.clock ?? (() => new Date());
  const faults = new Map<string, Fault>();
  const calls: CallRecord[] = [];
  const held = new Set<http.ServerResponse>();
  let serial = 0;

  const answer = (infcode: 0 | -1, errMsg: string | null, output: unknown): InsurerAnswer => {
    const now = clock();
    serial = (serial + 1) % 10_000_000_000;
    return {
      infcode,
      inf_refmsgid: `${admdvs}${stamp17(now).slice(0, 14)}${String(serial).padStart(10, '0')}`,
      refmsg_time: stamp17(now),
      respond_time: stamp17(clock()),
      err_msg: errMsg,
      warn_msg: null,
      output: infcode === 0 ? output : null,
    };
  };

  const record = (r: Omit<CallRecord, 'at'>) => {
    calls.push({ at: wireTime(clock()), ...r });
    if (calls.length > 1000) calls.splice(0, calls.length - 1000);
    opts.log?.(`${r.infno} ${r.msgid} ${r.infcode ?? 'no answer'}${r.fault ? ` [${r.fault}]` : ''} ${r.err_msg ?? ''}`);
  };

  const takeFault = (infno: string): Fault | null => {
    const f = faults.get(infno) ?? faults.get('*');
    if (!f) return null;
    f.times -= 1;
    if (f.times <= 0) faults.delete(f.infno);
    return { ...f };
  };

  const setFault = (f: Partial<Fault> & { infno: string; mode: FaultMode }) => {
    if (!FAULT_MODES.includes(f.mode)) throw new Error(`mode must be one of ${FAULT_MODES.join(', ')}`);
    if (f.infno !== '*' && !(f.infno in HANDLERS)) throw new Error(`unknown infno ${f.infno}`);
    faults.set(f.infno, {
      infno: f.infno,
      mode: f.mode,
      times: f.times ?? 1,
      delayMs: f.delayMs ?? 3000,
      errMsg: f.errMsg ?? '医保中心系统繁忙，请稍后再试',
    });
  };

  const reset = (o?: { data?: boolean }) => {
    faults.clear();
    calls.length = 0;
    if (o?.data) store.wipe();
  };

  /** Runs the transaction: replay, sign-in rule, the handler and the msgid log in one SQLite transaction. */
  const apply = (env: Envelope, input: Obj): { raw: Buffer; filename: string } | { answer: InsurerAnswer } => {
    const prior = store.msg(env.msgid);
    if (prior) {
      if (prior.status === 'voided') throw new WireError(`报文 msgid ${env.msgid} 已被冲正(2601)，不能再办理`);
      if (prior.infno !== env.infno) throw new WireError(`报文 msgid ${env.msgid} 重复`);
      if (prior.status === 'undone') throw new WireError(`报文 msgid ${env.msgid} 已冲正(2601)`);
      if (prior.answer) return { answer: JSON.parse(prior.answer) as InsurerAnswer };
    }
    if (opts.requireSignIn && env.infno !== '9001') {
      const s = store.get<{ signout_time: string | null }>(
        'SELECT signout_time FROM signins WHERE sign_no = ?',
        env.sign_no,
      );
      if (!s || s.signout_time) throw new WireError('操作员未签到或已签退 (sign_no)，请先签到(9001)');
    }
    const ctx: Ctx = { store, policy, level, admdvs, now: clock(), env };
    return store.tx(() => {
      const r: HandlerResult = HANDLERS[env.infno](ctx, input);
      if ('raw' in r) return r;
      const a = answer(0, null, r.output);
      store.run(
        'INSERT INTO msglog (msgid, infno, psn_no, fixmedins_code, at, status, answer) ' +
          "VALUES (?, ?, ?, ?, ?, 'applied', ?)",
        env.msgid,
        env.infno,
        psnNoOf(input),
        env.fixmedins_code,
        wireTime(ctx.now),
        JSON.stringify(a),
      );
      return { answer: a };
    });
  };

  const sendJson = (res: http.ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  };

  const readBody = (req: http.IncomingMessage): Promise<string> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > 50 * 1024 * 1024) {
          reject(new WireError('请求报文超过 50MB'));
          req.destroy();
        } else chunks.push(c);
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });

  const platform = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    let infno = '';
    let msgid = '';
    try {
      let body: unknown;
      try {
        body = JSON.parse(await readBody(req));
      } catch (e) {
        if (e instanceof WireError) throw e;
        throw new WireError('请求报文不是合法的 JSON');
      }
      if (!isObj(body)) throw new WireError('请求报文应为 JSON 对象');
      infno = typeof body.infno === 'string' ? body.infno : '';
      msgid = typeof body.msgid === 'string' ? body.msgid : '';
      const { env, input } = envelope(body, opts);
      const fault = takeFault(env.infno);
      if (fault?.mode === 'timeout') {
        held.add(res);
        res.on('close', () => held.delete(res));
        record({ infno, msgid, infcode: null, fault: 'timeout', err_msg: null });
        return;
      }
      if (fault?.mode === 'error') {
        record({ infno, msgid, infcode: -1, fault: 'error', err_msg: fault.errMsg });
        sendJson(res, 200, answer(-1, fault.errMsg, null));
        return;
      }
      if (fault?.mode === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs));
      const r = apply(env, input);
      if (fault?.mode === 'settled-no-answer') {
        record({ infno, msgid, infcode: null, fault: 'settled-no-answer', err_msg: null });
        res.socket?.destroy();
        return;
      }
      if ('raw' in r) {
        record({ infno, msgid, infcode: 0, fault: fault?.mode ?? null, err_msg: null });
        res.writeHead(200, {
          'content-type': 'application/octet-stream',
          'content-length': r.raw.length,
          'content-disposition': `attachment; filename="${encodeURIComponent(r.filename)}"`,
        });
        res.end(r.raw);
        return;
      }
      record({ infno, msgid, infcode: 0, fault: fault?.mode ?? null, err_msg: null });
      sendJson(res, 200, r.answer);
    } catch (e) {
      const msg = e instanceof WireError ? e.message : `医保中心内部错误：${(e as Error).message}`;
      if (!(e instanceof WireError)) opts.log?.(`internal error on ${infno} ${msgid}: ${(e as Error).stack}`);
      record({ infno, msgid, infcode: -1, fault: null, err_msg: msg });
      if (!res.headersSent) sendJson(res, 200, answer(-1, msg, null));
    }
  };

  const hooks = async (req: http.IncomingMessage, res: http.ServerResponse, path: string) => {
    try {
      if (req.method === 'GET' && path === '/__sim/state') {
        const byInfno: Record<string, number> = {};
        for (const c of calls) byInfno[c.infno] = (byInfno[c.infno] ?? 0) + 1;
        sendJson(res, 200, {
          level,
          admdvs,
          faults: [...faults.values()],
          counts: store.counts(),
          callsByInfno: byInfno,
          calls: calls.slice(-200),
        });
        return;
      }
      if (req.method !== 'POST') return sendJson(res, 405, { error: 'method not allowed' });
      const text = await readBody(req);
      const body = text.trim() ? (JSON.parse(text) as unknown) : {};
      if (!isObj(body)) return sendJson(res, 400, { error: 'body must be a JSON object' });
      if (path === '/__sim/reset') {
        reset({ data: body.data === true });
        return sendJson(res, 200, { ok: true });
      }
      if (path === '/__sim/faults') {
        setFault(body as unknown as Fault);
        return sendJson(res, 200, { ok: true, faults: [...faults.values()] });
      }
      sendJson(res, 404, { error: 'not found' });
    } catch (e) {
      sendJson(res, 400, { error: (e as Error).message });
    }
  };

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/fsi/api' && req.method === 'POST') return void platform(req, res);
    if (opts.faults && path.startsWith('/__sim/')) return void hooks(req, res, path);
    sendJson(res, 404, { error: 'not found: the platform answers POST /fsi/api' });
  });
  server.keepAliveTimeout = 5000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host && opts.host !== '0.0.0.0' ? opts.host : '127.0.0.1';

  return {
    url: `http://${host}:${port}/fsi/api`,
    port,
    store,
    policy,
    fault: setFault,
    reset,
    calls,
    close: async () => {
      for (const r of held) r.socket?.destroy();
      held.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.close();
    },
  };
}
