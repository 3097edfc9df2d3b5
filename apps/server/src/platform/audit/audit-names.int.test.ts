import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../test/harness.js';
import { person, user } from '../../../test/factories.js';

/** The auditor's search names what the codes point at, where the name is not personal data and is in her scope. */
let t: TestPlatform;
beforeAll(async () => {
  t = await startTestPlatform();
});
afterAll(() => t?.close());

describe('names in the audit search', () => {
  it('names an org target and the acting user; a user target by her display name', async () => {
    const cadre = await t.login('kaizhou.cadre');
    const id = await t.org('500154001');
    expect((await cadre.patch(`/api/v1/organizations/${id}`, { address: '汉丰街道开州大道2号' })).status).toBe(200);
    const [org] = await t.sql<{ name: string }>(`select name from organizations where id = $1`, [id]);
    const [me] = await t.sql<{ id: number; display_name: string }>(
      `select id, display_name from users where username = 'kaizhou.cadre'`,
    );

    const auditor = await t.login('auditor');
    const updates = await auditor.get(`/api/v1/audit/events?action=org.update&targetId=${id}&limit=1`);
    expect(updates.status).toBe(200);
    const [e] = updates.body.items;
    expect(e.targetType).toBe('organization');
    expect(e.targetName).toBe(org!.name);
    expect(e.actorName).toBe('kaizhou.cadre'); // the code stays for the auditor
    expect(e.actorDisplayName).toBe(me!.display_name);

    const logins = await auditor.get(
      `/api/v1/audit/events?action=auth.login&targetType=user&targetId=${me!.id}&limit=1`,
    );
    expect(logins.body.items[0].targetName).toBe(me!.display_name);
  });

  it('gives no name for targets whose names are personal data', async () => {
    const village = await t.login('village.a');
    const [home] = await t.sql<{ org_id: number }>(`select org_id from users where username = 'village.a'`);
    const id = await person(village, { orgId: Number(home!.org_id), name: '审计测试甲' });
    const auditor = await t.login('auditor');
    const r = await auditor.get(`/api/v1/audit/events?targetType=person&targetId=${id}`);
    expect(r.body.items.length).toBeGreaterThan(0);
    expect(r.body.items.every((e: { targetName: string | null }) => e.targetName === null)).toBe(true);
    expect(JSON.stringify(r.body.items.map((e: { targetName: unknown }) => e.targetName))).not.toContain('审计测试甲');
  });

  it('names only users and orgs within the reader’s own scope', async () => {
    const kaizhou = await t.org('500154');
    const hanfeng = await t.org('500154001');
    // The city's cadre changes one of Kaizhou's orgs: the event lies in Kaizhou's subtree, its actor above it.
    const city = await t.login('city.cadre');
    expect((await city.patch(`/api/v1/organizations/${hanfeng}`, { address: '汉丰街道开州大道3号' })).status).toBe(200);
    await user(t, { username: 'kaizhou.auditor', orgId: kaizhou, roles: ['auditor'], displayName: '开州区 审计员' });
    const local = await t.login('kaizhou.auditor');
    const r = await local.get(`/api/v1/audit/events?action=org.update&actor=city.cadre&targetId=${hanfeng}&limit=1`);
    expect(r.status).toBe(200);
    const [e] = r.body.items;
    expect(e.targetName).toBeTruthy(); // 汉丰街道 is hers
    expect(e.actorName).toBe('city.cadre');
    expect(e.actorDisplayName).toBeNull(); // the city's user is not
    // Outside her subtree there is nothing to name: the city's events are not hers to read.
    const outside = await local.get(`/api/v1/audit/events?targetType=organization&targetId=${await t.org('50')}`);
    expect(outside.body.items).toEqual([]);
  });
});
