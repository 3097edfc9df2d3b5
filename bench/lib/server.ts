import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { REPO, SERVER_MAIN } from './paths.js';
import { nowMs, sleep } from './timing.js';

export interface RunningServer {
  url: string;
  pid: number;
  /** Milliseconds from spawn to the first 200 from /api/health. */
  startupMs: number;
  health: { database: string; mode: string; demoData: boolean };
  stop(): Promise<void>;
  output(): string;
}

const children = new Set<ChildProcess>();
function killAll() {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}
process.once('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    killAll();
    process.exit(130);
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export function childEnv(overrides: Record<string, string | null>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === null) delete env[k];
    else env[k] = v;
  }
  return env;
}

/**
 * Starts `node --import tsx apps/server/src/main.ts` (what `npm start` runs once the web app is built) on a free
 * loopback port and times it until GET /api/health answers 200.
 */
export async function startServer(
  envOverrides: Record<string, string | null>,
  opts: { timeoutMs?: number } = {},
): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = childEnv({
    JINGUO_MODE: 'demo',
    JINGUO_DEMO_CITY: 'off', // no background load of the demo's city share under the measurements
    LOG_LEVEL: 'warn',
    ...envOverrides,
    PORT: String(port),
    HOST: '127.0.0.1',
  });
  let out = '';
  const started = nowMs();
  // JINGUO_BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops (node --cpu-prof)
  const profile = process.env.JINGUO_BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.JINGUO_BENCH_CPU_PROF}`]
    : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', SERVER_MAIN], {
    cwd: REPO,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    }
    children.delete(child);
  };

  const deadline = started + (opts.timeoutMs ?? 120_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      children.delete(child);
      throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before it was healthy:\n${out}`);
    }
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.status === 200) {
        const startupMs = nowMs() - started;
        const health = (await res.json()) as RunningServer['health'];
        return { url, pid: child.pid!, startupMs, health, stop, output: () => out };
      }
    } catch {
      /* not listening yet */
    }
    if (nowMs() > deadline) {
      await stop();
      throw new Error(`the server was not healthy within ${opts.timeoutMs ?? 120_000} ms:\n${out}`);
    }
    await sleep(10);
  }
}

/** Times a bare `node` process (ESM script) from spawn to exit: the start-up floor without the platform. */
export async function timeBareNode(script: string, envOverrides: Record<string, string | null>): Promise<number> {
  const started = nowMs();
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: REPO,
    env: childEnv(envOverrides),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  children.delete(child);
  if (code !== 0) throw new Error(`bare node baseline failed (${code}):\n${out}`);
  return nowMs() - started;
}

/** Signs in through the API and returns the Cookie header value. */
export async function signIn(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in as ${username} failed: ${res.status} ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const session = cookies.find((c) => c.startsWith('jinguo_session='));
  if (!session) throw new Error('sign-in returned no session cookie');
  return cookies.join('; ');
}
