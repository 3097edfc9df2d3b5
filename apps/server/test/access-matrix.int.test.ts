// The access matrix (access-matrix.ts) against the running API: every operation of the OpenAPI document has an
// entry and every entry an operation (a new route without one fails here); each operation called as each role, on
// the demo's 开州区 record (in scope) and by the role's user of 两江新区 (out of scope), with the status asserted.
// Reads run for both; writes run out of scope (and in scope only for the roles the gate turns away): none of them
// may change a row, which a digest of every table taken before and after them checks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS, ROLES, type Role } from '@jinguo/contracts';
import type { Client, TestPlatform } from './harness.js';
import { startTestPlatform } from './harness.js';
import { ACCESS_MATRIX, type Access, type Entry, type Expect } from './access-matrix.js';
import {
  IN_SCOPE_USERS,
  documentedOperations,
  loadFixtures,
  outOfScopeUsers,
  sampleCall,
  signIn,
  type Fixtures,
  type Operation,
} from './access-matrix.fixtures.js';

let t: TestPlatform;
let fx: Fixtures;
let operations: [key: string, op: Operation][];
const inScope = {} as Record<Role, Client>;
let outOfScope: Record<Role, Client>;
let anonymous: Client;

beforeAll(async () => {
  // sessions cached as in production: thousands of calls on 22 sessions that nothing changes until the last call
  t = await startTestPlatform({ config: { sessionCacheMs: 60_000 } });
  operations = await documentedOperations(t);
  fx = await loadFixtures(t);
  for (const role of ROLES) inScope[role] = await signIn(t, IN_SCOPE_USERS[role]);
  outOfScope = await outOfScopeUsers(t);
  anonymous = t.anonymous('10.9.9.9');
});
afterAll(() => t?.close());

const passesGate = (access: Access, role: Role) =>
  Array.isArray(access) ? access.some((p) => ROLE_PERMISSIONS[role].includes(p)) : access !== 'resident';

const pick = (e: Expect | undefined, role: Role, fallback: number) =>
  e === undefined ? fallback : typeof e === 'number' ? e : (e[role] ?? e.other ?? fallback);

/** What the role's call should answer: 401 for the residents' routes, 403 at the gate, else the entry's status. */
function expected(key: string, entry: Entry, role: Role, side: 'in' | 'out'): number {
  if (entry.access === 'resident') return 401;
  if (!passesGate(entry.access, role)) return 403;
  const read = key.startsWith('GET ');
  if (side === 'in') return pick(entry.in, role, 200);
  return pick(entry.out, role, read && !key.includes('{') ? 200 : 404);
}

/** The operation's call: its path filled in, its required query and body sampled, the entry's values over them. */
const request = (key: string, op: Operation) => sampleCall(fx, key, op);

/**
 * A digest of every table's rows, but those a refused call still touches: sessions, the audit trail, and the count of
 * failed sign-ins (sign_in_throttles, where the platform keeps one).
 */
async function digest(): Promise<Record<string, string>> {
  const tables = await t.sql<{ name: string }>(
    `select table_name as name from information_schema.tables
     where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not in ('sessions', 'audit_events', 'sign_in_throttles')`,
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await t.sql<{ d: string }>(
      `select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as d from "${name}" x`,
    );
    out[name] = row!.d;
  }
  return out;
}

/** Differences on entries with a `knownIssue`: reported, not failed on (the entry names the bug and who knows). */
const known: string[] = [];
const differs = (wrong: string[], key: string, line: string) =>
  (ACCESS_MATRIX[key]!.knownIssue ? known : wrong).push(line);
afterAll(() => {
  if (known.length) console.warn(`access matrix, known issues:\n${known.join('\n')}`);
});

describe('the access matrix', () => {
  it('has one entry for every operation of the OpenAPI document, and no other', () => {
    const documented = operations.map(([k]) => k).sort();
    const listed = Object.keys(ACCESS_MATRIX).sort();
    expect(
      documented.filter((k) => !(k in ACCESS_MATRIX)),
      'operations without a matrix entry',
    ).toEqual([]);
    expect(
      listed.filter((k) => !documented.includes(k)),
      'entries naming no operation',
    ).toEqual([]);
    // the entry's access is the route's (a route's permission changed without its entry fails here)
    const declared = Object.fromEntries(operations.map(([k, op]) => [k, op['x-access'] ?? 'undeclared']));
    const mismatched = listed.filter((k) => JSON.stringify(declared[k]) !== JSON.stringify(ACCESS_MATRIX[k]!.access));
    expect(mismatched.map((k) => `${k}: route ${JSON.stringify(declared[k])}`)).toEqual([]);
  });

  it('answers every read as the matrix says, for each role, in scope and out of scope, and the signed-out', async () => {
    const wrong: string[] = [];
    for (const [key, op] of operations) {
      if (!key.startsWith('GET ')) continue;
      const entry = ACCESS_MATRIX[key]!;
      const { url } = await request(key, op);
      const anon = (await anonymous.get(url)).status;
      const anonExpected = entry.anonymous ?? (entry.access === 'public' || entry.access === 'undeclared' ? 200 : 401);
      if (anon !== anonExpected) differs(wrong, key, `${key} signed out: ${anon}, expected ${anonExpected}`);
      for (const role of ROLES) {
        for (const side of ['in', 'out'] as const) {
          const status = (await (side === 'in' ? inScope : outOfScope)[role].get(url)).status;
          const want = expected(key, entry, role, side);
          if (status !== want) differs(wrong, key, `${key} ${role} ${side}: ${status}, expected ${want}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses every write on another district’s records, and the roles the gate turns away, changing nothing', async () => {
    const writes = operations.filter(([key]) => !key.startsWith('GET '));
    // the writes on the caller's own things (her notifications, filters, session) succeed out of scope too: after
    const own = (key: string) => ROLES.some((r) => expected(key, ACCESS_MATRIX[key]!, r, 'out') < 300);
    const before = await digest();
    const wrong: string[] = [];
    const call = async (key: string, op: Operation) => {
      const entry = ACCESS_MATRIX[key]!;
      const method = key.slice(0, key.indexOf(' '));
      const { url, body, headers } = await request(key, op);
      const anon = (await anonymous.request(method, url, body, headers)).status;
      const anonExpected = entry.anonymous ?? (entry.access === 'public' ? undefined : 401);
      if (anonExpected !== undefined && anon !== anonExpected)
        differs(wrong, key, `${key} signed out: ${anon}, expected ${anonExpected}`);
      for (const role of ROLES) {
        const out = (await outOfScope[role].request(method, url, body, headers)).status;
        const want = expected(key, entry, role, 'out');
        if (out !== want) differs(wrong, key, `${key} ${role} out: ${out}, expected ${want}`);
        // a role the gate turns away, on the record in its scope: refused all the same
        if (entry.access === 'resident' || !passesGate(entry.access, role)) {
          const status = (await inScope[role].request(method, url, body, headers)).status;
          if (status !== want) differs(wrong, key, `${key} ${role} in: ${status}, expected ${want}`);
        }
      }
    };
    for (const [key, op] of writes) if (!own(key)) await call(key, op);
    const after = await digest();
    const changed = Object.keys(before).filter((name) => before[name] !== after[name]);
    expect(changed, 'tables changed by refused writes').toEqual([]);
    for (const [key, op] of writes) if (own(key)) await call(key, op);
    expect(wrong).toEqual([]);
  });
});
