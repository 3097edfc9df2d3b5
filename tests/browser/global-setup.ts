// Starts one real Jinguo server (demo mode, embedded PGlite in a fresh data dir, built web app) for the browser
// tests, and hands its address to them as JINGUO_BROWSER_BASE_URL.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

const root = resolve(import.meta.dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
    srv.on('error', rej);
  });
}

let server: ChildProcess | null = null;
let dataDir = '';
let logFile = '';

export async function setup(project: TestProject) {
  if (process.env.JINGUO_BROWSER_BASE_URL) return; // an already running server was named
  const port = await freePort();
  dataDir = mkdtempSync(join(tmpdir(), 'jinguo-browser-'));
  server = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      JINGUO_DATA_DIR: dataDir,
      DATABASE_URL: '',
      JINGUO_MODE: 'demo',
      JINGUO_DEMANDS_SWEEP_SECONDS: '3',
      JINGUO_DEMO_CITY: 'off', // the flows expect the one-street demo, not the city share loading under them
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  // The server's output is kept in a file too: the development SMS channel writes there what a phone would receive
  // (one-time passwords, sign-in codes), which no page shows (helpers.ts smsSentTo).
  logFile = `${dataDir}.server.log`;
  const keep = (d: Buffer) => {
    log += String(d);
    appendFileSync(logFile, d);
  };
  server.stdout?.on('data', keep);
  server.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 150_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`server exited early:\n${log}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not become healthy:\n${log}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  process.env.JINGUO_BROWSER_BASE_URL = url;
  project.provide('baseUrl', url);
  project.provide('serverLog', logFile);
}

export async function teardown() {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1000));
    if (server.exitCode === null) server.kill('SIGKILL');
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (logFile) rmSync(logFile, { force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The started server's output (absent when JINGUO_BROWSER_BASE_URL names a server). */
    serverLog: string;
  }
}
