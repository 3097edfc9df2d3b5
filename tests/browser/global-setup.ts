// Starts one real Jinguo server (demo-server.mjs) for the browser tests, and hands its address to them as
// JINGUO_BROWSER_BASE_URL — unless one is named already (scripts/test.mjs starts it early, while the checks run).
import type { TestProject } from 'vitest/node';
import { startDemoServer } from './demo-server.mjs';

let stop: (() => Promise<void>) | null = null;

export async function setup(project: TestProject) {
  if (process.env.JINGUO_BROWSER_BASE_URL) return; // an already running server was named
  const server = await startDemoServer();
  stop = server.stop;
  await server.ready;
  process.env.JINGUO_BROWSER_BASE_URL = server.url;
  process.env.JINGUO_BROWSER_SERVER_LOG = server.logFile;
  project.provide('baseUrl', server.url);
  project.provide('serverLog', server.logFile);
}

export async function teardown() {
  await stop?.();
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The started server's output (helpers.ts smsSentTo); absent when JINGUO_BROWSER_BASE_URL names a server. */
    serverLog: string;
  }
}
