// The gateway client of the national platform (issue 11 item 1). Every call is an OUTBOX row:
//   (1) uow.write: the full envelope is inserted 'pending' and committed;
//   (2) POST to the configured gateway URL, with the signer's headers and the configured timeout
//       (never inside a transaction);
//   (3) uow.write: the answer is recorded — infcode 0 → 'ok'; -1 → 'failed'; nothing reached the
//       insurer (refused connection, DNS) → 'failed'; a timeout, a connection dropped after
//       sending or an answer we cannot read → 'unknown' (the insurer may have applied it).
// A pending or unknown row is never sent again under a new msgid: the settlement module resolves
// it (5203 / 2601) and marks it with markResolved().
// One exception, for a DEFINITE failure only: a call refused (infcode -1, nothing applied) because
// the insurer lost the operator's sign-in (its restart, a sign-in elsewhere, its day rolling over
// first: isSignInLost) makes the adapter forget the kept sign_no, sign in again (9001, an outbox
// row like any) and resend the refused call ONCE under a new msgid, as a new row with retry_of =
// the refused one. A call prepared by another module (prepareCall/sendPrepared) is not resent
// (that module holds its msgid): the sign-in is forgotten and the error says to submit again.
import crypto from 'node:crypto';
import os from 'node:os';
import type { InfNo, InputOf, OutputOf } from '../../../core/insurance-wire.js';
import { DomainError } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import type { InsuranceCallState } from '../../../db/schema.js';
import { nextSequence } from '../../lib/sequences.js';
import type { AuditWho, Tx } from '../../lib/uow.js';
import { calendarOf } from '../settings/index.js';
import type { ModuleContext } from '../context.js';
import { callChanged } from './events.js';
import { parsePerson, type PersonInfo } from './person.js';
import * as repo from './repo.js';
import { isSignInLost } from './sign-in-lost.js';
import {
  badAnswer,
  insurerTimeOf,
  makeMsgid,
  maskInput,
  NO_EFFECT_INFNOS,
  parseAnswer,
  signerHeaders,
} from './wire.js';

/** Who makes a call: the signed-in user (an Actor fits). */
export interface CallActor extends AuditWho {
  userId: number;
  username: string;
  staffName: string;
}

export interface CallContext {
  actor: CallActor;
  patientId?: number | null;
  /** What the call is about, e.g. refType 'bill' / refId '123' (free text for the owner module). */
  refType?: string | null;
  refId?: string | number | null;
  /** The envelope's insuplc_admdvs (参保地) when the input carries a psn_no; the setting's default otherwise. */
  insuplcAdmdvs?: string;
  /** The operator's sign_no; taken from today's 9001 (signing in first) when not given. */
  signNo?: string;
}

/** What a call became (outboxCall never throws for the insurer's answers; call() does). */
export interface CallOutcome<O = unknown> {
  callId: number;
  msgid: string;
  infno: InfNo;
  state: InsuranceCallState;
  infcode: number | null;
  /** The insurer's output (untrusted: check every money field with toFen). null unless state 'ok'. */
  output: O | null;
  errMsg: string | null;
  warnMsg: string | null;
  /** Why the answer is unknown / failed without an infcode: 'timeout' | 'dropped' | 'unreachable' | 'bad-answer'. */
  fault: 'timeout' | 'dropped' | 'unreachable' | 'bad-answer' | null;
  httpStatus: number | null;
  /** This outcome is the resend (after a renewed 9001) of the refused call with this id. */
  resentFrom?: number;
  /** Refused for a lost sign-in; the kept sign_no was forgotten ('renewal-failed': the new 9001 failed too). */
  signInLost?: 'forgotten' | 'renewal-failed';
  /** When signInLost is 'renewal-failed': why the new 9001 failed. */
  signInError?: DomainError;
}

const SIGN_INFNOS = new Set(['9001', '9002']);

function localMacIp(): { mac: string; ip: string } {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const n of list ?? []) {
      if (!n.internal && n.family === 'IPv4') return { mac: n.mac.toUpperCase().replace(/:/g, '-'), ip: n.address };
    }
  }
  return { mac: '00-00-00-00-00-00', ip: '127.0.0.1' };
}

/** The errors a call ends with (Chinese and English, the call id in details). */
export const insurerErrors = {
  disabled: () =>
    new DomainError(
      409,
      'insurer_disabled',
      t(
        '医保接口未启用:请在 系统管理 › 医保接口设置 中填写并启用,或按自费处理',
        'The insurer interface is not enabled: set it up in Administration › Insurance interface, ' +
          'or charge as self-pay',
      ),
    ),
  unreachable: (url: string, why: string, callId: number) =>
    new DomainError(
      502,
      'insurer_unreachable',
      t(
        `连接不上医保平台(${url}:${why}),本次交易未发出,可稍后重试或按自费处理`,
        `Cannot reach the insurer (${url}: ${why}); nothing was sent. Try again later or charge as self-pay`,
      ),
      undefined,
      { callId },
    ),
  error: (infno: string, errMsg: string, callId: number) =>
    new DomainError(
      422,
      'insurer_error',
      t(`医保平台拒绝了交易 ${infno}:${errMsg}`, `The insurer refused transaction ${infno}: ${errMsg}`),
      undefined,
      { callId, infno, errMsg },
    ),
  timeout: (infno: string, callId: number, timeoutMs: number) =>
    new DomainError(
      504,
      'insurer_timeout',
      t(
        `医保平台 ${Math.round(timeoutMs / 1000)} 秒内没有应答(交易 ${infno},记录号 ${callId}):结果未知,` +
          '须先查询确认(5203)再继续,切勿重复提交',
        `The insurer did not answer within ${Math.round(timeoutMs / 1000)} s (transaction ${infno}, call ${callId}): ` +
          'the outcome is unknown and must be checked (5203) before going on; do not submit again',
      ),
      undefined,
      { callId, infno },
    ),
  dropped: (infno: string, callId: number) =>
    new DomainError(
      504,
      'insurer_timeout',
      t(
        `与医保平台的连接在发送后中断(交易 ${infno},记录号 ${callId}):结果未知,须先查询确认(5203)再继续`,
        `The connection to the insurer broke after sending (transaction ${infno}, call ${callId}): ` +
          'the outcome is unknown and must be checked (5203) before going on',
      ),
      undefined,
      { callId, infno },
    ),
  badAnswer: (infno: string, what: string, callId: number) =>
    new DomainError(
      502,
      'insurer_bad_answer',
      t(
        `医保平台对交易 ${infno} 的应答无法识别(${what},记录号 ${callId}):结果未知,须先查询确认再继续`,
        `The insurer's answer to ${infno} cannot be read (${what}, call ${callId}): ` +
          'the outcome is unknown and must be checked before going on',
      ),
      'output',
      { callId, infno },
    ),
  /** Refused for a lost sign-in in a call another module prepared (not resent): the kept sign-in is dropped. */
  signInLost: (infno: string, errMsg: string, callId: number) =>
    new DomainError(
      422,
      'insurer_error',
      t(
        `医保平台拒绝了交易 ${infno}:${errMsg}(医保平台上的签到已失效)。本次交易未办理;` +
          '已清除本机保存的签到,请再次提交,系统会自动重新签到(9001)',
        `The insurer refused transaction ${infno}: ${errMsg} (it lost the operator's sign-in). Nothing was ` +
          'applied; the kept sign-in was dropped: submit again and the operator is signed in anew (9001)',
      ),
      undefined,
      { callId, infno, errMsg, signInLost: true },
    ),
  /** Refused for a lost sign-in, and the new 9001 failed too. */
  signInRenewalFailed: (infno: string, errMsg: string, callId: number, why: DomainError) =>
    new DomainError(
      422,
      'insurer_error',
      t(
        `医保平台拒绝了交易 ${infno}:${errMsg}(签到已失效),重新签到(9001)也未成功:${why.text.zh}`,
        `The insurer refused transaction ${infno}: ${errMsg} (the sign-in was lost), and signing in again ` +
          `(9001) failed too: ${why.text.en}`,
      ),
      undefined,
      { callId, infno, errMsg, signInLost: true, signIn: { code: why.code, ...why.details } },
    ),
};

/** A definite refusal (an infcode, not 0) that says the operator is not signed in at the insurer. */
function refusedForSignIn(o: CallOutcome): boolean {
  return o.state === 'failed' && o.fault === null && o.infcode !== null && o.infcode !== 0 && isSignInLost(o.errMsg);
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

function errorCode(e: unknown): string {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === 'object'; i++) {
    const c = cur as { code?: unknown; cause?: unknown; errors?: unknown[] };
    if (typeof c.code === 'string') return c.code;
    if (Array.isArray(c.errors) && c.errors.length) cur = c.errors[0];
    else cur = c.cause;
  }
  return '';
}

interface Prepared {
  callId: number;
  msgid: string;
  infno: InfNo;
  body: string;
  url: string;
  headers: Record<string, string>;
  timeoutMs: number;
  file: boolean;
  signNo: string;
  retryOf: number | null;
}

interface Raw {
  state: InsuranceCallState;
  httpStatus: number | null;
  infcode: number | null;
  output: Record<string, unknown> | null;
  outputJson: string | null;
  errMsg: string | null;
  warnMsg: string | null;
  fault: CallOutcome['fault'];
  bytes?: Uint8Array;
}

export function createInsurer(deps: Pick<ModuleContext, 'db' | 'uow' | 'clock'>) {
  const { db, uow, clock } = deps;
  /** Prepared calls of this process not yet sent (only these may be sent). */
  const prepared = new Map<number, Prepared>();
  /** One 9001 at a time per operator and day. */
  const signingIn = new Map<string, Promise<string>>();
  /** One renewal per refused sign_no: calls refused together share one new 9001. */
  const renewing = new Map<string, Promise<string>>();
  const where = localMacIp();

  /** Writes the outbox row (inside the caller's transaction) and keeps the envelope to send. */
  async function prepare<N extends InfNo>(
    tx: Tx,
    infno: N,
    input: InputOf<N>,
    ctx: CallContext & { signNo: string },
    opts: { allowDisabled?: boolean; retryOf?: number } = {},
  ): Promise<{ callId: number; msgid: string }> {
    const cfg = await repo.readConfig(tx.db);
    if (!cfg.enabled && !opts.allowDisabled) throw insurerErrors.disabled();
    const cal = await calendarOf(tx.db);
    const wall = cal.wallParts(tx.now);
    const msgid = makeMsgid(cfg.fixmedins_code, wall, await nextSequence(tx.db, 'insurance.msgid'));
    const envelope = {
      infno,
      msgid,
      mdtrtarea_admvs: cfg.mdtrtarea_admvs,
      insuplc_admdvs: ctx.insuplcAdmdvs ?? cfg.insuplc_admdvs,
      recer_sys_code: cfg.recer_sys_code,
      dev_no: cfg.dev_no,
      dev_safe_info: '',
      cainfo: '',
      signtype: '',
      infver: cfg.infver,
      opter_type: '1',
      opter: ctx.actor.username,
      opter_name: ctx.actor.staffName,
      inf_time: insurerTimeOf(wall),
      fixmedins_code: cfg.fixmedins_code,
      fixmedins_name: cfg.fixmedins_name,
      sign_no: ctx.signNo,
      input,
    };
    const body = JSON.stringify(envelope);
    // A file's bytes are not kept in the outbox (a pending row is never sent again): its size and hash are.
    const stored =
      infno === '9101' ? JSON.stringify({ ...envelope, input: fileSummary(input as InputOf<'9101'>) }) : body;
    const callId = await repo.insertCall(tx.db, {
      msgid,
      infno,
      input_json: stored,
      user_id: ctx.actor.userId,
      patient_id: ctx.patientId ?? null,
      ref_type: ctx.refType ?? null,
      ref_id: ctx.refId === undefined || ctx.refId === null ? null : String(ctx.refId),
      created_at: tx.now,
      retry_of: opts.retryOf ?? null,
    });
    tx.emit(callChanged({ id: callId, infno, state: 'pending', patientId: ctx.patientId ?? null, resolved: false }));
    prepared.set(callId, {
      callId,
      msgid,
      infno,
      body,
      url: cfg.gateway_url,
      headers: signerHeaders(cfg.signer, cfg.signer_paasid, cfg.signer_secret, tx.now),
      timeoutMs: cfg.timeout_ms,
      file: infno === '9102',
      signNo: ctx.signNo,
      retryOf: opts.retryOf ?? null,
    });
    return { callId, msgid };
  }

  function fileSummary(input: InputOf<'9101'>) {
    const b64 = input.fsUploadIn.in;
    const sha256 = crypto.createHash('sha256').update(b64, 'base64').digest('hex');
    return { fsUploadIn: { ...input.fsUploadIn, in: `<${Buffer.byteLength(b64, 'base64')} bytes sha256 ${sha256}>` } };
  }

  async function post(p: Prepared): Promise<Raw> {
    const fail = (fault: CallOutcome['fault'], state: InsuranceCallState, errMsg: string): Raw => ({
      state,
      httpStatus: null,
      infcode: null,
      output: null,
      outputJson: null,
      errMsg,
      warnMsg: null,
      fault,
    });
    let res: Response;
    try {
      res = await fetch(p.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', ...p.headers },
        body: p.body,
        signal: AbortSignal.timeout(p.timeoutMs),
      });
    } catch (e) {
      const name = (e as { name?: string }).name;
      if (name === 'TimeoutError' || name === 'AbortError') return fail('timeout', 'unknown', 'timeout');
      const code = errorCode(e);
      if (UNREACHABLE.has(code)) return fail('unreachable', 'failed', code);
      if (e instanceof TypeError && /invalid url|failed to parse url/i.test(String(e.message)))
        return fail('unreachable', 'failed', 'invalid URL');
      return fail('dropped', 'unknown', code || String((e as Error).message ?? e).slice(0, 200));
    }
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await res.arrayBuffer());
    } catch (e) {
      const name = (e as { name?: string }).name;
      if (name === 'TimeoutError' || name === 'AbortError') return fail('timeout', 'unknown', 'timeout');
      return fail('dropped', 'unknown', errorCode(e) || 'connection dropped while reading the answer');
    }
    const type = res.headers.get('content-type') ?? '';
    if (p.file && res.ok && !/json/i.test(type)) {
      const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
      return {
        state: 'ok',
        httpStatus: res.status,
        infcode: 0,
        output: null,
        outputJson: JSON.stringify({ bytes: bytes.length, sha256, contentType: type }),
        errMsg: null,
        warnMsg: null,
        fault: null,
        bytes,
      };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch {
      const snippet = new TextDecoder().decode(bytes.slice(0, 120)).replace(/\s+/g, ' ');
      return { ...fail('bad-answer', 'unknown', `not JSON (HTTP ${res.status}): ${snippet}`), httpStatus: res.status };
    }
    const a = parseAnswer(parsed);
    if ('bad' in a) {
      return {
        ...fail('bad-answer', 'unknown', `bad envelope: ${a.bad} (HTTP ${res.status})`),
        httpStatus: res.status,
      };
    }
    if (a.infcode === 0) {
      if (p.file)
        return { ...fail('bad-answer', 'unknown', 'a JSON answer where a file was expected'), httpStatus: res.status };
      return {
        state: 'ok',
        httpStatus: res.status,
        infcode: 0,
        output: a.output,
        outputJson: JSON.stringify(a.output),
        errMsg: null,
        warnMsg: a.warnMsg,
        fault: null,
      };
    }
    return {
      state: 'failed',
      httpStatus: res.status,
      infcode: a.infcode,
      output: null,
      outputJson: null,
      errMsg: a.errMsg,
      warnMsg: a.warnMsg,
      fault: null,
    };
  }

  /** Sends a call prepared by this process (once) and records its answer. */
  async function send(callId: number, ctx: CallContext): Promise<CallOutcome & { bytes?: Uint8Array }> {
    const p = prepared.get(callId);
    if (!p)
      throw new DomainError(
        409,
        'insurer_call_not_sendable',
        t(
          `医保调用 ${callId} 不能再次发送(已发送或为上次运行所写):请查询确认`,
          `Insurer call ${callId} cannot be sent again (already sent, or written before a restart): check it`,
        ),
      );
    prepared.delete(callId);
    // Committed before it is sent: the row must be there, pending, with this msgid (not rolled back).
    const row = await repo.callRow(db, callId);
    if (!row || row.state !== 'pending' || row.msgid !== p.msgid)
      throw new DomainError(
        409,
        'insurer_call_not_sendable',
        t(
          `医保调用 ${callId} 未保存或已处理,不能发送`,
          `Insurer call ${callId} was not committed or is no longer pending: it cannot be sent`,
        ),
      );
    const raw = await post(p);
    const patientId = ctx.patientId ?? null;
    // A query whose answer was lost changed nothing: resolved at once, it never blocks a patient.
    const noEffect = raw.state === 'unknown' && NO_EFFECT_INFNOS.has(p.infno);
    await uow.write(async (tx) => {
      await repo.recordAnswer(tx.db, callId, {
        state: raw.state,
        output_json: raw.outputJson,
        infcode: raw.infcode,
        err_msg: raw.errMsg ? raw.errMsg.slice(0, 2000) : null,
        http_status: raw.httpStatus,
        answered_at: tx.now,
        ...(noEffect ? { resolution: 'no-effect', resolved_at: tx.now } : {}),
      });
      await tx.audit(ctx.actor, {
        action: 'insurance.call',
        outcome: raw.state === 'ok' ? 'ok' : 'failed',
        entity: 'insurance_call',
        entityId: callId,
        patientId,
        summary: {
          infno: p.infno,
          msgid: p.msgid,
          state: raw.state,
          infcode: raw.infcode,
          errMsg: raw.errMsg,
          fault: raw.fault,
          ...(p.retryOf !== null ? { retryOf: p.retryOf } : {}),
          input: maskInput((JSON.parse(p.body) as { input: unknown }).input),
        },
      });
      tx.emit(callChanged({ id: callId, infno: p.infno, state: raw.state, patientId, resolved: noEffect }));
    });
    return {
      callId,
      msgid: p.msgid,
      infno: p.infno,
      state: raw.state,
      infcode: raw.infcode,
      output: raw.output,
      errMsg: raw.errMsg,
      warnMsg: raw.warnMsg,
      fault: raw.fault,
      httpStatus: raw.httpStatus,
      ...(raw.bytes ? { bytes: raw.bytes } : {}),
    };
  }

  /** The error a non-ok outcome ends with. */
  function errorOf(o: CallOutcome, url: string, timeoutMs: number): DomainError {
    if (o.state === 'failed' && o.fault === 'unreachable')
      return insurerErrors.unreachable(url, o.errMsg ?? '', o.callId);
    if (o.state === 'failed' && o.signInLost === 'renewal-failed' && o.signInError)
      return insurerErrors.signInRenewalFailed(o.infno, o.errMsg ?? '', o.callId, o.signInError);
    if (o.state === 'failed' && o.signInLost === 'forgotten')
      return insurerErrors.signInLost(o.infno, o.errMsg ?? '', o.callId);
    if (o.state === 'failed') return insurerErrors.error(o.infno, o.errMsg ?? '', o.callId);
    if (o.fault === 'timeout') return insurerErrors.timeout(o.infno, o.callId, timeoutMs);
    if (o.fault === 'bad-answer') return insurerErrors.badAnswer(o.infno, o.errMsg ?? '', o.callId);
    return insurerErrors.dropped(o.infno, o.callId);
  }

  async function signNoFor(infno: InfNo, ctx: CallContext): Promise<string> {
    if (ctx.signNo !== undefined) return ctx.signNo;
    if (SIGN_INFNOS.has(infno)) return '';
    return insurer.ensureSignedIn(ctx.actor);
  }

  /**
   * The insurer refused a call for a lost sign-in: today's kept sign_no is closed (only if it is still
   * the refused one) and audited. Returns whether this call closed it.
   */
  async function forgetSignIn(actor: CallActor, signNo: string, refused: CallOutcome): Promise<boolean> {
    return uow.write(async (tx) => {
      const closed = await repo.markSignInLost(tx.db, actor.userId, signNo, tx.now);
      if (closed)
        await tx.audit(actor, {
          action: 'insurance.sign-in-lost',
          entity: 'insurance_call',
          entityId: refused.callId,
          summary: { infno: refused.infno, msgid: refused.msgid, errMsg: refused.errMsg, signNo },
        });
      return closed;
    });
  }

  /**
   * Forgets the refused sign_no and signs the operator in again (9001): once per refused sign_no,
   * calls refused together share it; a call refused after another renewal just takes the new sign_no.
   * Audited ('insurance.sign-in-renewed', ok or failed). Throws the 9001's DomainError.
   */
  async function renewSignIn(actor: CallActor, refusedSignNo: string, refused: CallOutcome): Promise<string> {
    const key = `${actor.userId}|${refusedSignNo}`;
    const running = renewing.get(key);
    if (running) return running;
    const p = (async () => {
      const closed = await forgetSignIn(actor, refusedSignNo, refused);
      const about = {
        refusedCallId: refused.callId,
        infno: refused.infno,
        errMsg: refused.errMsg,
        oldSignNo: refusedSignNo,
      };
      try {
        const signNo = await insurer.ensureSignedIn(actor, { about: refused.callId });
        if (closed) {
          const day = (await calendarOf(db)).today(clock.now());
          const row = await repo.signInOf(db, actor.userId, day);
          await uow.write((tx) =>
            tx.audit(actor, {
              action: 'insurance.sign-in-renewed',
              entity: 'insurance_call',
              entityId: refused.callId,
              summary: { ...about, signNo, signInCallId: row?.call_id ?? null },
            }),
          );
        }
        return signNo;
      } catch (e) {
        await uow.write((tx) =>
          tx.audit(actor, {
            action: 'insurance.sign-in-renewed',
            outcome: 'failed',
            entity: 'insurance_call',
            entityId: refused.callId,
            summary: {
              ...about,
              error: e instanceof DomainError ? e.code : String(e),
              callId: e instanceof DomainError ? (e.details?.callId ?? null) : null,
            },
          }),
        );
        throw e;
      }
    })();
    renewing.set(key, p);
    try {
      return await p;
    } finally {
      if (renewing.get(key) === p) renewing.delete(key);
    }
  }

  const insurer = {
    /**
     * One call, outbox first; never throws for the insurer's answer (see CallOutcome.state), only
     * for insurer_disabled or a database error. Signs the operator in first when needed.
     */
    async outboxCall<N extends InfNo>(
      infno: N,
      input: InputOf<N>,
      ctx: CallContext,
      opts: { allowDisabled?: boolean } = {},
    ): Promise<CallOutcome<OutputOf<N>> & { bytes?: Uint8Array }> {
      type Out = CallOutcome<OutputOf<N>> & { bytes?: Uint8Array };
      // Only a sign_no the adapter chose (the kept one) is renewed; 9001/9002 and a given sign_no are not.
      const kept = ctx.signNo === undefined && !SIGN_INFNOS.has(infno);
      const signNo = await signNoFor(infno, ctx);
      const { callId } = await uow.write((tx) => prepare(tx, infno, input, { ...ctx, signNo }, opts));
      const first = await send(callId, ctx);
      // A definite refusal for a lost sign-in: sign in again and resend ONCE (a new msgid, retry_of → the
      // refused row). An unknown outcome (timeout, dropped answer) never gets here: it is never resent.
      if (!kept || !refusedForSignIn(first)) return first as Out;
      let fresh: string;
      try {
        fresh = await renewSignIn(ctx.actor, signNo, first);
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        return { ...first, signInLost: 'renewal-failed', signInError: e } as Out;
      }
      const again = await uow.write((tx) =>
        prepare(tx, infno, input, { ...ctx, signNo: fresh }, { ...opts, retryOf: first.callId }),
      );
      return { ...(await send(again.callId, ctx)), resentFrom: first.callId } as Out;
    },

    /**
     * One call; resolves with the insurer's output (infcode 0), throws a DomainError otherwise:
     * insurer_disabled, insurer_unreachable (nothing sent), insurer_error (err_msg; nothing
     * applied), insurer_timeout (outcome UNKNOWN: details.callId), insurer_bad_answer (unknown).
     */
    async call<N extends InfNo>(
      infno: N,
      input: InputOf<N>,
      ctx: CallContext,
    ): Promise<{ callId: number; msgid: string; output: OutputOf<N>; warnMsg: string | null }> {
      const cfg = await repo.readConfig(db);
      const o = await insurer.outboxCall(infno, input, ctx);
      if (o.state !== 'ok') throw errorOf(o, cfg.gateway_url, cfg.timeout_ms);
      return { callId: o.callId, msgid: o.msgid, output: o.output as OutputOf<N>, warnMsg: o.warnMsg };
    },

    /**
     * For a module that must write its own rows in the same transaction as the outbox row (a
     * settlement 'pending' with its msgid): call inside your uow.write, then sendPrepared(callId)
     * after the commit. ctx.signNo must be given (await ensureSignedIn() before the transaction).
     */
    prepareCall<N extends InfNo>(tx: Tx, infno: N, input: InputOf<N>, ctx: CallContext & { signNo: string }) {
      return prepare(tx, infno, input, ctx);
    },

    /** Sends a call written by prepareCall in this process; never sends one twice. */
    async sendPrepared(callId: number, ctx: CallContext): Promise<CallOutcome> {
      const signNo = prepared.get(callId)?.signNo;
      const o = await send(callId, ctx);
      // Not resent (the caller holds this msgid): the lost sign-in is forgotten, its next call signs in anew.
      if (signNo && !SIGN_INFNOS.has(o.infno) && refusedForSignIn(o)) {
        await forgetSignIn(ctx.actor, signNo, o);
        return { ...o, signInLost: 'forgotten' };
      }
      return o;
    },

    /** The DomainError of a non-ok outcome (for callers of outboxCall/sendPrepared that want to throw). */
    async errorOf(o: CallOutcome): Promise<DomainError> {
      const cfg = await repo.readConfig(db);
      return errorOf(o, cfg.gateway_url, cfg.timeout_ms);
    },

    /** 9102: the file's bytes (a zip). Throws like call(). */
    async download9102(
      input: InputOf<'9102'>['fsDownloadIn'],
      ctx: CallContext,
    ): Promise<{ callId: number; bytes: Uint8Array }> {
      const cfg = await repo.readConfig(db);
      const o = await insurer.outboxCall('9102', { fsDownloadIn: input }, ctx);
      if (o.state !== 'ok' || !o.bytes) throw errorOf(o, cfg.gateway_url, cfg.timeout_ms);
      return { callId: o.callId, bytes: o.bytes };
    },

    /**
     * 1101 person information by e-voucher (01), ID number (02) or social security card (03, with
     * card_sn) → the checked answer in the HIS's shape (money in fen; insurer_bad_answer naming a
     * missing or non-numeric field). Not kept: POST /api/insurance/person keeps a look-up.
     */
    async personInfo(q: {
      certType: '01' | '02' | '03';
      certNo: string;
      cardSn?: string;
      actor: CallActor;
      patientId?: number | null;
    }): Promise<{ callId: number; certNo: string; person: PersonInfo }> {
      const certNo = q.certType === '02' ? q.certNo.trim().toUpperCase() : q.certNo.trim();
      const wall = (await calendarOf(db)).wallParts(clock.now());
      const data = {
        mdtrt_cert_type: q.certType,
        mdtrt_cert_no: certNo,
        card_sn: q.cardSn ?? '',
        begntime: insurerTimeOf(wall),
        psn_cert_type: q.certType === '02' ? '01' : '',
        certno: q.certType === '02' ? certNo : '',
        psn_name: '',
      };
      const r = await insurer.call(
        '1101',
        { data },
        { actor: q.actor, patientId: q.patientId ?? null, refType: 'person' },
      );
      return { callId: r.callId, certNo, person: parsePerson(r.output) };
    },

    /** The same as download9102 (the name the brief gave it). */
    callFile9102(input: InputOf<'9102'>['fsDownloadIn'], ctx: CallContext) {
      return insurer.download9102(input, ctx);
    },

    /** 9101: uploads a file's bytes → file_qury_no. Throws like call(). */
    async upload9101(
      file: { bytes: Uint8Array; filename: string },
      ctx: CallContext,
    ): Promise<{ callId: number; fileQuryNo: string; filename: string; dldEndtime: string }> {
      const cfg = await repo.readConfig(db);
      const r = await insurer.call(
        '9101',
        {
          fsUploadIn: {
            in: Buffer.from(file.bytes).toString('base64'),
            filename: file.filename,
            fixmedins_code: cfg.fixmedins_code,
          },
        },
        ctx,
      );
      const out = r.output as unknown as Record<string, unknown>;
      if (typeof out.file_qury_no !== 'string' || !out.file_qury_no)
        throw badAnswer('file_qury_no', '缺失', 'is missing', { callId: r.callId });
      return {
        callId: r.callId,
        fileQuryNo: out.file_qury_no,
        filename: typeof out.filename === 'string' ? out.filename : file.filename,
        dldEndtime: typeof out.dld_endtime === 'string' ? out.dld_endtime : '',
      };
    },

    /** The operator's sign_no for today: 9001 once per operator per business day (kept). */
    async ensureSignedIn(
      actor: CallActor,
      opts: { force?: boolean; allowDisabled?: boolean /** the refused call a renewal is for */; about?: number } = {},
    ): Promise<string> {
      const now = clock.now();
      const day = (await calendarOf(db)).today(now);
      if (!opts.force) {
        const row = await repo.signInOf(db, actor.userId, day);
        if (row && row.signed_out_at === null) return row.sign_no;
      }
      const key = `${actor.userId}|${day}`;
      const running = signingIn.get(key);
      if (running && !opts.force) return running;
      const p = (async () => {
        const cfg = await repo.readConfig(db);
        const o = await insurer.outboxCall(
          '9001',
          { signIn: { opter_no: actor.username, mac: where.mac, ip: actor.ip ?? where.ip } },
          {
            actor,
            signNo: '',
            refType: opts.about === undefined ? 'sign-in' : 'sign-in-renewal',
            refId: opts.about ?? null,
          },
          { allowDisabled: opts.allowDisabled },
        );
        if (o.state !== 'ok') throw errorOf(o, cfg.gateway_url, cfg.timeout_ms);
        const out = (o.output ?? {}) as { signinoutb?: { sign_no?: unknown; sign_time?: unknown } };
        const signNo = out.signinoutb?.sign_no;
        if (typeof signNo !== 'string' || !signNo) throw badAnswer('signinoutb.sign_no', '缺失', 'is missing');
        const signTime = typeof out.signinoutb?.sign_time === 'string' ? out.signinoutb.sign_time : '';
        await uow.write(async (tx) => {
          await repo.insertSignIn(tx.db, {
            user_id: actor.userId,
            business_day: day,
            sign_no: signNo,
            sign_time: signTime,
            call_id: o.callId,
            at: tx.now,
          });
        });
        return signNo;
      })();
      signingIn.set(key, p);
      try {
        return await p;
      } finally {
        if (signingIn.get(key) === p) signingIn.delete(key);
      }
    },

    /** 9002 for the operator's open sign-ins (today's and any earlier day left open). */
    async signOut(actor: CallActor): Promise<{ signedOut: number }> {
      const open = await repo.openSignIns(db, actor.userId);
      let n = 0;
      for (const s of open) {
        const o = await insurer.outboxCall(
          '9002',
          { signOut: { sign_no: s.sign_no, opter_no: actor.username } },
          { actor, signNo: s.sign_no, refType: 'sign-out' },
        );
        if (o.state === 'failed' && o.fault === 'unreachable') throw await insurer.errorOf(o);
        // An error answer (e.g. already signed out at the insurer) closes ours too; unknown: retry later.
        if (o.state === 'unknown') throw await insurer.errorOf(o);
        await uow.write(async (tx) => repo.markSignedOut(tx.db, s.id, o.callId, tx.now));
        n++;
      }
      return { signedOut: n };
    },

    /**
     * Day end: 9002 for every sign-in of an earlier business day still open (the operator did not
     * sign out). Skipped while the interface is disabled; a failure is left for the next run.
     */
    async signOutStale(): Promise<{ signedOut: number; failed: number }> {
      const cfg = await repo.readConfig(db);
      if (!cfg.enabled) return { signedOut: 0, failed: 0 };
      const today = (await calendarOf(db)).today(clock.now());
      let signedOut = 0;
      let failed = 0;
      for (const s of await repo.staleSignIns(db, today)) {
        const actor: CallActor = {
          userId: s.user_id,
          username: s.username,
          staffName: s.staff_name ?? s.username,
          ip: null,
          workstationId: null,
        };
        const o = await insurer.outboxCall(
          '9002',
          { signOut: { sign_no: s.sign_no, opter_no: s.username } },
          { actor, signNo: s.sign_no, refType: 'sign-out' },
        );
        // An answer either way closes ours (an error = the insurer has no open sign-in); no answer: next run.
        if (o.state === 'ok' || (o.state === 'failed' && o.fault !== 'unreachable')) {
          await uow.write(async (tx) => repo.markSignedOut(tx.db, s.id, o.callId, tx.now));
          signedOut++;
        } else failed++;
      }
      return { signedOut, failed };
    },

    /** Today's sign-in of the operator, if any (no network). */
    async signInStatus(userId: number) {
      const day = (await calendarOf(db)).today(clock.now());
      const row = await repo.signInOf(db, userId, day);
      return row && row.signed_out_at === null ? { signNo: row.sign_no, signTime: row.sign_time, day } : null;
    },
  };
  return insurer;
}

export type Insurer = ReturnType<typeof createInsurer>;
