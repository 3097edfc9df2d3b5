// `jinguo audit verify` against a real database (decision 0014): the checkpoints a command and the server leave
// outside the database find a cut tail, a server log's checkpoints too; a trail written before the chain was keyed
// is sealed at the first start after the upgrade and stays verifiable, its earlier events pinned.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { legacyHash } from '../platform/audit/audit.chain.js';
import { loadConfig } from '../platform/config.js';
import { openPlatform } from '../platform.js';
import { cli, cliTestFile, FIXTURE, freshDb, KIND, root, type Db } from './testing.js';

cliTestFile();

const checkpointFile = (db: Db) => join(db.config.dataDir!, 'audit', 'checkpoints.jsonl');
const checkpoints = (db: Db) =>
  readFileSync(checkpointFile(db), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { seq: number; id: number; hash: string; at: string });

/** As a superuser bypassing the append-only trigger. */
const tamper = (db: Db, statement: string) =>
  db.exec(`ALTER TABLE audit_events DISABLE TRIGGER USER; ${statement}; ALTER TABLE audit_events ENABLE TRIGGER USER`);

const maxSeq = async (db: Db) =>
  Number((await db.sql<{ n: number }>('select max(seq)::int as n from audit_events'))[0]!.n);

afterEach(() => vi.restoreAllMocks());

describe(`jinguo audit verify on ${KIND}: checkpoints and the upgrade`, () => {
  // two initialised databases, made before the tests (the first one also builds the migrated template)
  let first: Db;
  let second: Db;
  beforeAll(async () => {
    first = await freshDb();
    second = await freshDb();
    for (const db of [first, second])
      expect((await cli(db, 'init', '--production', '--province', '99', '--file', FIXTURE)).code).toBe(0);
  });

  it('a command anchors the head when it ends; newest events cut after that are named by sequence number', async () => {
    const db = first;
    const head = await maxSeq(db);
    expect(head).toBeGreaterThan(0);
    expect(checkpoints(db).at(-1)!.seq).toBe(head);

    const ok = await cli(db, 'audit', 'verify');
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(new RegExp(`audit chain OK: ${head} events checked, head event id \\d+ \\(seq ${head}\\)`));
    expect(ok.out).toContain(`held against the checkpoint of ${checkpoints(db).at(-2)!.at} (seq ${head})`);

    // Cut the newest two events, among them the one the last checkpoint recorded.
    const last = checkpoints(db).at(-1)!;
    await tamper(db, 'DELETE FROM audit_events WHERE id IN (SELECT id FROM audit_events ORDER BY id DESC LIMIT 2)');
    const bad = await cli(db, 'audit', 'verify');
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(`audit chain BROKEN at seq ${last.seq - 1}: cut tail:`);
    expect(bad.out).toContain(`records event seq ${last.seq} (id ${last.id})`);
    expect(bad.out).toContain(`events seq ${last.seq - 1}–${last.seq} were removed`);
    // …and stays broken: the check appended an event at the first cut number, the old checkpoint still stands.
    expect((await cli(db, 'audit', 'verify')).code).toBe(1);
  });

  it("the server logs its checkpoints: with the checkpoint file gone, the log's find the cut tail", async () => {
    const db = second;
    const logged: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void logged.push(line));
    const platform = await openPlatform(loadConfig({ ...db.config, logLevel: 'warn' }));
    try {
      expect((await platform.http.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
      await platform.audit.checkpoint(); // the head did not move since the CLI's: nothing new
    } finally {
      await platform.close(); // …nor at shutdown
    }
    expect(logged.filter((l) => l.includes('audit checkpoint'))).toHaveLength(0);

    const again = await openPlatform(loadConfig({ ...db.config, logLevel: 'warn' }));
    try {
      const login = await again.http.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'admin', password: 'wrong-Password-1' },
      });
      expect(login.statusCode).toBe(401); // a failed sign-in is an audit event: the head moves
    } finally {
      await again.close(); // the checkpoint at shutdown goes to the file and the log
    }
    const line = logged.find((l) => l.startsWith('[jinguo] audit checkpoint {'));
    expect(line).toBeDefined();
    const log = join(root, `server-${Date.now()}.log`);
    writeFileSync(log, `[jinguo] Jinguo is serving on http://localhost:3000\n${line}\n`);
    const anchored = JSON.parse(line!.slice(line!.indexOf('{'))) as { seq: number; id: number };
    expect(anchored.seq).toBe(await maxSeq(db));

    rmSync(checkpointFile(db));
    await tamper(db, 'DELETE FROM audit_events WHERE id = (SELECT max(id) FROM audit_events)');
    const bad = await cli(db, 'audit', 'verify', '--checkpoints', log);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(`BROKEN at seq ${anchored.seq}: cut tail: the checkpoint of`);
    expect(bad.out).toContain(`(${log} line 2)`);

    expect((await cli(db, 'audit', 'verify', '--checkpoints', join(root, 'nope.log'))).code).toBe(1);
  });

  it('a trail written before the chain was keyed is sealed at the first start, and its earlier events stay pinned', async () => {
    const db = await freshDb();
    // Three events as the platform wrote them before migration 0039: no seq, hashed by the unkeyed rule.
    let prev = '0'.repeat(64);
    const legacy = await db.run(async (q) => {
      for (const [i, action] of ['org.import_divisions', 'user.create', 'org.update'].entries()) {
        const e = {
          at: new Date(Date.UTC(2026, 0, 5, 2, i)).toISOString(),
          actorId: null,
          actorName: 'system:cli',
          action,
          result: 'success',
          targetType: 'system',
          targetId: String(i),
          orgId: 1,
          orgPath: '1',
          before: null,
          after: { n: i },
          reason: null,
          ip: '10.0.0.1',
          userAgent: 'old-browser',
          requestId: null,
        };
        const hash = legacyHash(prev, e);
        await q.sql(
          `insert into audit_events (at, actor_name, action, result, target_type, target_id, org_id, org_path, after, ip, user_agent, prev_hash, hash)
         values ($1, $2, $3, $4, $5, $6, $7, $8::ltree, $9::jsonb, $10, $11, $12, $13)`,
          [
            e.at,
            e.actorName,
            e.action,
            e.result,
            e.targetType,
            e.targetId,
            e.orgId,
            e.orgPath,
            JSON.stringify(e.after),
            e.ip,
            e.userAgent,
            prev,
            hash,
          ],
        );
        prev = hash;
      }
      return q.sql<{ id: number }>('select id from audit_events order by id');
    });

    // The first start after the upgrade seals the trail: one keyed event, nothing rewritten.
    const platform = await openPlatform(loadConfig(db.config));
    await platform.close();
    const events = await db.sql<{ id: number; seq: number | null; action: string; prev_hash: string; after: any }>(
      'select id, seq, action, prev_hash, after from audit_events order by id',
    );
    expect(events.map((e) => [e.seq === null ? null : Number(e.seq), e.action])).toEqual([
      [null, 'org.import_divisions'],
      [null, 'user.create'],
      [null, 'org.update'],
      [1, 'audit.chain_keyed'],
    ]);
    const seal = events[3]!;
    expect(seal.prev_hash).toBe(prev);
    expect(seal.after.legacy).toMatchObject({
      events: 3,
      firstId: Number(legacy[0]!.id),
      lastId: Number(legacy[2]!.id),
      headHash: prev,
      chain: { ok: true, firstBadId: null, problem: null },
    });
    expect(seal.after.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(existsSync(checkpointFile(db))).toBe(true);

    const ok = await cli(db, 'audit', 'verify');
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toContain('audit chain OK: 4 events checked');

    // An earlier event's org path or user agent was outside the old hash; the seal's digest holds them now.
    const middle = Number(legacy[1]!.id);
    await tamper(db, `UPDATE audit_events SET org_path = '1.2' WHERE id = ${middle}`);
    const moved = await cli(db, 'audit', 'verify');
    expect(moved.code).toBe(1);
    expect(moved.out).toContain('changed before the seal: the 3 events before the keyed chain');
    // What the old hash covered is checked by it, and named.
    await tamper(
      db,
      `UPDATE audit_events SET org_path = '1' WHERE id = ${middle}; UPDATE audit_events SET reason = 'covered up' WHERE id = ${middle}`,
    );
    const changed = await cli(db, 'audit', 'verify');
    expect(changed.code).toBe(1);
    expect(changed.out).toContain(`BROKEN at event id ${middle}: content changed`);
  });
});
