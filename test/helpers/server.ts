// Test helpers: a real Jiceng server on a random port with a fresh SQLite file,
// and an HTTP client that keeps its own session cookie.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { loadConfig, type Config } from '../../server/config.js';
import { ManualClock, type Clock } from '../../server/lib/clock.js';
import { createServer, type JicengServer } from '../../server/server.js';

export interface TestServer {
  server: JicengServer;
  url: string;
  dataDir: string;
  clock: Clock;
  admin: { username: string; password: string };
  stop(): Promise<void>;
}

export function tempDir(prefix = 'jiceng-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function startTestServer(opts: { clock?: Clock; config?: Partial<Config>; dataDir?: string; keepData?: boolean; sessionCheckMs?: number } = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? tempDir();
  // Card readers are off unless a test asks for them (opts.config.cardReaders).
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' }, { dataDir, cardReaders: 'off', ...opts.config });
  let admin = { username: 'admin', password: '' };
  const server = await createServer(config, {
    logger: pino({ level: 'silent' }),
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.sessionCheckMs ? { sessionCheckMs: opts.sessionCheckMs } : {}),
    onFirstAdmin: (a) => {
      admin = a;
    },
  });
  const url = await server.listen(opts.config?.port ?? 0, '127.0.0.1');
  return {
    server,
    url,
    dataDir,
    clock: opts.clock ?? { now: () => Date.now() },
    admin,
    async stop() {
      await server.stop();
      if (!opts.keepData) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A browser-like API client: JSON in and out, keeps the session cookie. */
export class ApiClient {
  cookie = '';
  lang: 'zh' | 'en' = 'en';
  workstationId: number | null = null;

  constructor(readonly baseUrl: string) {}

  async request<T = any>(method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const h: Record<string, string> = { 'x-lang': this.lang, ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.workstationId) h['x-workstation'] = String(this.workstationId);
    let payload: string | undefined;
    if (body !== undefined) payload = typeof body === 'string' ? body : JSON.stringify(body);
    // Like the browser client: JSON content type on every write, with or without a body.
    if (body !== undefined || !['GET', 'HEAD'].includes(method.toUpperCase())) h['content-type'] ??= 'application/json';
    const res = await fetch(this.baseUrl + p, { method, headers: h, ...(payload !== undefined ? { body: payload } : {}) });
    const set = res.headers.getSetCookie();
    for (const c of set) {
      const [pair] = c.split(';');
      if (pair?.startsWith('jiceng_sid=')) this.cookie = /jiceng_sid=;|expires=Thu, 01 Jan 1970/i.test(c) || pair === 'jiceng_sid=' ? '' : pair;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = any>(p: string) {
    return this.request<T>('GET', p);
  }
  post<T = any>(p: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', p, body, headers);
  }
  put<T = any>(p: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('PUT', p, body, headers);
  }
  patch<T = any>(p: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('PATCH', p, body, headers);
  }
  delete<T = any>(p: string) {
    return this.request<T>('DELETE', p);
  }

  async signIn(username: string, password: string): Promise<ApiResponse> {
    return this.post('/api/auth/sign-in', { username, password });
  }
}

export const STRONG_PASSWORD = 'Jiceng2026ok';

/** Signs the first admin in and replaces the one-time password; returns a ready client. */
export async function adminClient(ts: TestServer, newPassword = STRONG_PASSWORD): Promise<ApiClient> {
  const c = new ApiClient(ts.url);
  const r = await c.signIn(ts.admin.username, ts.admin.password);
  if (r.status !== 200) throw new Error(`admin sign-in failed: ${r.status} ${JSON.stringify(r.body)}`);
  const ch = await c.post('/api/auth/change-password', { currentPassword: ts.admin.password, newPassword });
  if (ch.status !== 200) throw new Error(`admin password change failed: ${ch.status} ${JSON.stringify(ch.body)}`);
  ts.admin.password = newPassword;
  return c;
}

export { ManualClock };
