import { defineConfig } from 'vitest/config';

// Test tiers (STYLE.md): unit (no database), integration against PGlite and against PostgreSQL (same files, run
// twice), browser flows in Debian's Chromium. `npm test` runs them all through scripts/test.mjs.
const integration = ['apps/server/**/*.int.test.ts'];
// A run directory per integration project: the template databases its files copy (apps/server/test/templates.ts).
const templates = 'apps/server/test/global-setup.ts';
// Integration files share their worker's module graph (isolate: false): each file still opens its own platform on its
// own database, but the server's code is imported once a worker instead of once a file (measured on six files:
// import 137 s → 30 s summed). Files that change process.env put it back in afterAll. A set-up that times out would
// go on running beside the worker's next file, so the hook timeout is long: building a template while the checks and
// the browser server's demo load share the cores took over 120 s.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'packages/**/*.test.ts',
            'apps/server/src/**/*.test.ts',
            'apps/web/src/**/*.test.{ts,tsx}',
            'bench/lib/**/*.test.ts',
          ],
          exclude: [...integration, '**/node_modules/**'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'int-pglite',
          include: integration,
          env: { JINGUO_TEST_DB: 'pglite' },
          globalSetup: [templates],
          // guards against a hang: the first file waits for its template's build, and a crash test that restarts
          // servers took 115 s on a slow, loaded machine
          testTimeout: 300_000,
          hookTimeout: 600_000,
          pool: 'forks',
          isolate: false, // see above
        },
      },
      // …plus the bench harness smoke (bench/harness.int.test.ts: the harness on a scratch PostgreSQL database)
      {
        test: {
          name: 'int-postgres',
          include: [...integration, 'bench/**/*.int.test.ts'],
          env: { JINGUO_TEST_DB: 'postgres' },
          globalSetup: [templates],
          // guards against a hang: the first file waits for its template's build, and a crash test that restarts
          // servers took 115 s on a slow, loaded machine
          testTimeout: 300_000,
          hookTimeout: 600_000,
          pool: 'forks',
          isolate: false, // see above
        },
      },
      // A browser flow gets one more try (like Playwright's own CI default): a flow that stalls once on a shared
      // 2-core machine prints its flight recorder (tests/browser/helpers.ts) and runs again; a broken one fails twice.
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          globalSetup: ['tests/browser/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          pool: 'forks',
          fileParallelism: false,
          retry: 1,
          // expect.poll gives up after 1 s by default; a page's list loads slower than that beside the rest of
          // npm test (a second-factor flow failed so), and a flow waits 15 s for anything else (helpers.ts)
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});
