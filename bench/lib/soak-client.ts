// The soak's HTTP side: one client per signed-in user, each from its own loopback address (127.0.x.y), as 200 people
// in different offices would come from different addresses — the server's per-address limits (sign-in 30 a minute,
// the second factor 20) count each user apart, as they would in production behind no proxy.
import http from 'node:http';
import { nowMs } from './timing.js';

/** A non-2xx answer (or a network failure) that the flow did not expect: the soak's errors, listed in the report. */
export interface SoakError {
  op: string;
  method: string;
  path: string;
  status: number;
  user: string;
  atSecond: number;
  body: string;
}

/** Latencies per operation and every unexpected answer, shared by all users of one run. */
export class Recorder {
  readonly latencies = new Map<string, number[]>();
  readonly errors: SoakError[] = [];
  requests = 0;
  private readonly started = nowMs();

  second(): number {
    return Math.round((nowMs() - this.started) / 100) / 10;
  }
  record(op: string, ms: number): void {
    let xs = this.latencies.get(op);
    if (!xs) this.latencies.set(op, (xs = []));
    xs.push(ms);
  }
  /** Times `fn` (one operation, possibly several requests) under `op` when it succeeded. */
  async timed<T>(op: string, fn: () => Promise<T | null>): Promise<T | null> {
    const t0 = nowMs();
    const out = await fn();
    if (out !== null) this.record(op, nowMs() - t0);
    return out;
  }
}

export interface Answer<T> {
  status: number;
  body: T;
}

interface CallOptions {
  body?: unknown;
  /** Statuses that are part of the flow; anything else is an error. Default 200, 201, 204. */
  expect?: readonly number[];
  /** Record this request's latency under the op (false inside a composite operation timed as a whole). */
  time?: boolean;
  /** Send the session cookie (false: the public routes a resident's phone calls). */
  session?: boolean;
}

const OK = [200, 201, 204] as const;

/** One user's browser: her address, her session cookie and CSRF token. */
export class UserClient {
  cookie = '';
  csrf = '';
  constructor(
    readonly username: string,
    private readonly base: URL,
    private readonly localAddress: string,
    private readonly agent: http.Agent,
    private readonly rec: Recorder,
  ) {}

  /**
   * One request; an unexpected status is recorded as an error and answers null. `path` is under /api/v1; `op` names
   * the operation in the report (latency and errors).
   */
  async call<T = Record<string, unknown>>(
    op: string,
    method: string,
    path: string,
    opts: CallOptions = {},
  ): Promise<Answer<T> | null> {
    const expect = opts.expect ?? OK;
    const t0 = nowMs();
    let status = 0;
    let text = '';
    try {
      ({ status, text } = await this.send(method, `/api/v1${path}`, opts.body, opts.session !== false));
    } catch (err) {
      text = (err as Error).message;
    }
    const ms = nowMs() - t0;
    this.rec.requests++;
    if (!expect.includes(status)) {
      this.rec.errors.push({
        op,
        method,
        path: path.replace(/\/\d+(?=\/|$|\?)/g, '/:id'),
        status,
        user: this.username,
        atSecond: this.rec.second(),
        body: text.slice(0, 300),
      });
      return null;
    }
    if (opts.time !== false) this.rec.record(op, ms);
    return { status, body: (text ? JSON.parse(text) : null) as T };
  }

  private send(
    method: string,
    path: string,
    body: unknown,
    withSession: boolean,
  ): Promise<{ status: number; text: string; cookies: string[] }> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(payload.length);
    }
    if (withSession && this.cookie) {
      headers.cookie = this.cookie;
      if (method !== 'GET') headers['x-csrf-token'] = this.csrf;
    }
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: this.base.hostname,
          port: this.base.port,
          method,
          path,
          headers,
          agent: this.agent,
          localAddress: this.localAddress,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const cookies = res.headers['set-cookie'] ?? [];
            if (withSession && cookies.length) this.keepCookies(cookies);
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), cookies });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.setTimeout(120_000, () => req.destroy(new Error('no answer within 120 s')));
      req.end(payload);
    });
  }

  private keepCookies(setCookies: string[]): void {
    const jar = new Map(
      this.cookie
        .split('; ')
        .filter(Boolean)
        .map((c) => [c.slice(0, c.indexOf('=')), c] as const),
    );
    for (const c of setCookies) {
      const pair = c.split(';')[0]!;
      const name = pair.slice(0, pair.indexOf('='));
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(c)) jar.delete(name);
      else jar.set(name, pair);
    }
    this.cookie = [...jar.values()].join('; ');
    const csrf = jar.get('jinguo_csrf');
    if (csrf) this.csrf = decodeURIComponent(csrf.slice('jinguo_csrf='.length));
  }
}

/** Loopback address of user `i` (0-based): 127.0.1.1, 127.0.1.2, … — 127.0.0.1 stays the harness's own. */
export function userAddress(i: number): string {
  return `127.0.${1 + Math.floor(i / 250)}.${1 + (i % 250)}`;
}

/** One keep-alive pool for all users (sockets are pooled per local address). */
export function soakAgent(): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: 8, maxFreeSockets: 4 });
}
