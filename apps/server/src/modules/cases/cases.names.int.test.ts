import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type Client, type TestPlatform } from '../../../test/harness.js';

/** A case page names the people who acted by their display names, as demand pages do, never by their logins. */
let t: TestPlatform;
let worker: Client;
const WORKER = '开州区妇联 维权专员';
const byFields = (v: any): string[] => [
  ...v.events.map((e: any) => e.actor),
  ...v.assessments.map((a: any) => a.assessedBy),
  ...v.assignments.map((a: any) => a.assignedBy),
  ...v.referrals.map((r: any) => r.sentBy),
  ...v.services.map((x: any) => x.recordedBy),
  ...v.followUps.map((f: any) => f.doneBy).filter(Boolean),
  ...(v.safetyPlan ? [v.safetyPlan.updatedBy] : []),
  ...v.attachments.map((a: any) => a.uploadedBy),
];

beforeAll(async () => {
  t = await startTestPlatform();
  worker = await t.login('kaizhou.caseworker');
});
afterAll(() => t?.close());

describe('names on a case', () => {
  it('shows display names for acts recorded under a login name before', async () => {
    // The demo's cases were recorded as older versions did: under the caseworker's username.
    const [legacy] = await t.sql<{ case_id: number }>(
      `select e.case_id from case_events e join case_assignments a on a.case_id = e.case_id
        join users u on u.id = a.user_id and u.username = 'kaizhou.caseworker'
       where e.actor_name = 'kaizhou.caseworker' order by e.case_id limit 1`,
    );
    expect(legacy).toBeTruthy();
    const v = await worker.get(`/api/v1/cases/${legacy!.case_id}`);
    expect(v.status).toBe(200);
    expect(v.body.events.map((e: any) => e.actor)).toContain(WORKER);
    expect(byFields(v.body)).not.toContain('kaizhou.caseworker');
  });

  it('records new acts under the display name', async () => {
    const village = await t.org('500154001001');
    const created = await worker.post('/api/v1/cases', {
      orgId: village,
      channel: 'walk_in',
      caseType: 'domestic_violence',
      narrative: '来访：丈夫多次推搡',
      parties: [{ role: 'victim', unregistered: { name: '刘某某', gender: 'female' } }],
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const assessed = await worker.post(`/api/v1/cases/${id}/assessments`, { indicators: ['controlling'] });
    expect(assessed.status).toBe(201);
    expect(assessed.body.assessments.at(-1).assessedBy).toBe(WORKER);
    expect(byFields(assessed.body).every((by) => by === WORKER || by.startsWith('system:'))).toBe(true);
    // Stored so, too: a reader whose scope does not hold the actor's account still sees her name.
    const rows = await t.sql<{ actor_name: string }>(`select actor_name from case_events where case_id = $1`, [id]);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.actor_name === WORKER)).toBe(true);
  });
});
