import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../test/harness.js';

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
});
