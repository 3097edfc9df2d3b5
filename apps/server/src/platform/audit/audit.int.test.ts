import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type Client, type TestPlatform } from '../../../test/harness.js';
import { platformJobs } from '../routes.js';
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/client.js';
import { runAsSystem, systemActor } from '../scope.js';
import { appendAudit, auditNow, canonicalJson } from './audit.service.js';

let t: TestPlatform;
beforeAll(async () => {
  t = await startTestPlatform();
});
afterAll(() => t?.close());

describe('audit trail', () => {
  it('records a write with who, what, which record, before/after and from where', async () => {
    const c = await t.login('kaizhou.cadre');
    const id = await t.org('500154001');
    await c.patch(`/api/v1/organizations/${id}`, { address: '开州区汉丰街道开州大道1号', contactPhone: '13987654321' });
    const [e] = await t.sql<any>(
      `select * from audit_events where action = 'org.update' and target_id = $1 order by id desc limit 1`,
      [String(id)],
    );
    expect(e.actor_name).toBe('kaizhou.cadre');
    expect(e.before.address).toBeNull();
    expect(e.after.address).toBe('开州区汉丰街道开州大道1号');
    expect(e.after.contactPhone).toBe('139****4321'); // no personal data in clear, even in the trail
    expect(JSON.stringify(e.after)).not.toContain('13987654321');
    expect(e.ip).toBeTruthy();
    expect(e.request_id).toBeTruthy();
  });

  it('records logins, successful and failed', async () => {
    await t.login('village.a');
    await t.anonymous().post('/api/v1/auth/login', { username: 'village.a', password: 'Nope-1234' });
    const rows = await t.sql<{ result: string }>(
      `select result from audit_events where action = 'auth.login' and actor_name = 'village.a' order by id`,
    );
    expect(rows.map((r) => r.result)).toEqual(['success', 'failure']);
  });

  it('the auditor searches the trail by actor, action and date, and the search itself is audited', async () => {
    const auditor = await t.login('auditor');
    const r = await auditor.get('/api/v1/audit/events?actor=kaizhou.cadre&action=org.');
    expect(r.status).toBe(200);
    expect(r.body.items.length).toBeGreaterThan(0);
    expect(r.body.items.every((e: any) => e.actorName === 'kaizhou.cadre' && e.action.startsWith('org.'))).toBe(true);
    const today = new Date().toISOString().slice(0, 10);
    const dated = await auditor.get(`/api/v1/audit/events?from=${today}&to=${today}&limit=5`);
    expect(dated.body.items).toHaveLength(5);
    const searches = await t.sql(`select 1 from audit_events where action = 'audit.search' and actor_name = 'auditor'`);
    expect(searches.length).toBeGreaterThanOrEqual(2);
  });

  it('is append-only: UPDATE and DELETE are refused even for the owner', async () => {
    await expect(t.sql(`update audit_events set action = 'x' where id = 1`)).rejects.toThrow(/append-only/);
    await expect(t.sql(`delete from audit_events where id = 1`)).rejects.toThrow(/append-only/);
  });

  it('verifies the hash chain, and detects a tampered row', async () => {
    const auditor = await t.login('auditor');
    const ok = await auditor.post('/api/v1/audit/verify');
    expect(ok.body.ok).toBe(true);
    expect(ok.body.checked).toBeGreaterThan(10);
    const [victim] = await t.sql<{ id: number }>(
      `select id from audit_events where action = 'org.update' order by id limit 1`,
    );
    // A superuser bypassing the trigger is exactly the tampering the chain exists to reveal.
    await t.sql(`alter table audit_events disable trigger user`);
    await t.sql(`update audit_events set after = jsonb_set(after, '{address}', '"篡改"') where id = $1`, [victim!.id]);
    await t.sql(`alter table audit_events enable trigger user`);
    const bad = await t.platform.audit.verify();
    expect(bad.ok).toBe(false);
    expect(Number(bad.firstBadId)).toBe(Number(victim!.id));
    expect(bad.problem).toMatch(/content changed/);
  });
  it('the periodic job anchors the head in the checkpoint file when it moved, signed', async () => {
    const job = platformJobs(t.platform).find((j) => j.name === 'audit.checkpoint')!;
    expect(job.seconds).toBeLessThanOrEqual(60);
    const run = () => job.run({ id: 'test', name: job.name, data: {}, attempt: 1 } as never);
    const file = t.platform.audit.checkpointFile;
    await run();
    await run();
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1);
    await (await t.login('auditor')).get('/api/v1/audit/events?limit=1');
    await run();
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    const [{ max }] = (await t.sql<{ max: number }>('select max(seq)::int as max from audit_events')) as [
      { max: number },
    ];
    expect(lines[1].seq).toBe(max);
    expect((await t.platform.audit.verify()).checkpoint?.seq).toBe(max);
  });
});

describe('a transaction writes its events last, just before it commits (decision 0021)', () => {
  const system = systemActor('test:audit-at-commit');
  const events = (action: string) =>
    t.sql<{ id: string; seq: string; action: string; after: any; hash: string; prev_hash: string }>(
      `select id, seq, action, after, hash, prev_hash from audit_events where action like $1 order by id`,
      [`${action}%`],
    );

  it('every event of the transaction, in the order appended, with what they said when appended', async () => {
    const after = { step: 1 };
    await runAsSystem(t.platform.handle, system, async (s) => {
      await appendAudit(s.tx, system, { action: 'test.order.first', after });
      after.step = 99; // changed after appending: the event keeps what it was given
      await appendAudit(s.tx, system, { action: 'test.order.second' });
      // not written yet: a transaction's events take the chain lock only at its end
      const [pending] = await queryRows<{ n: number }>(
        s.tx,
        sql`select count(*)::int as n from audit_events where action like 'test.order.%'`,
      );
      expect(pending!.n).toBe(0);
    });
    const rows = await events('test.order.');
    expect(rows.map((r) => r.action)).toEqual(['test.order.first', 'test.order.second']);
    expect(Number(rows[1]!.seq)).toBe(Number(rows[0]!.seq) + 1);
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash); // chained one after the other
    expect(rows[0]!.after).toEqual({ step: 1 });
  });

  it('a transaction that fails writes none of its events', async () => {
    await expect(
      runAsSystem(t.platform.handle, system, async (s) => {
        await appendAudit(s.tx, system, { action: 'test.rolled_back' });
        throw new Error('the change fails after the event was appended');
      }),
    ).rejects.toThrow(/change fails/);
    expect(await events('test.rolled_back')).toEqual([]);
  });

  it('holds the chain lock only at its end: another writer is not kept waiting by an open transaction', async () => {
    if (t.platform.handle.kind !== 'postgres') return; // PGlite has one connection: nothing runs beside it
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let appended!: () => void;
    const didAppend = new Promise<void>((r) => (appended = r));
    const open = runAsSystem(t.platform.handle, system, async (s) => {
      await appendAudit(s.tx, system, { action: 'test.lock.open' });
      appended();
      await held; // the transaction stays open, its event appended
    });
    await didAppend;
    const other = auditNow(t.platform.handle.db, system, { action: 'test.lock.other' }).then(() => 'written');
    const waited = new Promise((r) => setTimeout(() => r('kept waiting'), 10_000));
    const outcome = await Promise.race([other, waited]);
    release();
    await open;
    await other;
    expect(outcome).toBe('written');
    // the open transaction's event follows the other one in the chain: it was written when it committed
    const rows = await events('test.lock.');
    expect(rows.map((r) => r.action)).toEqual(['test.lock.other', 'test.lock.open']);
    expect(Number(rows[1]!.seq)).toBe(Number(rows[0]!.seq) + 1);
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
  });
});

// What someone with write access to the database can do without the audit key: insert an event hashed by the app's
// own (public) rule of before the key, rewrite an event and recompute the hashes after it, cut the newest events.
// Each must be found, and named by event id and sequence number; the trail untouched must verify.

type Row = Record<string, any>;

/** The chain rule before migration 0039: SHA-256 of the previous hash and the columns it covered, no secret. */
function oldRuleHash(prevHash: string, r: Row): string {
  const body = canonicalJson({
    at: new Date(r.at).toISOString(),
    actorId: r.actor_id === null ? null : Number(r.actor_id),
    actorName: r.actor_name,
    action: r.action,
    result: r.result,
    targetType: r.target_type,
    targetId: r.target_id,
    orgId: r.org_id === null ? null : Number(r.org_id),
    before: r.before,
    after: r.after,
    reason: r.reason,
    ip: r.ip,
    requestId: r.request_id,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/** A superuser bypassing the append-only trigger: exactly the tampering the keyed chain exists to reveal. */
async function asSuperuser<T>(t: TestPlatform, fn: () => Promise<T>): Promise<T> {
  await t.sql('alter table audit_events disable trigger user');
  try {
    return await fn();
  } finally {
    await t.sql('alter table audit_events enable trigger user');
  }
}

describe('a trail forged, rewritten or cut without the key is found and named', () => {
  let t: TestPlatform;
  let auditor: Client;
  const newest = async () => (await t.sql<Row>('select * from audit_events order by id desc limit 1'))[0]!;
  const verify = () => t.platform.audit.verify();

  beforeAll(async () => {
    t = await startTestPlatform();
    auditor = await t.login('auditor');
  });
  afterAll(() => t?.close());

  it('an untouched trail verifies, every event keyed and numbered without gaps, held against a signed checkpoint', async () => {
    const cadre = await t.login('kaizhou.cadre');
    const org = await t.org('500154001');
    expect((await cadre.patch(`/api/v1/organizations/${org}`, { address: '开州区汉丰街道1号' })).status).toBe(200);
    const [gaps] = await t.sql<{ n: number; max: number; nulls: number }>(
      'select count(*)::int as n, max(seq)::int as max, count(*) filter (where seq is null)::int as nulls from audit_events',
    );
    expect(gaps!.nulls).toBe(0);
    expect(gaps!.max).toBe(gaps!.n);

    const written = await t.platform.audit.checkpoint();
    expect(written).toMatchObject({ v: 1, seq: gaps!.max, key: t.platform.audit.keyId });
    const lines = readFileSync(t.platform.audit.checkpointFile, 'utf8').trim().split('\n');
    expect(JSON.parse(lines.at(-1)!)).toEqual(written);
    expect(await t.platform.audit.checkpoint()).toBeNull(); // the head did not move: nothing new to anchor

    const r = await auditor.post('/api/v1/audit/verify');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, firstBadId: null, firstBadSeq: null, problem: null });
    expect(r.body.checked).toBe(gaps!.n);
    expect(r.body.head).toEqual({ id: written!.id, seq: written!.seq });
    expect(r.body.checkpoint).toEqual({ seq: written!.seq, id: written!.id, at: written!.at });
  });

  it("an event inserted with the app's old unkeyed rule is named as forged", async () => {
    const last = await newest();
    const fields: Row = {
      at: new Date().toISOString(),
      actor_id: null,
      actor_name: 'system:cli',
      action: 'user.delete',
      result: 'success',
      target_type: 'user',
      target_id: '3',
      org_id: null,
      before: null,
      after: null,
      reason: 'routine clean-up',
      ip: null,
      request_id: null,
    };
    const [forged] = await t.sql<{ id: number }>(
      `insert into audit_events (at, actor_name, action, result, target_type, target_id, reason, prev_hash, hash)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
      [
        fields.at,
        fields.actor_name,
        fields.action,
        fields.result,
        fields.target_type,
        fields.target_id,
        fields.reason,
        last.hash,
        oldRuleHash(last.hash, fields),
      ],
    );
    const r = await auditor.post('/api/v1/audit/verify');
    expect(r.body.ok).toBe(false);
    expect(r.body.firstBadId).toBe(Number(forged!.id));
    expect(r.body.problem).toMatch(/forged event: event id \d+ has no sequence number, hashed by the old unkeyed rule/);
    // the auditor's check itself is in the trail, with its finding
    const [check] = await t.sql<Row>(
      `select after from audit_events where action = 'audit.verify' order by id desc limit 1`,
    );
    expect(check!.after.firstBadId).toBe(Number(forged!.id));
    await asSuperuser(t, () => t.sql(`delete from audit_events where id >= $1`, [forged!.id]));
    expect((await verify()).ok).toBe(true);
  });

  it('a forged event with the next sequence number is found too: by the old rule, or any hash made without the key', async () => {
    const last = await newest();
    const seq = Number(last.seq) + 1;
    const fields: Row = {
      at: new Date().toISOString(),
      actor_id: null,
      actor_name: 'auditor',
      action: 'person.unmask',
      result: 'success',
      target_type: 'person',
      target_id: '1',
      org_id: null,
      before: null,
      after: null,
      reason: null,
      ip: null,
      request_id: null,
    };
    for (const hash of [
      oldRuleHash(last.hash, fields),
      createHash('sha256')
        .update(last.hash + JSON.stringify(fields))
        .digest('hex'),
    ]) {
      const [forged] = await t.sql<{ id: number }>(
        `insert into audit_events (seq, at, actor_name, action, result, target_type, target_id, prev_hash, hash)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
        [
          seq,
          fields.at,
          fields.actor_name,
          fields.action,
          fields.result,
          fields.target_type,
          fields.target_id,
          last.hash,
          hash,
        ],
      );
      const bad = await verify();
      expect(bad).toMatchObject({ ok: false, firstBadId: Number(forged!.id), firstBadSeq: seq });
      expect(bad.problem).toMatch(new RegExp(`event id ${forged!.id} \\(seq ${seq}\\)`));
      await asSuperuser(t, () => t.sql(`delete from audit_events where id = $1`, [forged!.id]));
    }
    expect((await verify()).ok).toBe(true);
  });

  it("an event rewritten, with its hash and every later one recomputed by the app's old rule, is named", async () => {
    const [victim] = await t.sql<Row>(
      `select * from audit_events where action = 'org.update' order by id desc limit 1`,
    );
    const rows = await t.sql<Row>(`select * from audit_events where id >= $1 order by id`, [victim!.id]);
    expect(rows.length).toBeGreaterThan(1);
    let prev = rows[0]!.prev_hash as string;
    const rewritten = rows.map((r, i) => {
      const after = i === 0 ? { ...r.after, address: '篡改后的地址' } : r.after;
      const hash = oldRuleHash(prev, { ...r, after });
      const row = { id: r.id, after, prev_hash: prev, hash };
      prev = hash;
      return row;
    });
    const write = (list: Row[]) =>
      asSuperuser(t, async () => {
        for (const r of list)
          await t.sql(`update audit_events set after = $1::jsonb, prev_hash = $2, hash = $3 where id = $4`, [
            JSON.stringify(r.after),
            r.prev_hash,
            r.hash,
            r.id,
          ]);
      });
    await write(rewritten);
    const bad = await verify();
    expect(bad).toMatchObject({ ok: false, firstBadId: Number(victim!.id), firstBadSeq: Number(victim!.seq) });
    expect(bad.problem).toMatch(/hashed by the old unkeyed rule/);
    await write(rows);
    expect((await verify()).ok).toBe(true);
  });

  it('org path, user agent and id are inside the hash now: changing one alone is named', async () => {
    const [victim] = await t.sql<Row>(
      `select * from audit_events where org_path is not null and user_agent is not null order by id desc limit 1`,
    );
    for (const change of [
      {
        sql: `update audit_events set org_path = '1' where id = $1`,
        undo: `update audit_events set org_path = $2::ltree where id = $1`,
        value: victim!.org_path,
      },
      {
        sql: `update audit_events set user_agent = 'another' where id = $1`,
        undo: `update audit_events set user_agent = $2 where id = $1`,
        value: victim!.user_agent,
      },
    ]) {
      await asSuperuser(t, () => t.sql(change.sql, [victim!.id]));
      const bad = await verify();
      expect(bad).toMatchObject({ ok: false, firstBadId: Number(victim!.id), firstBadSeq: Number(victim!.seq) });
      expect(bad.problem).toMatch(/content changed: .* does not match its keyed hash/);
      await asSuperuser(t, () => t.sql(change.undo, [victim!.id, change.value]));
    }
    expect((await verify()).ok).toBe(true);
  });

  it('a checkpoint not signed with the audit key is refused', async () => {
    const forged = { ...(await t.platform.audit.checkpoint())!, seq: 1 };
    const file = t.platform.audit.checkpointFile;
    const lines = readFileSync(file, 'utf8');
    writeFileSync(file, `${lines}${JSON.stringify(forged)}\n`);
    const bad = await verify();
    expect(bad).toMatchObject({ ok: false, firstBadId: null, firstBadSeq: 1 });
    expect(bad.problem).toMatch(/checkpoints\.jsonl line \d+\) is forged: its signature does not match/);
    writeFileSync(file, lines);
    expect((await verify()).ok).toBe(true);
  });

  it('newest events deleted after a checkpoint are a cut tail, named by sequence number; a regrown tail too', async () => {
    await auditor.get('/api/v1/audit/events?limit=1'); // an event after the last checkpoint: the head moves
    const cp = await t.platform.audit.checkpoint();
    expect(cp).not.toBeNull();
    const cut = await asSuperuser(t, () =>
      t.sql<Row>(
        `delete from audit_events where id in (select id from audit_events order by id desc limit 3) returning id, seq`,
      ),
    );
    const firstCut = Math.min(...cut.map((r) => Number(r.seq)));
    expect(Math.max(...cut.map((r) => Number(r.seq)))).toBe(cp!.seq);
    const bad = await verify();
    expect(bad).toMatchObject({ ok: false, firstBadId: null, firstBadSeq: firstCut });
    expect(bad.problem).toContain(`cut tail: the checkpoint of ${cp!.at}`);
    expect(bad.problem).toContain(`records event seq ${cp!.seq} (id ${cp!.id})`);
    expect(bad.problem).toContain(`events seq ${firstCut}–${cp!.seq} were removed`);

    // The auditor sees the same through the API; her check is the next event, at the first cut sequence number.
    const r = await auditor.post('/api/v1/audit/verify');
    expect(r.body).toMatchObject({ ok: false, firstBadId: null, firstBadSeq: firstCut });
    // New events fill the numbers again: the event now at the checkpoint's seq is not the one it recorded.
    await auditor.get('/api/v1/audit/events?limit=1');
    await auditor.get('/api/v1/audit/events?limit=1');
    const regrown = await verify();
    // the first checkpoint (of those taken so far) that recorded a number the new events took again
    const recorded = readFileSync(t.platform.audit.checkpointFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => Number(JSON.parse(l).seq))
      .filter((n) => n >= firstCut);
    expect(regrown).toMatchObject({ ok: false, firstBadSeq: Math.min(...recorded) });
    expect(regrown.problem).toMatch(
      new RegExp(`rewritten: event id \\d+ \\(seq ${Math.min(...recorded)}\\) is not the event the checkpoint`),
    );
  });
});
