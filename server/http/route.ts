// Route definitions: each route declares its method, path, permission and zod schemas.
// The same definitions register the Koa routes and generate the OpenAPI document.
import type { z } from 'zod';
import type { Actor, RequestMeta } from './actor.js';
import type { Idempotency } from '../lib/uow.js';

export type RouteAuth = 'public' | 'signed-in' | { permission: string };

export interface RouteRequest<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  actor: Actor | null;
  meta: RequestMeta;
  /** Present on idempotent routes: pass it to uow.write(). */
  idem: Idempotency | undefined;
  /** The request body as text (UTF-8), on routes declared with `rawBody` only. */
  rawText?: string;
  /** The request body as bytes, on routes declared with `rawBody: { binary: true }` only. */
  rawBytes?: Buffer;
  /** A request header (lower-case name), "" when absent (e.g. x-display-token). */
  header(name: string): string;
  /** Set a cookie / header on the response (sign-in uses it). */
  setCookie(name: string, value: string, opts: { maxAgeMs?: number; clear?: boolean }): void;
}

/** A result with a status other than 200 (e.g. 201 Created). */
export class HttpResult<R> {
  constructor(
    readonly status: number,
    readonly body: R,
    /** A content type other than JSON (e.g. 'audio/wav' with a Buffer body). */
    readonly type?: string,
  ) {}
}

export interface RouteDef<P = any, Q = any, B = any, R = any> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Koa-style path under /api, e.g. `/departments/:id`. */
  path: string;
  summary: string;
  tag: string;
  auth: RouteAuth;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  response?: z.ZodType<R>;
  /** Needs an Idempotency-Key header; the service must pass req.idem to uow.write().
   *  'optional': a key is used when sent (the browser sends one per form submission). */
  idempotent?: boolean | 'optional';
  /**
   * Takes a raw text body of this content type (e.g. a CSV file) up to `limit` bytes instead
   * of JSON; the handler reads it from `req.rawText` (or `req.rawBytes` with `binary: true`,
   * e.g. an .xlsx upload). `body` must not be set with it.
   */
  rawBody?: { contentType: string; limit: number; binary?: boolean };
  handler(req: RouteRequest<P, Q, B>): Promise<R | HttpResult<R>>;
}

/** Typed helper: infers P/Q/B from the schemas given. */
export function route<P = undefined, Q = undefined, B = undefined, R = unknown>(
  def: RouteDef<P, Q, B, R>,
): RouteDef<P, Q, B, R> {
  return def;
}

export function created<R>(body: R): HttpResult<R> {
  return new HttpResult(201, body);
}

/** A permission-guarded route: shorthand. */
export const perm = (permission: string): RouteAuth => ({ permission });
