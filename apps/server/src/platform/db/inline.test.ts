import { sql, type SQL } from 'drizzle-orm';
import { PgDialect, bigint, pgTable, text } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { inlineSql, literal, preparedCall, quoteLiteral, renderSql } from './inline.js';
import { inSubtreeFilter, scopeSetup, scopeSetupText, type UserActor } from '../scope.js';

describe('literals for the simple query protocol', () => {
  it('quotes strings the way PostgreSQL reads them back, with or without backslashes', () => {
    expect(quoteLiteral("O'Brien")).toBe("'O''Brien'");
    expect(quoteLiteral('a\\b')).toBe(" E'a\\\\b'");
    expect(quoteLiteral("\\'; drop table users; --")).toBe(" E'\\\\''; drop table users; --'");
    expect(() => quoteLiteral('a\0b')).toThrow(/NUL/);
  });

  it('writes numbers, booleans, null and dates; refuses what has no single text form', () => {
    expect(literal(42)).toBe('42');
    expect(literal(-3)).toBe('(-3)');
    expect(literal(true)).toBe('true');
    expect(literal(null)).toBe('null');
    expect(literal(undefined)).toBe('null');
    expect(literal(12n)).toBe('12');
    expect(literal(new Date('2026-11-26T00:00:00Z'))).toBe("'2026-11-26T00:00:00.000Z'");
    expect(() => literal(Number.NaN)).toThrow();
    expect(() => literal(Infinity)).toThrow();
    expect(() => literal([1, 2])).toThrow();
    expect(() => literal({ a: 1 })).toThrow();
  });

  it('replaces placeholders only outside strings, quoted names and comments', () => {
    const text = inlineSql(sql`select '$1' as "$2", ${5} as a -- $1\n, ${"it's"} /* $2 */ as b, x$1`);
    expect(text).toBe(`select '$1' as "$2", 5 as a -- $1\n, 'it''s' /* $2 */ as b, x$1`);
  });

  it('names a prepared statement by its text, so the same statement with other values reuses it', () => {
    const a = preparedCall(sql`select * from organizations where id = ${1} and path <@ ${'1.2'}::ltree`);
    const b = preparedCall(sql`select * from organizations where id = ${7} and path <@ ${'1.3'}::ltree`);
    const c = preparedCall(sql`select * from organizations where id = ${7}`);
    expect(a.name).toBe(b.name);
    expect(a.name).not.toBe(c.name);
    expect(a.text).toBe('select * from organizations where id = $1 and path <@ $2::ltree');
    expect(a.execute).toBe(`execute ${a.name}(1, '1.2')`);
    expect(b.inline()).toBe("select * from organizations where id = 7 and path <@ '1.3'::ltree");
  });
});

describe('the scope setup statement', () => {
  const actor = (path: string, userId = 5, orgType = 'village_federation'): UserActor => ({
    kind: 'user',
    userId,
    username: 'x',
    displayName: 'x',
    roles: [],
    permissions: new Set(),
    homeOrgId: 9,
    homePath: path,
    scope: { orgId: 9, path, orgType },
    request: { ip: null, userAgent: null, requestId: null },
    session: { tokenHash: '', csrfToken: '' },
  });

  it('carries the role, the path, the mobile federation and the user as checked literals', () => {
    const text = inlineSql(scopeSetup(actor('1.4.9')));
    expect(text).toContain("set_config('role', 'jinguo_app', true)");
    expect(text).toContain("set_config('jinguo.scope_path', '1.4.9', true)");
    expect(text).toContain("set_config('jinguo.user_id', '5', true)");
    const mobile = inlineSql(scopeSetup(actor('1.4.9', 5, 'mobile_federation')));
    expect(mobile).toContain("set_config('jinguo.mobile_org', '9', true)");
    expect(mobile).toContain("set_config('jinguo.mobile_home', '1.4', true)");
  });

  it('is rendered once per path, mobile federation and user, and the same as rendered afresh', () => {
    for (const a of [actor('1.4.9'), actor('1.4.9', 6), actor('1.4.8'), actor('1.4.9', 5, 'mobile_federation')]) {
      expect(scopeSetupText(a)).toBe(inlineSql(scopeSetup(a)));
      expect(scopeSetupText(a)).toBe(inlineSql(scopeSetup(a)));
    }
    expect(scopeSetupText(actor('1.4.9', 6))).not.toBe(scopeSetupText(actor('1.4.9', 5)));
    expect(scopeSetupText(actor('1.4.9', 5, 'mobile_federation'))).not.toBe(scopeSetupText(actor('1.4.9', 5)));
    expect(() => scopeSetupText(actor("1.4'; reset role; --"))).toThrow(/org path/);
  });

  it('refuses a path that is not digits and dots, and ids that are not positive integers', () => {
    expect(() => scopeSetup(actor("1.4'; reset role; --"))).toThrow(/org path/);
    expect(() => scopeSetup(actor(''))).toThrow(/org path/);
    expect(() => scopeSetup(actor('1.4', 0))).toThrow(/id/);
    expect(() => scopeSetup(actor('1.4', 1.5))).toThrow(/id/);
  });
});

describe('rendering a statement', () => {
  const dialect = new PgDialect();
  const orgs = pgTable('organizations', { id: bigint('id', { mode: 'number' }).primaryKey(), name: text('name') });
  const scoped = { scopePath: '1.4' };
  const sub = sql`select id from organizations where ${inSubtreeFilter(scoped, sql.raw('path'))}`;
  const statements: Record<string, SQL> = {
    plain: sql`select 1`,
    empty: sql``,
    scalars: sql`select ${1}, ${-2.5}, ${"it's"}, ${true}, ${null}, ${12n}, ${new Date('2026-12-05T00:00:00Z')}`,
    undefinedChunk: sql`select ${undefined} 1`,
    nested: sql`select * from (${sub}) s where s.id = ${7} and ${sql`x = ${'y'}`}`,
    joined: sql`select ${sql.join([sql`${1}`, sql.raw('2'), sql`${'three'}`], sql`, `)}`,
    list: sql`select * from organizations where id in ${[1, 2, sql`${3} + ${4}`]}`,
    emptyList: sql`select ${[]}`,
    raw: sql`select ${sql.raw("'$1' as a")}, ${5}`,
    // what the fast path leaves to drizzle: columns, tables, identifiers, typed params, inlined values
    column: sql`select ${orgs.name} from ${orgs} where ${orgs.id} = ${3}`,
    nestedColumn: sql`select 1 where ${sql`${orgs.id} = ${3}`} and ${5} = 5`,
    identifier: sql`select ${sql.identifier('name')} from organizations where id = ${1}`,
    param: sql`select ${sql.param(5)}, ${6}`,
    inlined: sql`select ${'a'}, ${sql`${'b'}`.inlineParams()}`,
    inlinedTop: sql`select ${'a'}`.inlineParams(),
    placeholder: sql`select ${sql.placeholder('p')}`,
    scopeSetup: scopeSetup({
      kind: 'user',
      userId: 5,
      username: 'x',
      displayName: 'x',
      roles: [],
      permissions: new Set(),
      homeOrgId: 9,
      homePath: '1.4.9',
      scope: { orgId: 9, path: '1.4.9', orgType: 'mobile_federation' },
      request: { ip: null, userAgent: null, requestId: null },
      session: { tokenHash: '', csrfToken: '' },
    }),
  };

  it.each(Object.entries(statements))('gives what drizzle gives: %s', (_name, statement) => {
    const { sql: expectedText, params } = dialect.sqlToQuery(statement);
    expect(renderSql(statement)).toEqual({ sql: expectedText, params });
  });
});
