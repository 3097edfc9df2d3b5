// What the access matrix (access-matrix.ts) runs against: one signed-in user per role inside 开州区 (the demo's
// accounts) and one per role in another district (两江新区), the demo records whose ids fill the path parameters, and
// a sample body built from an operation's OpenAPI request schema (so a write reaches its scope check instead of
// stopping at validation).
import type { Role } from '@jinguo/contracts';
import { orgLoading } from '../src/modules/organizations/index.js';
import { createAccount } from '../src/cli/commands/users.js';
import { runAsSystem, systemActor } from '../src/platform/scope.js';
import { DEMO_PASSWORD, type Client, type TestPlatform } from './harness.js';
import { ACCESS_MATRIX } from './access-matrix.js';

/** The demo account of each role, inside 开州区 (or above it: the three administrators work at the city). */
export const IN_SCOPE_USERS: Record<Role, string> = {
  system_admin: 'admin',
  security_officer: 'security',
  auditor: 'auditor',
  cadre: 'kaizhou.cadre',
  executive_member: 'village.a.member',
  case_worker: 'kaizhou.caseworker',
  mediator: 'hanfeng.mediator',
  counsellor: 'hanfeng.counsellor',
  partner_agency: 'kaizhou.police',
  volunteer: 'village.a.volunteer',
  case_supervisor: 'kaizhou.supervisor',
};

/**
 * The record kind behind each path parameter: its table. The matrix's record is the demo's record of that kind
 * in 开州区, preferring 驷马社区 (the home of the demo's village users), then 汉丰街道: in scope of every
 * 开州 user. Out of scope is the same record requested by the role's user of 两江新区.
 */
export const PARAM_TABLES: Record<string, string> = {
  orgId: 'organizations',
  spaceId: 'org_spaces',
  officerId: 'org_officers',
  termId: 'org_terms',
  personId: 'persons',
  guardianId: 'persons',
  familyId: 'families',
  importId: 'person_imports',
  demandId: 'demands',
  itemId: 'service_items',
  proposalId: 'deputy_proposals',
  campaignId: 'visit_campaigns',
  visitId: 'visits',
  needId: 'visit_needs',
  fileId: 'stored_files',
  caseId: 'cases',
  partyId: 'case_parties',
  followUpId: 'case_follow_ups',
  referralId: 'case_referrals',
  instrumentId: 'case_instruments',
  mediationId: 'case_mediations',
  residentId: 'residents',
  programId: 'care_programs',
  applicationId: 'care_applications',
  batchId: 'care_parcel_batches',
  deliveryId: 'care_parcel_deliveries',
  listId: 'care_greeting_lists',
  entryId: 'care_greeting_entries',
  pairingId: 'care_pairings',
  wishId: 'care_wishes',
  userId: 'users',
  teamId: 'volunteer_teams',
  volunteerId: 'volunteers',
  callUpId: 'call_ups',
  activityId: 'activities',
  projectId: 'duty_projects',
  formId: 'report_forms',
  taskId: 'tasks',
};

/**
 * Parameters naming a record of a parent named in the same path (a case's mediation, a task's assignment): the
 * child is picked first, and the parent parameter takes the child's parent.
 */
const CHILDREN: Record<string, Record<string, { table: string; parent: string; where?: string }>> = {
  assignmentId: {
    caseId: { table: 'case_assignments', parent: 'case_id' },
    taskId: { table: 'task_assignments', parent: 'task_id' },
  },
  fileId: {
    visitId: { table: 'stored_files', parent: 'owner_id', where: "owner_type like 'visit%'" },
    caseId: { table: 'stored_files', parent: 'owner_id', where: "owner_type like 'case%'" },
    applicationId: { table: 'stored_files', parent: 'owner_id', where: "owner_type like 'care_app%'" },
    wishId: { table: 'stored_files', parent: 'owner_id', where: "owner_type like 'care_wish%'" },
    activityId: { table: 'stored_files', parent: 'owner_id', where: "owner_type like 'activit%'" },
    taskId: { table: 'stored_files', parent: 'owner_id', where: "owner_type like 'task%'" },
  },
  needId: { visitId: { table: 'visit_needs', parent: 'visit_id' } },
  partyId: { caseId: { table: 'case_parties', parent: 'case_id' } },
  followUpId: { caseId: { table: 'case_follow_ups', parent: 'case_id' } },
  instrumentId: { caseId: { table: 'case_instruments', parent: 'case_id' } },
  mediationId: { caseId: { table: 'case_mediations', parent: 'case_id' } },
  entryId: { listId: { table: 'care_greeting_entries', parent: 'list_id' } },
  consentId: { personId: { table: 'person_consents', parent: 'person_id' } },
};

/** Parameters that are no record: the value every operation gets. */
// (saved filters, role grants and sessions are a user's, retention runs the platform's: none in the demo; a session
// id is 24 hex digits, a retention policy is named by its record type)
const PLAIN_VALUES: Record<string, string> = {
  year: '2026',
  code: 'health',
  notificationId: '1',
  filterId: '2147483647',
  grantId: '2147483647',
  runId: '2147483647',
  sessionId: '0'.repeat(24),
  recordType: 'demands',
};

/** No such record in the demo: an id no record has. */
const NONE = 2147483647;

export interface Fixtures {
  /** The operation's path with its parameters filled in. */
  resolve(path: string): Promise<string>;
  /** Ids by parameter name (for bodies naming a record: orgId, personId…). */
  ids: Record<string, number>;
}

export async function loadFixtures(t: TestPlatform): Promise<Fixtures> {
  const [sima] = await t.sql<{ path: string }>("select org_path::text as path from users where username = 'village.a'");
  const kaizhou = sima!.path.split('.').slice(0, 2).join('.');
  const hanfeng = sima!.path.split('.').slice(0, 3).join('.'); // 驷马社区's street: 汉丰街道
  const pick = async (table: string, column = 'id', extra = '') => {
    const path = table === 'organizations' ? 'path' : 'org_path';
    const rows = await t.sql<{ id: number }>(
      `select ${column} as id from ${table} where ${path} <@ $1::ltree ${extra}
       order by (${path} <@ $2::ltree) desc, (${path} <@ $3::ltree) desc, nlevel(${path}) desc, id limit 1`,
      [kaizhou, sima!.path, hanfeng],
    );
    return rows[0] ? Number(rows[0].id) : NONE;
  };
  const ids: Record<string, number> = {};
  for (const [param, table] of Object.entries(PARAM_TABLES)) ids[param] = await pick(table);
  return {
    ids,
    async resolve(path) {
      const values: Record<string, string> = {};
      for (const [child, parents] of Object.entries(CHILDREN)) {
        if (!path.includes(`{${child}}`)) continue;
        const [parent, c] = Object.entries(parents).find(([p]) => path.includes(`{${p}}`))!;
        const where = c.where ? `and ${c.where}` : '';
        values[child] = String(await pick(c.table, 'id', where));
        const of = await pick(c.table, c.parent, `${where} and id = ${values[child]}`);
        values[parent] = String(of === NONE ? ids[parent] : of);
      }
      // a tracking code has its own shape (the demand categories' {code} is a category)
      if (path.includes('/track/')) values.code = 'ABCD-EFGH-JKMN-PQRS';
      return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
        const value = values[name] ?? PLAIN_VALUES[name] ?? (name in ids ? String(ids[name]) : undefined);
        if (value === undefined)
          throw new Error(`access matrix: no fixture for the path parameter {${name}} of ${path}`);
        return value;
      });
    },
  };
}

/** The role's user of 两江新区: the demo's cadre there, the others made for the matrix. */
export async function outOfScopeUsers(t: TestPlatform): Promise<Record<Role, Client>> {
  const [lj] = await t.sql<{ org_id: number }>("select org_id from users where username = 'liangjiang.cadre'");
  const clients = {} as Record<Role, Client>;
  for (const role of Object.keys(IN_SCOPE_USERS) as Role[]) {
    const username = role === 'cadre' ? 'liangjiang.cadre' : `liangjiang.${role}`;
    if (role !== 'cadre') await account(t, { username, orgId: Number(lj!.org_id), roles: [role] });
    clients[role] = await signIn(t, username);
  }
  return clients;
}

/**
 * An account through the CLI's account creation, its password then set to the demo's (the demo accounts' hash):
 * the matrix needs eleven of them, and a first sign-in and password change each would double the file's set-up.
 */
async function account(t: TestPlatform, input: { username: string; orgId: number; roles: Role[] }) {
  await runAsSystem(t.platform.handle, systemActor('test'), async (s) => {
    const org = (await orgLoading.findOrg(s, input.orgId))!;
    await createAccount(s, { ...input, displayName: input.username, org: { id: org.id, path: org.path } });
  });
  await t.sql(
    `update users set password_hash = (select password_hash from users where username = 'liangjiang.cadre'),
       must_change_password = false where username = $1`,
    [input.username],
  );
}

let addresses = 0;

/** Signed in from an address of its own: the sign-in's rate limit and the public routes' count per address. */
export async function signIn(t: TestPlatform, username: string): Promise<Client> {
  const c = t.anonymous(`10.0.${Math.floor(++addresses / 250)}.${addresses % 250}`);
  const res = await c.post('/api/v1/auth/login', { username, password: DEMO_PASSWORD });
  if (res.status !== 200) throw new Error(`sign-in ${username}: ${res.status}`);
  return c;
}

type Schema = {
  type?: string;
  enum?: unknown[];
  format?: string;
  minLength?: number;
  minimum?: number;
  minItems?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  const?: unknown;
  default?: unknown;
};

/** A value that satisfies the schema's plain rules; a property naming a record kind gets that record's id. */
export function sampleOf(schema: Schema | undefined, ids: Record<string, number>, name = ''): unknown {
  if (!schema) return undefined;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const alt = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (alt) return sampleOf(alt[0], ids, name);
  switch (schema.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      // the required fields, and the org when one may be named (an export, a list): the 开州 record's
      const keys = [...(schema.required ?? []), ...(schema.properties?.orgId ? ['orgId'] : [])];
      for (const key of keys) out[key] = sampleOf(schema.properties?.[key], ids, key);
      return out;
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sampleOf(schema.items, ids, name.replace(/s$/, '')));
    case 'integer':
    case 'number':
      return name in ids ? ids[name] : Math.max(1, schema.minimum ?? 1);
    case 'boolean':
      return false;
    case 'string':
      if (schema.format === 'date') return '2026-12-01';
      if (schema.format === 'date-time') return '2026-12-01T09:00:00+08:00';
      return '测试'.padEnd(Math.max(2, schema.minLength ?? 2), '试');
    default:
      return schema.default ?? null;
  }
}

export interface Operation {
  'x-access'?: unknown;
  parameters?: { in: string; name: string; required?: boolean; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
}

/** The operation's URL with its required query parameters (and orgId) sampled, and its sample body, if any. */
export function sampleRequest(op: Operation, url: string, ids: Record<string, number>) {
  // a list or figure narrowed to an org gets the 开州 record's org: out of scope, it must answer 404, not its own
  const query = (op.parameters ?? [])
    .filter((p) => p.in === 'query' && (p.required || p.name === 'orgId'))
    .map((p) => `${p.name}=${encodeURIComponent(String(sampleOf(p.schema, ids, p.name)))}`);
  const body = op.requestBody ? sampleOf(op.requestBody.content['application/json']?.schema, ids) : undefined;
  return { url: query.length ? `${url}?${query.join('&')}` : url, body };
}

/** Every operation of the OpenAPI document as `METHOD /path` (signing out last: it ends the session of the rest). */
export async function documentedOperations(t: TestPlatform): Promise<[key: string, op: Operation][]> {
  const doc = (await t.anonymous().get('/api/docs/json')).body as { paths: Record<string, Record<string, Operation>> };
  return Object.entries(doc.paths)
    .flatMap(([path, ops]) => Object.entries(ops).map(([m, op]) => [`${m.toUpperCase()} ${path}`, op] as const))
    .map(([k, op]) => [k, op] as [string, Operation])
    .sort(([a], [b]) => Number(a.endsWith('/auth/logout')) - Number(b.endsWith('/auth/logout')));
}

/** A one-pixel PNG: the body of an upload. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** The operation's call: its path filled in, its required query and body sampled, the entry's values over them. */
export async function sampleCall(
  fx: Fixtures,
  key: string,
  op: Operation,
): Promise<{ url: string; body: unknown; headers: Record<string, string> }> {
  const entry = ACCESS_MATRIX[key]!;
  const sample = sampleRequest(op, await fx.resolve(key.slice(key.indexOf(' ') + 1)), fx.ids);
  let url = sample.url;
  if (entry.query) {
    const [path, sampled] = url.split('?') as [string, string | undefined];
    const query = new URLSearchParams(sampled);
    for (const [k, v] of new URLSearchParams(await fx.resolve(entry.query))) query.set(k, v);
    url = `${path}?${query.toString()}`;
  }
  if (entry.upload) return { url, body: PNG, headers: { 'content-type': entry.upload } };
  const body = entry.body ? { ...(sample.body as object), ...entry.body } : sample.body;
  return { url, body, headers: {} };
}
