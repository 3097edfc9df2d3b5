// The operator CLI against a real database (see cli.int.test.ts). This file: retention --dry-run and --apply.
import { describe, expect, it } from 'vitest';
import { cli, freshDb, KIND, cliTestFile } from './testing.js';

cliTestFile();

describe(`jinguo CLI on ${KIND}: retention`, () => {
  it('a dry run reports and changes nothing; --apply carries the report out once, audited', async () => {
    const db = await freshDb();
    const init = await cli(db, 'init', '--production', '--root-name', '某某市妇联', '--root-code', 'ROOT');
    expect(init.code, init.err).toBe(0);
    const [old] = await db.sql<{ id: number }>(
      `insert into persons (org_id, org_path, name, name_pinyin, name_initials, phone_hash, updated_at)
        select id, path, '李秀珍', 'lixiuzhen', 'lxz', 'hash', now() - interval '5 years' from organizations
        returning id`,
    );
    await db.sql(
      `insert into persons (org_id, org_path, name, name_pinyin, name_initials)
        select id, path, '李小红', 'lixiaohong', 'lxh' from organizations`,
    );

    expect((await cli(db, 'retention')).code).toBe(2);
    expect((await cli(db, 'retention', '--dry-run', '--apply', '1')).code).toBe(2);
    expect((await cli(db, 'retention', '--apply', 'first')).code).toBe(2);

    const dry = await cli(db, 'retention', '--dry-run');
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toContain('person: 1 to anonymise (older than 1095 days)');
    expect(dry.out).toContain('demand: 0 to anonymise');
    const reportId = /Dry-run report #(\d+)/.exec(dry.out)![1]!;
    expect(dry.out).toContain(`jinguo retention --apply ${reportId}`);
    expect((await db.sql<{ name: string }>(`select name from persons where id = $1`, [old!.id]))[0]!.name).toBe(
      '李秀珍',
    );

    const applied = await cli(db, 'retention', '--apply', reportId);
    expect(applied.code, applied.err).toBe(0);
    expect(applied.out).toContain('person: 1 anonymised');
    const rows = await db.sql<{ name: string; phone_hash: string | null }>(
      `select name, phone_hash from persons order by id`,
    );
    expect(rows).toEqual([
      { name: `匿名${old!.id}`, phone_hash: null },
      { name: '李小红', phone_hash: null },
    ]);
    const events = await db.sql<{ action: string; actor_name: string }>(
      `select action, actor_name from audit_events where action like 'retention.%' order by id`,
    );
    expect(events.map((e) => e.action)).toEqual([
      'retention.run.dry_run',
      'retention.record.anonymise',
      'retention.run.apply',
    ]);
    expect(events.every((e) => e.actor_name === 'system:cli')).toBe(true);

    const twice = await cli(db, 'retention', '--apply', reportId);
    expect(twice.code).toBe(1);
    expect(twice.err).toContain('carried out already');
  });
});
