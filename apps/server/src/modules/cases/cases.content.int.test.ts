// The case view's lists read in one statement (repo.content, platform/db/json-rows): every row comes back as Drizzle's
// own select gives it — dates as Date, numbers as numbers, JSON as objects, the same order — for every demo case, on
// both databases; and under row-level security a case worker reads her case's lists the same way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import { users } from '../../platform/auth/auth.tables.js';
import { runAsSystem, runScoped, systemActor, type Scoped } from '../../platform/scope.js';
import { startTestPlatform, type TestPlatform } from '../../../test/harness.js';
import * as repo from './cases.repository.js';
import {
  caseAccessGrants,
  caseAssessments,
  caseAssignments,
  caseEvents,
  caseFollowUps,
  caseInstruments,
  caseMediations,
  caseParties,
  caseReferrals,
  caseServices,
  partnerAgencies,
} from './cases.tables.js';

let t: TestPlatform;
beforeAll(async () => {
  t = await startTestPlatform();
  // the demo grants no one a case by break-glass: a village cadre does, so the grants list has a row to compare
  const [row] = await t.sql<{ id: string }>(
    `select c.id from cases c join organizations o on o.id = c.org_id where o.code = '500154001001' order by c.id limit 1`,
  );
  const cadre = await t.login('village.a');
  const bg = await cadre.post(`/api/v1/cases/${row!.id}/break-glass`, {
    reason: '当事人到社区求助，情况紧急需了解案情',
  });
  expect(bg.status, JSON.stringify(bg.body)).toBe(200);
});
afterAll(() => t?.close());

/** The lists as the view read them before, one Drizzle select each. */
async function selects(s: Scoped, id: number) {
  return {
    parties: await s.tx.select().from(caseParties).where(eq(caseParties.caseId, id)).orderBy(asc(caseParties.id)),
    assessments: await s.tx
      .select()
      .from(caseAssessments)
      .where(eq(caseAssessments.caseId, id))
      .orderBy(desc(caseAssessments.assessedAt), desc(caseAssessments.id)),
    events: await s.tx
      .select()
      .from(caseEvents)
      .where(eq(caseEvents.caseId, id))
      .orderBy(asc(caseEvents.at), asc(caseEvents.id)),
    assignments: await s.tx
      .select({ a: caseAssignments, name: users.displayName })
      .from(caseAssignments)
      .leftJoin(users, eq(users.id, caseAssignments.userId))
      .where(and(eq(caseAssignments.caseId, id), isNull(caseAssignments.endedAt)))
      .orderBy(asc(caseAssignments.id)),
    referrals: await s.tx
      .select({ r: caseReferrals, agency: partnerAgencies })
      .from(caseReferrals)
      .innerJoin(partnerAgencies, eq(partnerAgencies.id, caseReferrals.agencyId))
      .where(eq(caseReferrals.caseId, id))
      .orderBy(asc(caseReferrals.sentAt), asc(caseReferrals.id)),
    instruments: await s.tx
      .select()
      .from(caseInstruments)
      .where(eq(caseInstruments.caseId, id))
      .orderBy(asc(caseInstruments.id)),
    mediations: await s.tx
      .select()
      .from(caseMediations)
      .where(eq(caseMediations.caseId, id))
      .orderBy(asc(caseMediations.id)),
    services: await s.tx
      .select()
      .from(caseServices)
      .where(eq(caseServices.caseId, id))
      .orderBy(asc(caseServices.providedOn), asc(caseServices.id)),
    followUps: await s.tx
      .select()
      .from(caseFollowUps)
      .where(eq(caseFollowUps.caseId, id))
      .orderBy(asc(caseFollowUps.dueOn), asc(caseFollowUps.id)),
    grants: await s.tx
      .select()
      .from(caseAccessGrants)
      .where(eq(caseAccessGrants.caseId, id))
      .orderBy(desc(caseAccessGrants.grantedAt)),
  };
}

describe("a case's lists in one statement", () => {
  it('are the rows one select per list gives, for every demo case', async () => {
    const ids = (await t.sql<{ id: string }>('select id from cases order by id')).map((r) => Number(r.id));
    expect(ids.length).toBeGreaterThan(5);
    const filled = new Set<string>();
    await runAsSystem(t.platform.handle, systemActor('test'), async (s) => {
      for (const id of ids) {
        const one = await repo.content(s, id);
        const each = await selects(s, id);
        expect(one, `case ${id}`).toEqual(each);
        for (const [list, rows] of Object.entries(one)) if (rows.length) filled.add(list);
      }
    });
    // every list is compared on real rows somewhere in the demo, not only as empty arrays
    expect([...filled].sort()).toEqual(
      [
        'assessments',
        'assignments',
        'events',
        'followUps',
        'grants',
        'instruments',
        'mediations',
        'parties',
        'referrals',
        'services',
      ].sort(),
    );
  });

  it('reads under row-level security what the case worker may read, the same as the selects', async () => {
    const worker = await t.actor('kaizhou.caseworker');
    const [mine] = await t.sql<{ id: string }>(
      `select a.case_id as id from case_assignments a join users u on u.id = a.user_id
        where u.username = 'kaizhou.caseworker' and a.ended_at is null order by a.case_id limit 1`,
    );
    await runScoped(t.platform.handle, worker, async (s) => {
      const one = await repo.content(s, Number(mine!.id));
      expect(one.parties.length).toBeGreaterThan(0);
      expect(one).toEqual(await selects(s, Number(mine!.id)));
    });
  });
});
