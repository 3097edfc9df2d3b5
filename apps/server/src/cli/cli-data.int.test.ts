// The operator CLI against a real database (see cli.int.test.ts). This file: orgs import-divisions, backup and
// restore, and the embedded database's single-process guard.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../platform/db/client.js';
import { dataDirHolder } from '../platform/db/data-dir-lock.js';
import { runCli } from './cli.js';
import { cli, FIXTURE, freshDb, KIND, root, cliTestFile } from './testing.js';

cliTestFile();

describe(`jinguo CLI on ${KIND}: divisions, backup and restore`, () => {
  it('orgs import-divisions is idempotent, and names the extraction script when the file is missing', async () => {
    const db = await freshDb();
    const init = await cli(
      db,
      'init',
      '--production',
      '--root-name',
      '某某市妇联',
      '--root-code',
      'ROOT',
      '--admin-username',
      'it.admin',
    );
    expect(init.code, init.err).toBe(0);
    expect(await db.sql('select code, name, type, depth from organizations')).toEqual([
      { code: 'ROOT', name: '某某市妇联', type: 'city_federation', depth: 0 },
    ]);

    const first = await cli(
      db,
      'orgs',
      'import-divisions',
      '--province',
      '99',
      '--file',
      FIXTURE,
      '--as-of',
      '2024-01-01',
    );
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain('10 organizations created, 0 already present');
    const second = await cli(db, 'orgs', 'import-divisions', '--province', '99', '--file', FIXTURE);
    expect(second.code, second.err).toBe(0);
    expect(second.out).toContain('0 organizations created, 10 already present');
    const counts = await db.sql<{ orgs: number; versions: number; villages: number; imports: number }>(
      `select (select count(*)::int from organizations) as orgs, (select count(*)::int from organization_versions) as versions,
        (select count(*)::int from organizations where type = 'village_federation' and valid_from = '2024-01-01') as villages,
        (select count(*)::int from audit_events where action = 'org.import_divisions') as imports`,
    );
    expect(counts[0]).toEqual({ orgs: 11, versions: 11, villages: 4, imports: 2 });
    const [village] = await db.sql<{ name: string; path: string }>(
      `select name, path::text as path from organizations where code = '990101100200'`,
    );
    expect(village!.name).toBe('东山村妇联');
    expect(village!.path.split('.')).toHaveLength(4);

    const missing = await cli(db, 'orgs', 'import-divisions', '--province', '98');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('scripts/extract-divisions.mjs --province 98');
    const mismatch = await cli(db, 'orgs', 'import-divisions', '--province', '98', '--file', FIXTURE);
    expect(mismatch.code).toBe(1);
    expect(mismatch.err).toContain('not 98');
  });

  it('backup, change, restore: the data is back, the chain verifies, and an existing database needs --force', async () => {
    const db = await freshDb();
    expect((await cli(db, 'init', '--production', '--province', '99', '--file', FIXTURE)).code).toBe(0);
    const file = join(root, `backup-${process.pid}.${KIND === 'pglite' ? 'tar.gz' : 'dump'}`);
    const backup = await cli(db, 'backup', '--out', file);
    expect(backup.code, backup.err).toBe(0);
    expect(existsSync(file)).toBe(true);
    expect((await cli(db, 'backup', '--out', file)).code).toBe(1); // no silent overwrite

    expect(
      (
        await cli(
          db,
          'users',
          'create',
          '--username',
          'after.backup',
          '--name',
          '备份后',
          '--org',
          '99',
          '--roles',
          'cadre',
        )
      ).code,
    ).toBe(0);
    await db.exec(`update organizations set name = '改名后妇联' where code = '990101'`);

    const refused = await cli(db, 'restore', '--from', file);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('--force');

    // while the backup loads into its staging directory, the data directory stays locked: a server started then
    // would open the database about to be set aside
    const holders: (number | null)[] = [];
    const create = PGlite.create.bind(PGlite);
    const spy = vi.spyOn(PGlite, 'create').mockImplementation(async (...args: Parameters<typeof PGlite.create>) => {
      const options = args[0] as { loadDataDir?: unknown } | undefined;
      if (options?.loadDataDir) holders.push(dataDirHolder(db.config.dataDir!));
      return create(...args);
    });
    const restored = await cli(db, 'restore', '--from', file, '--force').finally(() => spy.mockRestore());
    if (KIND === 'pglite') expect(holders).toEqual([process.pid]);
    expect(restored.code, restored.err).toBe(0);
    expect(restored.out).toContain('Audit chain OK');
    // the checkpoints of the replaced database (newer than the backup) are set aside, not read as a cut tail
    expect(restored.out).toContain('The audit checkpoints of the replaced database were set aside as');
    const after = await db.run(async (q) => ({
      users: await q.sql(`select username from users order by id`),
      org: await q.sql(`select name from organizations where code = '990101'`),
      last: await q.sql<{ action: string }>('select action from audit_events order by id desc limit 1'),
    }));
    expect(after.users).toEqual([{ username: 'admin' }]);
    expect(after.org).toEqual([{ name: '东区妇联' }]);
    expect(after.last[0]!.action).toBe('system.restore');
    expect((await cli(db, 'audit', 'verify')).code).toBe(0);
    if (KIND === 'pglite') {
      const kept = readdirSync(db.config.dataDir!).filter((n) => n.startsWith('pglite.before-restore-'));
      expect(kept).toHaveLength(1);
    }
  });

  it.runIf(KIND === 'pglite')('refuses to touch an embedded database another process holds open', async () => {
    const db = await freshDb();
    const holder = await openDatabase({ databaseUrl: null, dataDir: db.config.dataDir! });
    try {
      const r = await cli(db, 'restore', '--from', FIXTURE, '--force');
      expect(r.code).toBe(1);
      expect(r.err).toContain('in use by another process');
      expect((await cli(db, 'users', 'unlock', '--username', 'admin')).err).toContain('in use by another process');
    } finally {
      await holder.close();
    }
  });

  it.runIf(KIND === 'pglite')('does not create a database for commands other than init', async () => {
    const dataDir = join(root, 'empty');
    const r = await runCli(['users', 'unlock', '--username', 'admin'], {
      io: { out: () => {}, err: () => {} },
      config: { dataDir, databaseUrl: null },
    });
    expect(r).toBe(1);
    expect(existsSync(join(dataDir, 'pglite'))).toBe(false);
  });
});
