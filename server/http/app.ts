// The Koa application: error handling, security headers, logging, sessions, the API
// routes (validated, permission-checked) and the client's static files.
import fs from 'node:fs';
import path from 'node:path';
import Koa, { type Context } from 'koa';
import Router from '@koa/router';
import type { Logger } from 'pino';
import { arrivedAt } from './load.js';
import type { Actor, RequestMeta } from './actor.js';
import { DomainError, missingPermission, unauthorized } from '../../core/errors.js';
import { createHash } from 'node:crypto';
import { isJsonType, notJsonError, readBytesBody, readJsonBody, readTextBody } from './body.js';
import { ID_PATTERN, parseInput } from './validation.js';
import { HttpResult, type RouteDef } from './route.js';
import type { Idempotency } from '../lib/uow.js';
import { pickLang, t, type Lang } from '../../core/i18n.js';
import { permissionLabel } from '../modules/auth/index.js';
import { SESSION_COOKIE, WORKSTATION_COOKIE } from './cookies.js';
import type { AuthService } from '../modules/auth/index.js';

export interface AppDeps {
  routes: RouteDef[];
  auth: AuthService;
  logger: Logger;
  clientDir: string;
  cookieSecure: boolean;
  trustProxy: boolean;
  sessionMaxHours: number;
  /** Resolves the browser's workstation cookie (workstations module); absent: no workstation. */
  workstations?: WorkstationResolver;
}

/** The browser's workstation comes from its workstation cookie only (issue 9 item 1). */
export interface WorkstationResolver {
  resolve(token: string | undefined): Promise<{ workstationId: number } | null>;
}

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "media-src 'self' blob: data:",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/**
 * The request facts for services and the audit log. The workstation is the one this browser
 * is bound to on the server (its HttpOnly workstation cookie, resolved by the workstations
 * module); an `x-workstation` header or any other client claim is never read.
 */
export async function requestMeta(ctx: Context, workstations?: WorkstationResolver): Promise<RequestMeta> {
  const bound = workstations ? await workstations.resolve(ctx.cookies.get(WORKSTATION_COOKIE)) : null;
  return {
    ip: ctx.ip || null,
    workstationId: bound?.workstationId ?? null,
    userAgent: ctx.get('user-agent') || null,
    lang: pickLang(ctx.get('x-lang') || undefined, ctx.get('accept-language') || undefined),
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Does this Origin or Referer name the host the request was sent to (ctx.host: the Host
 *  header, or X-Forwarded-Host when TRUST_PROXY)? Default ports are ignored; "null" and
 *  anything unparsable are foreign. */
function sameHost(claimed: string, host: string): boolean {
  let u: URL;
  try {
    u = new URL(claimed);
  } catch {
    return false;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
  const strip = (h: string) => h.toLowerCase().replace(/:(80|443)$/, '');
  return host !== '' && strip(u.host) === strip(host);
}

function errorBody(err: DomainError, lang: Lang) {
  const body: { code: string; message: string; field?: string; details?: Record<string, unknown> } = {
    code: err.code,
    message: err.text[lang],
  };
  if (err.field) body.field = err.field;
  if (err.details) body.details = err.details;
  return { error: body };
}

export function createApp(deps: AppDeps): Koa {
  const app = new Koa({ proxy: deps.trustProxy });
  const { logger } = deps;

  // 1. Errors: domain errors become { error: { code, message, field? } }; nothing leaks.
  app.use(async (ctx, next) => {
    // From the request's arrival at the HTTP server (queueing included) when a LoadMonitor
    // tracks it, to the end of the response write (serialisation and sending included).
    const started = arrivedAt(ctx.req) ?? performance.now();
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined && ctx.path.startsWith('/api/')) {
        throw new DomainError(
          404,
          'no_such_route',
          t(`没有这个接口:${ctx.method} ${ctx.path}`, `No such API route: ${ctx.method} ${ctx.path}`),
        );
      }
      if (ctx.status === 405 && ctx.body === undefined) {
        // The router set the Allow header (RFC 9110 requires it on a 405); answer in our error shape.
        throw new DomainError(
          405,
          'method_not_allowed',
          t(`此接口不支持 ${ctx.method} 方法`, `This route does not accept ${ctx.method}`),
        );
      }
    } catch (e) {
      const lang = pickLang(ctx.get('x-lang') || undefined, ctx.get('accept-language') || undefined);
      let err: DomainError;
      if (e instanceof DomainError) err = e;
      else if (
        e &&
        typeof e === 'object' &&
        'status' in e &&
        typeof (e as { status: unknown }).status === 'number' &&
        (e as { status: number }).status < 500
      ) {
        const s = (e as { status: number }).status;
        err = new DomainError(
          s,
          s === 405 ? 'method_not_allowed' : 'bad_request',
          t('请求无效', (e as unknown as Error).message || 'Bad request'),
        );
      } else {
        logger.error({ err: e, method: ctx.method, path: ctx.path }, 'unhandled error');
        err = new DomainError(
          500,
          'internal',
          t(
            '服务器内部错误,已记录日志,请稍后重试或联系管理员',
            'Internal server error; it was logged. Try again later or ask an administrator',
          ),
        );
      }
      ctx.status = err.status;
      ctx.body = errorBody(err, lang);
      // A throttled request says when to come back (RFC 9110 Retry-After, in seconds).
      const retry = err.details?.retryAfterSeconds;
      if (err.status === 429 && typeof retry === 'number') ctx.set('Retry-After', String(retry));
    } finally {
      // (Nothing to set up when the log's level drops request lines.)
      if (logger.isLevelEnabled('info')) logRequest(ctx, started);
    }
  });

  // The request line of the log, once the response is written (or the client went away).
  function logRequest(ctx: Context, started: number): void {
    const actor = ctx.state.actor as Actor | undefined;
    // A waiting-room display's address carries its token: never write it to the log.
    const logPath = ctx.path.startsWith('/display/') ? '/display/…' : ctx.path;
    const method = ctx.method;
    const res = ctx.res;
    let logged = false;
    const log = () => {
      if (logged) return;
      logged = true;
      const ms = Math.round((performance.now() - started) * 10) / 10;
      const fields = { method, path: logPath, status: ctx.status, ms, user: actor?.username };
      logger.info(res.writableFinished ? fields : { ...fields, aborted: true }, 'request');
    };
    if (res.writableFinished || res.destroyed) log();
    else {
      res.once('finish', log);
      res.once('close', log);
    }
  }

  // 2. Security headers on everything.
  // 3. Cross-site requests: a write whose Origin (or, without one, Referer) is not this center
  //    is refused before anything runs. Browsers send Origin on every POST/PUT/PATCH/DELETE;
  //    tools that send neither (curl, the tests) pass here and still need JSON below.
  app.use(async (ctx, next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('Cross-Origin-Opener-Policy', 'same-origin');
    ctx.set('Cross-Origin-Resource-Policy', 'same-origin');
    ctx.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
    ctx.set('Content-Security-Policy', CSP);
    if (ctx.path.startsWith('/api/')) ctx.set('Cache-Control', 'no-store');
    if (!SAFE_METHODS.has(ctx.method)) {
      const origin = ctx.get('origin');
      const claimed = origin !== '' ? origin : ctx.get('referer');
      if (claimed !== '' && !sameHost(claimed, ctx.host)) {
        const shown = claimed.slice(0, 120);
        throw new DomainError(
          403,
          'cross_origin',
          t(
            `已拒绝来自其他网站(${shown})的修改请求:只有本中心系统自己的页面才能提交修改。如果您是从本系统页面操作` +
              `的,请检查反向代理是否转发了原始主机名(TRUST_PROXY 与 X-Forwarded-Host)`,
            `Refused a write coming from another ` +
              (`site (${shown}): only this center's own pages may change data. If you used this system's own page, ` +
                `check that the reverse proxy passes the original host (TRUST_PROXY and X-Forwarded-Host)`),
          ),
        );
      }
    }
    await next();
  });

  // 4. API routes: one router per first path segment (/api/<segment>/…), chosen by a map
  //    look-up, so a request is matched against a handful of routes, not all of them (no
  //    route starts with a parameter). Routers match case-insensitively: so does the look-up.
  //    A segment's router is built on the first request to it: building all of them (a path
  //    regexp per route) was a third of createServer, for routes a start may never serve.
  const bySegment = new Map<string, RouteDef[]>();
  for (const r of deps.routes) {
    const segment = firstSegment(`/api${r.path}`);
    if (segment === null || segment.startsWith(':')) throw new Error(`route ${r.path}: no fixed first segment`);
    const list = bySegment.get(segment) ?? [];
    list.push(r);
    bySegment.set(segment, list);
  }
  const routers = new Map<string, Koa.Middleware>();
  const routerOf = (segment: string): Koa.Middleware | undefined => {
    let routes = routers.get(segment);
    if (routes) return routes;
    const defs = bySegment.get(segment);
    if (!defs) return undefined;
    const router = new Router({ prefix: '/api' });
    for (const r of defs) addRoute(router, r);
    const match = router.routes() as unknown as Koa.Middleware;
    const allowed = router.allowedMethods() as unknown as Koa.Middleware;
    routes = (ctx, next) => match(ctx, () => allowed(ctx, next));
    routers.set(segment, routes);
    return routes;
  };
  app.use((ctx, next) => {
    const segment = firstSegment(ctx.path);
    const routes = segment === null ? undefined : routerOf(segment);
    return routes ? routes(ctx, next) : next();
  });

  function addRoute(router: Router, r: RouteDef): void {
    router[r.method](r.path, async (ctx) => {
      // JSON on every write, even an empty one (routes with `rawBody` check their own type):
      // a form or text/plain POST, what a foreign page can send without a preflight, is
      // refused before anything else runs.
      if (!SAFE_METHODS.has(ctx.method) && !r.rawBody && !isJsonType(ctx.get('content-type'))) {
        ctx.req.resume();
        throw notJsonError();
      }
      // Ids in the path are decimal digits, checked before anything else (the schemas say so
      // too; this holds for every route, whatever its schema).
      for (const [name, value] of Object.entries(ctx.params as Record<string, string>)) {
        if ((name === 'id' || /Id$/.test(name)) && !ID_PATTERN.test(value)) {
          throw new DomainError(
            400,
            'invalid',
            t(
              `路径中的编号“${name}”只能是数字(收到“${value.slice(0, 40)}”)`,
              `The path id "${name}" must be decimal digits only (got "${value.slice(0, 40)}")`,
            ),
            name,
          );
        }
      }
      const meta = await requestMeta(ctx, deps.workstations);
      const actor = await deps.auth.resolve(ctx.cookies.get(SESSION_COOKIE), meta);
      // The workstation is this browser's binding now, not the one the session started at
      // (resolve returns a fresh copy of the session's actor: set on it, not copied again).
      if (actor) {
        actor.workstationId = meta.workstationId;
        ctx.state.actor = actor;
      }
      if (r.auth !== 'public') {
        if (!actor)
          throw unauthorized(
            'not_signed_in',
            t('未登录或登录已过期,请重新登录', 'Not signed in, or the session expired; please sign in again'),
          );
        if (r.auth !== 'signed-in') {
          if (actor.mustChangePassword) {
            throw new DomainError(
              403,
              'password_change_required',
              t('请先修改初始密码', 'Change your one-time password first'),
            );
          }
          if (!actor.permissions.has(r.auth.permission)) {
            throw missingPermission(r.auth.permission, permissionLabel(r.auth.permission));
          }
        }
      }
      const params = r.params ? parseInput(r.params, ctx.params, 'params', meta.lang) : undefined;
      const rawQuery = { ...ctx.query };
      if (!r.query && Object.keys(rawQuery).length) {
        throw new DomainError(
          422,
          'invalid',
          t(`不认识的查询参数“${Object.keys(rawQuery)[0]}”`, `Unknown query parameter "${Object.keys(rawQuery)[0]}"`),
          Object.keys(rawQuery)[0],
        );
      }
      const query = r.query ? parseInput(r.query, rawQuery, 'query', meta.lang) : undefined;
      let body: unknown;
      let rawText: string | undefined;
      let rawBytes: Buffer | undefined;
      if (r.rawBody?.binary && ctx.method !== 'GET' && ctx.method !== 'HEAD') {
        rawBytes = await readBytesBody(ctx, r.rawBody.contentType, r.rawBody.limit);
      } else if (r.rawBody && ctx.method !== 'GET' && ctx.method !== 'HEAD') {
        rawText = await readTextBody(ctx, r.rawBody.contentType, r.rawBody.limit);
      } else if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
        const raw = await readJsonBody(ctx);
        if (r.body) body = parseInput(r.body, raw ?? {}, 'body', meta.lang);
        else if (
          raw !== undefined &&
          !(typeof raw === 'object' && raw !== null && !Array.isArray(raw) && Object.keys(raw).length === 0)
        ) {
          throw new DomainError(422, 'invalid', t('此接口不接受请求内容', 'This route takes no request body'), 'body');
        }
      }
      let idemObj: Idempotency | undefined;
      const idemKey = ctx.get('idempotency-key');
      if (r.idempotent === true || (r.idempotent === 'optional' && idemKey !== '')) {
        const key = idemKey;
        if (!/^[A-Za-z0-9_-]{8,100}$/.test(key)) {
          throw new DomainError(
            400,
            'idempotency_key_required',
            t(
              '缺少操作编号(Idempotency-Key),请刷新页面后重试',
              'This write needs an Idempotency-Key header (8–100 letters, digits, - or _)',
            ),
            'Idempotency-Key',
          );
        }
        idemObj = {
          key,
          userId: actor?.userId ?? 0,
          operation: `${r.method} ${r.path}`,
          request: {
            params,
            query,
            body,
            ...(rawText !== undefined ? { rawText } : {}),
            ...(rawBytes !== undefined ? { rawSha256: createHash('sha256').update(rawBytes).digest('hex') } : {}),
          },
        };
      }
      const result = await r.handler({
        params,
        query,
        body,
        actor: actor ?? null,
        meta,
        idem: idemObj,
        header: (name) => ctx.get(name),
        ...(rawText !== undefined ? { rawText } : {}),
        ...(rawBytes !== undefined ? { rawBytes } : {}),
        setCookie(name, value, opts) {
          ctx.cookies.set(name, opts.clear ? '' : value, {
            httpOnly: true,
            sameSite: 'strict',
            secure: deps.cookieSecure,
            path: '/',
            overwrite: true,
            ...(opts.clear
              ? { maxAge: 0, expires: new Date(0) }
              : { maxAge: opts.maxAgeMs ?? deps.sessionMaxHours * 3_600_000 }),
          });
        },
      });
      if (result instanceof HttpResult) {
        ctx.status = result.status;
        ctx.body = result.body ?? null;
        if (result.type) ctx.type = result.type;
      } else {
        ctx.status = 200;
        // Serialised here, as Koa would: a string body also spares Koa's `instanceof Response`
        // check, whose first use loads undici (20–50 ms at start).
        ctx.type = 'application/json';
        ctx.body = JSON.stringify(result ?? null);
      }
    });
  }

  // 5. The client's static files (built by esbuild); the SPA's index.html for page paths.
  app.use(staticFiles(deps.clientDir));
  return app;
}

/** The first segment after /api/ of a path, lower-case (null: not an /api/… path). */
function firstSegment(p: string): string | null {
  if (p.length < 5 || p.slice(0, 5).toLowerCase() !== '/api/') return null;
  const end = p.indexOf('/', 5);
  return (end < 0 ? p.slice(5) : p.slice(5, end)).toLowerCase();
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.map': 'application/json; charset=utf-8',
};

function staticFiles(root: string): Koa.Middleware {
  const rootResolved = path.resolve(root);
  return async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    if (ctx.path.startsWith('/api/') || ctx.path === '/api' || ctx.path.startsWith('/socket.io')) return next();
    let rel: string;
    try {
      rel = decodeURIComponent(ctx.path);
    } catch {
      return next();
    }
    let file = path.resolve(rootResolved, '.' + rel);
    if (!file.startsWith(rootResolved + path.sep) && file !== rootResolved) return next();
    let isPage = false;
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      if (path.extname(rel)) return next(); // a missing asset is a 404, not the app
      const page = rel.startsWith('/display') ? 'display.html' : 'index.html';
      file = path.join(rootResolved, page);
      if (!fs.existsSync(file)) file = path.join(rootResolved, 'index.html');
      if (!fs.existsSync(file)) return next();
      isPage = true;
    }
    const ext = path.extname(file);
    ctx.type = TYPES[ext] ?? 'application/octet-stream';
    const hashed = /-[A-Z0-9]{8}\.[a-z0-9]+$/.test(file);
    ctx.set(
      'Cache-Control',
      isPage || ext === '.html' ? 'no-cache' : hashed ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
    );
    ctx.vary('Accept-Encoding');
    if (/\bgzip\b/.test(ctx.get('accept-encoding')) && fs.existsSync(file + '.gz')) {
      ctx.set('Content-Encoding', 'gzip');
      ctx.body = fs.createReadStream(file + '.gz');
    } else {
      ctx.body = fs.createReadStream(file);
    }
  };
}
