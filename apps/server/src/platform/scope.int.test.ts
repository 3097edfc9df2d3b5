import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { divisionTree, user } from '../../test/factories.js';
import { startTestPlatform, type TestPlatform } from '../../test/harness.js';
import { openDatabase, queryRows, type DbHandle } from './db/client.js';
import { inSubtree, readScoped, runScoped, type UserActor } from './scope.js';

// The one-round-trip reads (docs/decisions/0006) keep both locks: the statement's own predicate and row-level
// security, with the role and scope bound to that read only — also when PostgreSQL reuses a prepared plan.

let t: TestPlatform;
/** One connection, so every read below reuses the same session and its prepared statements (PGlite has only one). */
let one: DbHandle;
let kaizhou: string, hanfeng: string, villageA: string, villageB: string;

const actorAt = (path: string, orgType = 'district_federation'): UserActor => ({
  kind: 'user',
  userId: 1,
  username: 'x',
  displayName: 'x',
  roles: ['cadre'],
  permissions: new Set(),
  homeOrgId: 1,
  homePath: path,
  scope: { orgId: 1, path, orgType },
  request: { ip: null, userAgent: null, requestId: null },
  session: { tokenHash: '', csrfToken: '' },
});
const pathOf = async (code: string) =>
  (await t.sql<{ path: string }>('select path::text as path from organizations where code = $1', [code]))[0]!.path;
/** What the connection is after a read: the login role, no scope. */
const session = async () =>
  (
    await queryRows<{ user: string; scope: string | null }>(
      one.db,
      sql`select current_user as user, nullif(current_setting('jinguo.scope_path', true), '') as scope`,
    )
  )[0]!;

beforeAll(async () => {
  t = await startTestPlatform({ today: '2026-11-26', demo: false });
  // a district, a street and its six villages; a cadre of the district (the trail then holds events)
  const villages = [1, 2, 3, 4, 5, 6].map((n) => ['village', `50015400100${n}`, '500154001', `村${n}`] as const);
  const ids = await divisionTree(t, [
    ['province', '50', '', '重庆市'],
    ['district', '500154', '50', '开州区'],
    ['town', '500154001', '500154', '汉丰街道'],
    ...villages,
  ]);
  await user(t, { username: 'kaizhou.cadre', orgId: ids['500154']!, roles: ['cadre'] });
  one =
    t.platform.handle.kind === 'postgres'
      ? await openDatabase({ databaseUrl: t.platform.config.databaseUrl, dataDir: null, poolSize: 1 })
      : t.platform.handle;
  [kaizhou, hanfeng, villageA, villageB] = (await Promise.all(
    ['500154', '500154001', '500154001001', '500154001002'].map(pathOf),
  )) as [string, string, string, string];
});
afterAll(async () => {
  if (one && one !== t.platform.handle) await one.close();
  await t?.close();
});

describe('readScoped: one statement with the scope setup in one round trip', () => {
  it('runs as jinguo_app with the scope set, and leaves the connection as it was', async () => {
    const before = await session();
    const [inside] = await readScoped<{ user: string; scope: string }>(
      one,
      actorAt(hanfeng),
      () => sql`select current_user as user, current_setting('jinguo.scope_path') as scope`,
    );
    expect(inside).toEqual({ user: 'jinguo_app', scope: hanfeng });
    expect(await session()).toEqual(before);
    expect(before.user).not.toBe('jinguo_app');
  });

  it('row-level security holds for a statement that forgets its predicate, the same prepared plan serving each scope', async () => {
    const forgetful = () => sql`select code from organizations where type = 'village_federation' order by code`;
    const inA = await readScoped<{ code: string }>(one, actorAt(villageA, 'village_federation'), forgetful);
    const inB = await readScoped<{ code: string }>(one, actorAt(villageB, 'village_federation'), forgetful);
    const inHanfeng = await readScoped<{ code: string }>(one, actorAt(hanfeng), forgetful);
    const inAAgain = await readScoped<{ code: string }>(one, actorAt(villageA, 'village_federation'), forgetful);
    expect(inA.map((r) => r.code)).toEqual(['500154001001']);
    expect(inB.map((r) => r.code)).toEqual(['500154001002']);
    expect(inHanfeng.length).toBeGreaterThan(5);
    expect(inHanfeng.every((r) => r.code.startsWith('500154001'))).toBe(true);
    expect(inAAgain).toEqual(inA);
    // scoped tables without the ancestor exception admit nothing outside the subtree either
    const spaces = await readScoped<{ org_path: string }>(
      one,
      actorAt(villageA, 'village_federation'),
      () => sql`select org_path::text from org_spaces`,
    );
    expect(spaces.every((r) => r.org_path === villageA || r.org_path.startsWith(`${villageA}.`))).toBe(true);
  });

  it("the prepared statement is executed under the reader's role even after it was prepared and used more widely", async () => {
    // prepared (on first use) as the login role, then run for the whole district and for one village on that session
    const count = (s: { scopePath: string | null }) =>
      sql`select count(*)::int as n from organizations where ${inSubtree(s, sql.raw('path'))}`;
    const [district] = await readScoped<{ n: number }>(one, actorAt(kaizhou), count);
    const [village] = await readScoped<{ n: number }>(one, actorAt(villageA, 'village_federation'), count);
    const [all] = await t.sql<{ n: number }>('select count(*)::int as n from organizations where path <@ $1::ltree', [
      villageA,
    ]);
    expect(Number(village!.n)).toBe(Number(all!.n));
    expect(Number(district!.n)).toBeGreaterThan(Number(village!.n));
  });

  it('writes are refused: the read runs under the same policies as any scoped transaction', async () => {
    await expect(
      readScoped(one, actorAt(villageA, 'village_federation'), () => sql`delete from audit_events returning id`),
    ).rejects.toThrow();
    const [n] = await t.sql<{ n: number }>('select count(*)::int as n from audit_events');
    expect(Number(n!.n)).toBeGreaterThan(0);
  });

  it('a failing statement leaves no role, scope or open transaction behind', async () => {
    await expect(
      readScoped(one, actorAt(hanfeng), () => sql`select 1 / (count(*) - count(*)) from organizations`),
    ).rejects.toThrow();
    expect((await session()).user).not.toBe('jinguo_app');
    expect((await session()).scope).toBeNull();
    const [again] = await readScoped<{ n: number }>(
      one,
      actorAt(villageA, 'village_federation'),
      () => sql`select count(*)::int as n from organizations where type = 'village_federation'`,
    );
    expect(Number(again!.n)).toBe(1);
  });

  it('values reach the database intact, whatever they contain', async () => {
    const nasty = "O'Brien \\ '); reset role; select ('";
    const [row] = await readScoped<{ v: string; n: number }>(
      one,
      actorAt(villageA, 'village_federation'),
      () => sql`select ${nasty}::text as v, ${-7}::int as n`,
    );
    expect(row).toEqual({ v: nasty, n: -7 });
    expect((await session()).user).not.toBe('jinguo_app');
  });
});

describe('readAfter: statements prepared per connection, up to a bound', () => {
  it('prepares a statement once and executes it after; past 200 on a connection, reads run with values written in', async () => {
    const prepared = async () =>
      Number(
        (await queryRows<{ n: number }>(one.db, sql`select count(*)::int as n from pg_prepared_statements`))[0]!.n,
      );
    const start = await prepared();
    const read = (i: number) =>
      readScoped<{ v: number }>(one, actorAt(villageA, 'village_federation'), () =>
        sql.join([sql.raw(`select ${i} + `), sql`${1}::int as v`]),
      );
    expect(await read(0)).toEqual([{ v: 1 }]);
    expect(await read(0)).toEqual([{ v: 1 }]); // the same text: executed, not prepared again
    expect(await prepared()).toBe(start + 1);
    for (let i = 1; i <= 210; i++) expect((await read(i))[0]!.v).toBe(i + 1);
    expect(await prepared()).toBe(200); // the bound: the reads beyond it still answer, inline
  });
});

describe('runScoped: BEGIN and the scope setup in one round trip', () => {
  it('binds the role and scope to the transaction, and a failed transaction leaves nothing behind', async () => {
    const inside = await runScoped(one, actorAt(villageA, 'village_federation'), (s) =>
      queryRows<{ user: string; n: number }>(
        s.tx,
        sql`select current_user as user, (select count(*)::int from organizations where type = 'village_federation') as n`,
      ),
    );
    expect(inside[0]!.user).toBe('jinguo_app');
    expect(Number(inside[0]!.n)).toBe(1);
    await expect(
      runScoped(one, actorAt(villageA, 'village_federation'), async (s) => {
        await s.tx.execute(sql`select 1`);
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    const after = await session();
    expect(after.user).not.toBe('jinguo_app');
    expect(after.scope).toBeNull();
  });
});

describe('every scoped table follows reorganizations', () => {
  // jinguo_repath / jinguo_rebind (0002_access.sql) update org_path (and district_id) of every table that has one, as
  // the reorganizing cadre: a table jinguo_app may not update there makes every move and merge fail. A module that
  // adds a table with org_path must grant it (0034 did, for the tasks module's history and totals).
  it('jinguo_app may update org_path and district_id of every table with org_path', async () => {
    const missing = await t.sql<{ table_name: string; column_name: string }>(`
      select c.table_name, c.column_name
      from information_schema.columns c
      join information_schema.tables tb on tb.table_schema = c.table_schema and tb.table_name = c.table_name
      where c.table_schema = 'public' and tb.table_type = 'BASE TABLE'
        and c.column_name in ('org_path', 'district_id')
        and c.table_name not in ('audit_events', 'reorganizations')
        and exists (select 1 from information_schema.columns p
                    where p.table_schema = 'public' and p.table_name = c.table_name and p.column_name = 'org_path')
        and not has_column_privilege('jinguo_app', format('public.%I', c.table_name), c.column_name, 'UPDATE')
      order by 1, 2`);
    expect(missing).toEqual([]);
  });
});
