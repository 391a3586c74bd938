// Test helpers: a real Jiceng server on a random port with a fresh SQLite file,
// and an HTTP client that keeps its own session cookie.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { loadConfig, type Config } from '../../server/config.js';
import { ManualClock, type Clock } from '../../server/lib/clock.js';
import { createServer, type JicengServer } from '../../server/server.js';
import { WORKSTATION_COOKIE } from '../../server/http/cookies.js';
import { bindingsOf } from '../../server/modules/workstations/bindings.js';

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

export async function startTestServer(
  opts: { clock?: Clock; config?: Partial<Config>; dataDir?: string; keepData?: boolean; sessionCheckMs?: number } = {},
): Promise<TestServer> {
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
  running.set(url, server);
  return {
    server,
    url,
    dataDir,
    clock: opts.clock ?? { now: () => Date.now() },
    admin,
    async stop() {
      running.delete(url);
      await server.stop();
      if (!opts.keepData) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Running test servers by URL: an ApiClient binds its workstation through its server. */
const running = new Map<string, JicengServer>();

/**
 * Issues a workstation token for a browser, through the server's own bindings service (as an
 * administrator binding the browser would; audited as workstation.bind). Returns the cookie
 * pair `jiceng_ws=<token>` to send with requests and socket handshakes.
 */
export async function workstationCookie(ts: TestServer | JicengServer, workstationId: number): Promise<string> {
  const server = 'server' in ts ? ts.server : ts;
  const { token } = await bindingsOf(server.modules).issue(
    { userId: null, username: 'test-helper', ip: null, workstationId: null },
    workstationId,
    'test helper',
  );
  return `${WORKSTATION_COOKIE}=${token}`;
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * A browser-like API client: JSON in and out, keeps the session cookie and the browser's
 * workstation cookie. Setting `workstationId` binds this "browser" to that workstation the
 * way the server knows it (a workstation token issued through the server, sent as a cookie
 * from the next request on); the server never reads a workstation id from a header.
 */
export class ApiClient {
  private sid = '';
  private ws = '';
  private wsId: number | null = null;
  private wsPending = false;
  lang: 'zh' | 'en' = 'en';

  constructor(readonly baseUrl: string) {}

  /** The Cookie header this "browser" sends: the session and the workstation cookies. */
  get cookie(): string {
    return [this.sid, this.ws].filter(Boolean).join('; ');
  }
  set cookie(v: string) {
    const parts = v
      .split(';')
      .map((x) => x.trim())
      .filter(Boolean);
    this.sid = parts.filter((x) => !x.startsWith(`${WORKSTATION_COOKIE}=`)).join('; ');
    this.ws = parts.find((x) => x.startsWith(`${WORKSTATION_COOKIE}=`)) ?? '';
  }

  get workstationId(): number | null {
    return this.wsId;
  }
  /** Binds this client's "browser" to a workstation (from its next request); null forgets the binding cookie. */
  set workstationId(id: number | null) {
    this.wsId = id;
    this.ws = '';
    this.wsPending = id !== null;
  }

  /** Binds now (what setting workstationId does lazily). */
  async bindWorkstation(id: number): Promise<void> {
    this.workstationId = id;
    await this.ensureBound();
  }

  private async ensureBound(): Promise<void> {
    if (!this.wsPending || this.wsId === null) return;
    const server = running.get(this.baseUrl);
    if (!server) throw new Error(`no running test server at ${this.baseUrl} to bind workstation ${this.wsId}`);
    this.wsPending = false;
    this.ws = await workstationCookie(server, this.wsId);
  }

  async request<T = any>(
    method: string,
    p: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    await this.ensureBound();
    const h: Record<string, string> = { 'x-lang': this.lang, ...headers };
    if (this.cookie) h.cookie = this.cookie;
    let payload: string | undefined;
    if (body !== undefined) payload = typeof body === 'string' ? body : JSON.stringify(body);
    // Like the browser client: JSON content type on every write, with or without a body.
    if (body !== undefined || !['GET', 'HEAD'].includes(method.toUpperCase())) h['content-type'] ??= 'application/json';
    const res = await fetch(this.baseUrl + p, {
      method,
      headers: h,
      ...(payload !== undefined ? { body: payload } : {}),
    });
    const set = res.headers.getSetCookie();
    for (const c of set) {
      const [pair] = c.split(';');
      if (pair?.startsWith('jiceng_sid='))
        this.sid = /jiceng_sid=;|expires=Thu, 01 Jan 1970/i.test(c) || pair === 'jiceng_sid=' ? '' : pair;
      if (pair?.startsWith(`${WORKSTATION_COOKIE}=`))
        this.ws = pair === `${WORKSTATION_COOKIE}=` || /expires=Thu, 01 Jan 1970/i.test(c) ? '' : pair;
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
