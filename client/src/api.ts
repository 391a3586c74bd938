// The fetch wrapper every page uses: JSON in and out, the UI language on every request (the
// workstation is the browser's server-side binding, an HttpOnly cookie), server errors as a typed
// ApiError. A lost session sends the user to the sign-in page; a pending password change to the
// change-password page.
import type { z } from 'zod';
import { lang, t } from './i18n/index.js';

/**
 * A route's JSON answer, from its response schema in the server's schema.ts (imported
 * type-only, so nothing of the server reaches the bundle):
 * `get<ResponseOf<typeof DepartmentList>>('/api/departments')`.
 */
export type ResponseOf<S extends z.ZodType> = z.output<S>;
/** A route's JSON body, from its body schema: `post<ResponseOf<typeof V>, BodyOf<typeof Create>>(path, body)`. */
export type BodyOf<S extends z.ZodType> = z.input<S>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Handler = (err: ApiError) => void;
let onSignedOut: Handler = () => undefined;
let onPasswordChangeRequired: Handler = () => undefined;

export function setApiHandlers(h: { signedOut: Handler; passwordChangeRequired: Handler }): void {
  onSignedOut = h.signedOut;
  onPasswordChangeRequired = h.passwordChangeRequired;
}

/** A fresh idempotency key. For a write that moves money or stock, make one per intent
 *  (when the dialog opens) and pass it on every retry, so a double click or a retry after a
 *  dropped connection has one effect. */
export function newKey(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `${path}?${s}` : path;
}

export interface ApiOptions {
  idempotencyKey?: string;
  /** Send a string, Blob or ArrayBuffer body as is with this content type (e.g. 'text/csv', an .xlsx file)
   *  instead of JSON. */
  contentType?: string;
}

export async function api<T>(method: string, path: string, body?: unknown, opts: ApiOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'x-lang': lang.value };
  const rawText =
    (typeof body === 'string' || body instanceof Blob || body instanceof ArrayBuffer) && opts.contentType !== undefined;
  // JSON content type on every write, even without a body: the server refuses any other type
  // (a form POST is what a foreign page could send).
  if (body !== undefined || method !== 'GET')
    headers['content-type'] = rawText ? opts.contentType! : 'application/json';
  if (method !== 'GET') headers['idempotency-key'] = opts.idempotencyKey ?? newKey();
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: rawText ? (body as string | Blob | ArrayBuffer) : JSON.stringify(body) } : {}),
    });
  } catch {
    throw new ApiError(0, 'network', t('error.network'));
  }
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const e = (
      data as { error?: { code?: string; message?: string; field?: string; details?: Record<string, unknown> } } | null
    )?.error;
    const err = new ApiError(
      res.status,
      e?.code ?? 'http_' + res.status,
      e?.message ?? t('error.http', { status: res.status }),
      e?.field,
      e?.details,
    );
    if (res.status === 401 && err.code === 'not_signed_in') onSignedOut(err);
    if (res.status === 403 && err.code === 'password_change_required') onPasswordChangeRequired(err);
    throw err;
  }
  return data as T;
}

export const get = <T>(path: string, query?: Query) => api<T>('GET', withQuery(path, query));
export const post = <T, B = unknown>(path: string, body?: B, opts?: ApiOptions) => api<T>('POST', path, body, opts);
export const put = <T, B = unknown>(path: string, body?: B, opts?: ApiOptions) => api<T>('PUT', path, body, opts);
export const del = <T>(path: string) => api<T>('DELETE', path);

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Fetches a file (e.g. a report with `format=xlsx`) and saves it under `filename` through the
 * browser's download. Errors come back as ApiError like every other call.
 */
export async function download(path: string, query: Query | undefined, filename: string): Promise<void> {
  const headers: Record<string, string> = { 'x-lang': lang.value };
  let res: Response;
  try {
    res = await fetch(withQuery(path, query), { headers, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', t('error.network'));
  }
  if (!res.ok) {
    let e: { code?: string; message?: string; field?: string } | undefined;
    try {
      e = ((await res.json()) as { error?: typeof e }).error;
    } catch {
      e = undefined;
    }
    const err = new ApiError(
      res.status,
      e?.code ?? 'http_' + res.status,
      e?.message ?? t('error.http', { status: res.status }),
      e?.field,
    );
    if (res.status === 401 && err.code === 'not_signed_in') onSignedOut(err);
    throw err;
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
