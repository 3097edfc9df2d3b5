// One real Jinguo server for the browser flows: demo mode, embedded PGlite in a fresh data dir, the built web app.
// Used by global-setup.ts (a browser run on its own) and by scripts/test.mjs, which starts it as soon as the web app
// is built so that its demo loads while the other checks run.
import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
      srv.close(() => res(port));
    });
    srv.on('error', rej);
  });
}

/**
 * The demo's data directory prepared once, as `npm install` prepares it (decision 0018), for several servers to start
 * from copies: each adopts its copy as a first start adopts the install's, instead of loading the demo itself.
 * Resolves with null when the preparation failed (a server then loads the demo itself, as without it).
 * @returns {Promise<{ dataDir: string, remove: () => void } | null>}
 */
export async function prepareDemo() {
  const dir = mkdtempSync(join(tmpdir(), 'jinguo-browser-demo-'));
  const dataDir = join(dir, 'data');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'apps/server/src/demo/prepare.main.ts', `${dataDir}.preparing`],
    {
      cwd: root,
      env: { ...process.env, ...SERVER_ENV, JINGUO_DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
      stdio: 'ignore',
    },
  );
  await new Promise((done) => child.once('close', done));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  if (existsSync(dataDir)) return { dataDir, remove };
  remove();
  return null;
}

/** What the flows' servers run with, besides their port and data directory. */
const SERVER_ENV = {
  DATABASE_URL: '',
  JINGUO_MODE: 'demo',
  JINGUO_DEMANDS_SWEEP_SECONDS: '3',
  JINGUO_DEMO_CITY: 'off', // the flows expect the one-street demo, not the city share loading under them
};

/**
 * Starts the server; `ready` resolves once /api/health answers (rejects with the server's output if it exits or is
 * not healthy within `timeoutMs`). With `from` (prepareDemo's directory), it starts from a copy of it.
 * @param {{ timeoutMs?: number, from?: string | null }} [opts]
 * @returns {Promise<{ url: string, logFile: string, ready: Promise<void>, stop: () => Promise<void> }>}
 */
export async function startDemoServer({ timeoutMs = 150_000, from = null } = {}) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'jinguo-browser-'));
  if (from) cpSync(from, dataDir, { recursive: true });
  const server = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      JINGUO_DATA_DIR: dataDir,
      ...SERVER_ENV,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  // The output is kept in a file too: the development SMS channel writes there, in full, what a phone would receive
  // (one-time passwords, sign-in codes), which no page shows (helpers.ts smsSentTo reads it).
  const logFile = `${dataDir}.server.log`;
  const keep = (d) => {
    log += d;
    appendFileSync(logFile, d);
  };
  server.stdout.on('data', keep);
  server.stderr.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const ready = (async () => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`server exited early:\n${log}`);
      try {
        const r = await fetch(`${url}/api/health`);
        if (r.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`server did not become healthy in ${timeoutMs / 1000} s:\n${log}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  })();
  ready.catch(() => {}); // the caller awaits it; an early failure must not be an unhandled rejection meanwhile
  const stop = async () => {
    if (server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 1000));
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(logFile, { force: true });
  };
  return { url, logFile, ready, stop };
}
