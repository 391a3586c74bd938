// One tiny HTTP client for both the Jiceng server and the bare primitives: node:http with a
// keep-alive agent (one socket, sequential requests), so both sides pay the same client cost.
import http from 'node:http';

export interface Reply {
  status: number;
  body: string;
  setCookie: string[];
}

export class KeepAliveClient {
  readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private readonly host: string;
  private readonly port: number;
  cookie = '';

  constructor(baseUrl: string) {
    const u = new URL(baseUrl);
    this.host = u.hostname;
    this.port = Number(u.port);
  }

  /**
   * One request. A keep-alive socket that the server closed while this process was busy (its
   * keep-alive timeout passed during a long synchronous step) fails with ECONNRESET before the
   * request reached the server: that request is sent once more on a new socket, as browsers do.
   */
  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    try {
      return await this.once(method, path, body, headers);
    } catch (e) {
      if ((e as { reused?: boolean }).reused && (e as NodeJS.ErrnoException).code === 'ECONNRESET')
        return this.once(method, path, body, headers);
      throw e;
    }
  }

  private once(method: string, path: string, body: unknown, headers: Record<string, string>): Promise<Reply> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const h: Record<string, string> = { 'x-lang': 'en', ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (payload !== undefined) {
      h['content-type'] = 'application/json';
      h['content-length'] = String(Buffer.byteLength(payload));
    }
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: this.host, port: this.port, method, path, headers: h, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const setCookie = res.headers['set-cookie'] ?? [];
            for (const c of setCookie) {
              const pair = c.split(';')[0] ?? '';
              if (pair.startsWith('jiceng_sid=')) this.cookie = pair;
            }
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), setCookie });
          });
          res.on('error', reject);
        },
      );
      req.on('error', (e) => reject(Object.assign(e, { reused: req.reusedSocket })));
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /** Milliseconds for one request that must answer `expectStatus`. */
  async timed(
    method: string,
    path: string,
    expectStatus: number,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<number> {
    const t0 = performance.now();
    const r = await this.request(method, path, body, headers);
    const ms = performance.now() - t0;
    if (r.status !== expectStatus)
      throw new Error(`${method} ${path}: expected ${expectStatus}, got ${r.status} ${r.body.slice(0, 300)}`);
    return ms;
  }

  close(): void {
    this.agent.destroy();
  }
}
