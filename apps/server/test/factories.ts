// Test-record factories for a bare platform (startTestPlatform({ demo: false })): build the few records a test needs
// through the platform's own code (the division import, the reorganization service, the account creation of the
// CLI, the HTTP API), not with hand-written SQL, so the records are what production would hold.
import type { OrgType, Role } from '@jinguo/contracts';
import { importDivisions, orgLoading, type Division } from '../src/modules/organizations/index.js';
import { createAccount } from '../src/cli/commands/users.js';
import { hashPassword } from '../src/platform/auth/passwords.js';
import { runAsSystem, systemActor } from '../src/platform/scope.js';
import { chinaToday, startOfChinaDay } from '../src/platform/time.js';
import { DEMO_PASSWORD, type Client, type TestPlatform } from './harness.js';

const FACTORY = systemActor('test');

/**
 * An organization tree from division lines (`level code parentCode name`, the format of the division files): the
 * province line first, then districts, towns, villages. Returns the ids by code.
 */
export async function divisionTree(
  t: TestPlatform,
  lines: readonly (readonly [Division['level'], string, string, string])[],
  asOf = '2024-01-01',
): Promise<Record<string, number>> {
  const divisions = lines.map(([level, code, parentCode, name]) => ({ level, code, parentCode, name }));
  await runAsSystem(t.platform.handle, FACTORY, (s) => importDivisions(s, divisions, { asOf }));
  const ids: Record<string, number> = {};
  for (const d of divisions) ids[d.code] = await t.org(d.code);
  return ids;
}

/** One organization under a parent, created as a reorganization (`create`) on the date, like the demo's own. */
export async function org(
  t: TestPlatform,
  parentId: number,
  input: { name: string; code: string; type: OrgType },
  date = '2024-03-08',
): Promise<number> {
  const { crypto } = t.platform;
  const today = () => date;
  return runAsSystem(t.platform.handle, FACTORY, async (s) => {
    const parent = (await orgLoading.findOrg(s, parentId))!;
    const c = await orgLoading.beginReorganization(
      s,
      { crypto, today },
      'create',
      { effectiveDate: date, reason: '测试数据' },
      `新建 ${input.name}`,
      [parent],
    );
    return (await orgLoading.createOrgAt(c, parent, input, date)).id;
  });
}

/**
 * A user at an organization with roles, through the CLI's account creation (a one-time password), then given
 * `password` (the demo's by default, which `t.login` uses) as if she had set it at her first sign-in. It is written
 * as a hash rather than through POST /auth/password: the password policy (issue 16.3) refuses the demo's password
 * for a new one, and the tests that use this factory are about something else (the policy has its own tests).
 */
export async function user(
  t: TestPlatform,
  input: { username: string; orgId: number; roles: Role[]; displayName?: string; password?: string },
): Promise<number> {
  const created = await runAsSystem(t.platform.handle, FACTORY, async (s) => {
    const org = (await orgLoading.findOrg(s, input.orgId))!;
    return createAccount(s, {
      username: input.username,
      displayName: input.displayName ?? input.username,
      org: { id: org.id, path: org.path },
      roles: input.roles,
    });
  });
  await t.sql(
    'update users set password_hash = $2, must_change_password = false, password_changed_at = now() where id = $1',
    [created.user.id, await hashPassword(input.password ?? DEMO_PASSWORD)],
  );
  return created.user.id;
}

/** A user (see user()) signed in: a client for the HTTP API. */
export async function signedIn(
  t: TestPlatform,
  input: { username: string; orgId: number; roles: Role[]; displayName?: string },
): Promise<Client> {
  await user(t, input);
  return t.login(input.username);
}

/** A person in the registry, registered through the HTTP API by a signed-in user whose scope holds the org. */
export async function person(
  client: Client,
  input: { orgId: number; name: string; idNumber?: string } & Record<string, unknown>,
): Promise<number> {
  const r = await client.post('/api/v1/people', input);
  if (r.status !== 201 && r.status !== 200)
    throw new Error(`person ${input.name}: ${r.status} ${JSON.stringify(r.body)}`);
  return Number(r.body.id);
}

/**
 * A span of `hours` that began up to `hoursAgo` hours ago, but not before today's China midnight: what it counts falls
 * today and this year whatever the hour the test runs (four hours before 01:00 on 1 January is last year).
 */
export function earlierToday(hoursAgo: number, hours: number): { startsAt: string; endsAt: string } {
  const start = Math.max(Date.now() - hoursAgo * 3_600_000, startOfChinaDay(chinaToday()).getTime());
  return { startsAt: new Date(start).toISOString(), endsAt: new Date(start + hours * 3_600_000).toISOString() };
}
