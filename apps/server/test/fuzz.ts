// Schema-driven fuzzing of every write operation of the OpenAPI document (fuzz.cases.ts makes the cases), run by
// fuzz.int.test.ts in `npm test` and, longer, by `npm run bench -- --only fuzz`. Each operation is called by a user
// whose role passes its gate, on the demo's records in her scope (the access matrix's users and ids), so that bad
// input reaches validation and the service behind it. Every answer must be below 500; every 4xx problem+json; every
// 400, 413, 415 or 422 to a case that spoiled a field must name a field; and a refused call must have written
// nothing. That last check is cheap because most refusals write nothing at all: a call that committed no transaction
// with a transaction id (PostgreSQL's xid counter, pg_xact_status) wrote no row, and only when one committed is every
// table's count and sum of xmin (which any insert, update or delete changes) compared with its value before.
import fc from 'fast-check';
import { ROLE_PERMISSIONS, ROLES, type Role } from '@jinguo/contracts';
import { ACCESS_MATRIX, type Entry } from './access-matrix.js';
import {
  IN_SCOPE_USERS,
  documentedOperations,
  loadFixtures,
  sampleCall,
  signIn,
  type Operation,
} from './access-matrix.fixtures.js';
import { caseArbitrary, type FuzzCase, type Kind, type Schema, type Target } from './fuzz.cases.js';
import type { Client, Response, TestPlatform } from './harness.js';

export interface FuzzSettings {
  seed: number;
  /** Cases in all, shared out evenly over the operations. */
  runs: number;
  /** Only the operations whose key (`POST /api/v1/people`) contains this. */
  only?: string;
}

/** The defaults, or JINGUO_FUZZ_SEED, JINGUO_FUZZ_RUNS and JINGUO_FUZZ_ONLY. */
export function fuzzSettings(defaults: { seed: number; runs: number }): FuzzSettings {
  const int = (raw: string | undefined, fallback: number) => {
    if (raw === undefined || raw === '') return fallback;
    if (!/^-?\d+$/.test(raw)) throw new Error(`fuzz: ${raw} is not an integer`);
    return Number(raw);
  };
  const only = process.env.JINGUO_FUZZ_ONLY;
  return {
    seed: int(process.env.JINGUO_FUZZ_SEED, defaults.seed),
    runs: int(process.env.JINGUO_FUZZ_RUNS, defaults.runs),
    ...(only ? { only } : {}),
  };
}

export interface Finding {
  operation: string;
  kind: Kind;
  note: string;
  /** What is wrong: `500`, `not problem+json`, `names no field`, `wrote while refused: persons, …`. */
  problem: string;
  status: number;
  request: string;
  answer: string;
}

export interface FuzzReport {
  seed: number;
  runs: number;
  operations: number;
  cases: number;
  /** Answers by class: 2xx, 4xx, 5xx. */
  answers: Record<string, number>;
  byKind: Partial<Record<Kind, number>>;
  /** Refused calls (4xx), and of them those that committed a transaction and had every table compared. */
  refused: number;
  refusedCompared: number;
  /** Refused calls that changed a table. */
  refusedThatWrote: number;
  findings: Finding[];
  /** The five slowest cases (milliseconds from the call to its checks). */
  slowest: { operation: string; note: string; ms: number }[];
  seconds: number;
  /** CPU seconds of this process (with PGlite, the database's too: it runs in the process). */
  cpuSeconds: number;
}

/**
 * Tables a refused call may still write: the session (a resident's is touched on every call), the audit trail, the
 * count of failed sign-ins.
 */
const MAY_CHANGE = ['sessions', 'resident_sessions', 'audit_events', 'sign_in_throttles'];

/** The roles tried first for an operation: those whose demo user works on the in-scope records. */
const PREFERRED: Role[] = ['cadre', 'case_worker', 'case_supervisor', 'system_admin', 'security_officer'];

/** Operations that end or change the session or accounts the others use: last (signing out the very last). */
const LATE = /\/auth\/|\/users|\/role-grants/;

const FIELD_STATUSES = new Set([400, 413, 415, 422]);

export async function fuzz(t: TestPlatform, settings: FuzzSettings, log: (line: string) => void = () => {}) {
  const started = Date.now();
  const cpu = process.cpuUsage();
  const fx = await loadFixtures(t);
  const operations = (await documentedOperations(t))
    .filter(([key]) => !key.startsWith('GET ') && (!settings.only || key.includes(settings.only)))
    .sort(([a], [b]) => Number(LATE.test(a)) - Number(LATE.test(b)));
  const clients = new Map<string, Client>();
  let addresses = 0;
  const freshAddress = () => `10.66.${Math.floor(++addresses / 250) % 250}.${addresses % 250}`;
  const digest = await tableDigest(t);
  let before = await digest();
  let mark = await nextXid(t);
  const report: FuzzReport = {
    seed: settings.seed,
    runs: settings.runs,
    operations: operations.length,
    cases: 0,
    answers: {},
    byKind: {},
    refused: 0,
    refusedCompared: 0,
    refusedThatWrote: 0,
    findings: [],
    slowest: [],
    seconds: 0,
    cpuSeconds: 0,
  };
  log(`fuzz: seed ${settings.seed}, ${settings.runs} cases over ${operations.length} write operations`);

  for (const [index, [key, op]] of operations.entries()) {
    const n = Math.floor(settings.runs / operations.length) + (index < settings.runs % operations.length ? 1 : 0);
    if (n === 0) continue;
    const entry = ACCESS_MATRIX[key];
    if (!entry) throw new Error(`fuzz: ${key} has no access-matrix entry`);
    const method = key.slice(0, key.indexOf(' '));
    const target = await targetOf(fx, key, op, entry);
    const who = caller(key, entry);
    const cases = fc.sample(caseArbitrary(target), { seed: opSeed(settings.seed, key), numRuns: n });
    for (const c of cases) {
      const client = await clientFor(who);
      const headers: Record<string, string> = {};
      if (c.contentType) headers['content-type'] = c.contentType;
      if (who === 'resident') headers['x-csrf-token'] = client.cookies.get('jinguo_resident_csrf') ?? '';
      // something committed since the last case (a background job): the digest to compare with is taken again
      const x0 = await nextXid(t);
      if (x0 !== mark && (await committedSince(t, mark, x0)).committed > 0) before = await digest();
      const sent = performance.now();
      let res: Response;
      try {
        res = await client.request(method, c.url, c.payload, headers);
      } catch (err) {
        // the harness could not parse the answer: a body that says it is JSON and is not
        res = { status: 0, body: String(err), headers: {} };
      }
      // work an accepted call leaves running (the development SMS channel records its message after answering)
      if (res.status < 300) await settle(t);
      const ms = performance.now() - sent;
      report.slowest.push({ operation: key, note: c.note, ms: Math.round(ms) });
      report.slowest = report.slowest.sort((a, b) => b.ms - a.ms).slice(0, 5);
      report.cases++;
      report.byKind[c.kind] = (report.byKind[c.kind] ?? 0) + 1;
      const cls = `${Math.floor(res.status / 100)}xx`;
      report.answers[cls] = (report.answers[cls] ?? 0) + 1;
      const found = (problem: string) =>
        report.findings.push({
          operation: key,
          kind: c.kind,
          note: c.note,
          problem,
          status: res.status,
          request: describeRequest(method, c),
          answer: JSON.stringify(res.body).slice(0, 300),
        });
      for (const problem of answerProblems(res, c)) found(problem);
      // a signed-in user's session gone (a spoilt call that still signed her out): sign in again for the next
      if (res.status === 401 && who !== 'public' && who !== 'resident') clients.delete(who);
      const since = await committedSince(t, x0);
      mark = since.next;
      if (since.committed === 0) {
        if (res.status >= 400) report.refused++;
        continue;
      }
      const after = await digest();
      if (res.status >= 400) {
        report.refused++;
        report.refusedCompared++;
        const changed = Object.keys(after).filter((name) => after[name] !== before[name]);
        if (changed.length) {
          report.refusedThatWrote++;
          found(`wrote while refused: ${changed.join(', ')}`);
        }
      }
      before = after;
    }
  }
  report.seconds = Math.round((Date.now() - started) / 100) / 10;
  const used = process.cpuUsage(cpu);
  report.cpuSeconds = Math.round((used.user + used.system) / 100_000) / 10;
  return report;

  async function clientFor(who: Role | 'public' | 'resident'): Promise<Client> {
    if (who === 'public') return t.anonymous(freshAddress());
    const known = clients.get(who);
    if (known) return known;
    const client = who === 'resident' ? await resident(t, freshAddress()) : await signIn(t, IN_SCOPE_USERS[who]);
    clients.set(who, client);
    return client;
  }
}

/** What is wrong with the answer to a case, if anything. */
export function answerProblems(res: Response, c: FuzzCase): string[] {
  if (res.status >= 500 || res.status < 100) return [`answered ${res.status}`];
  if (res.status < 400) return [];
  const type = String(res.headers['content-type'] ?? '');
  const body = res.body as { code?: unknown; field?: unknown; message?: Record<string, unknown> } | null;
  if (!type.startsWith('application/problem+json') || typeof body?.code !== 'string')
    return [`a ${res.status} that is not problem+json`];
  if (typeof body.message?.['zh-CN'] !== 'string' || typeof body.message['en-US'] !== 'string')
    return [`a ${res.status} without its zh-CN and en-US message`];
  if (c.field !== undefined && FIELD_STATUSES.has(res.status) && (typeof body.field !== 'string' || !body.field))
    return [`a ${res.status} ${body.code} that names no field`];
  return [];
}

/** Who calls the operation: a role through its gate, in-scope first; the portal's resident; anyone. */
export function caller(key: string, entry: Entry): Role | 'public' | 'resident' {
  const { access } = entry;
  if (access === 'public' || access === 'undeclared') return 'public';
  if (access === 'resident') return 'resident';
  const passes = (role: Role) => access === 'authenticated' || access.some((p) => ROLE_PERMISSIONS[role].includes(p));
  const inStatus = (role: Role) =>
    entry.in === undefined ? 200 : typeof entry.in === 'number' ? entry.in : (entry.in[role] ?? entry.in.other ?? 200);
  const order = [...PREFERRED, ...ROLES.filter((r) => !PREFERRED.includes(r))];
  const role = order.find((r) => passes(r) && inStatus(r) < 300) ?? order.find(passes);
  if (!role) throw new Error(`fuzz: no role passes the gate of ${key}`);
  return role;
}

async function targetOf(
  fx: Awaited<ReturnType<typeof loadFixtures>>,
  key: string,
  op: Operation,
  entry: Entry,
): Promise<Target> {
  const template = key.slice(key.indexOf(' ') + 1);
  const sample = await sampleCall(fx, key, op);
  const [path, search = ''] = sample.url.split('?') as [string, string | undefined];
  const pathParams: Record<string, string> = {};
  const segments = path.split('/');
  template.split('/').forEach((seg, i) => {
    const name = /^\{(.+)\}$/.exec(seg)?.[1];
    if (name) pathParams[name] = segments[i]!;
  });
  const bodySchema = op.requestBody?.content['application/json']?.schema as Schema | undefined;
  return {
    method: key.slice(0, key.indexOf(' ')),
    template,
    pathParams,
    search,
    query: (op.parameters ?? [])
      .filter((p) => p.in === 'query')
      .map((p) => ({ name: p.name, ...(p.schema ? { schema: p.schema as Schema } : {}) })),
    ...(bodySchema ? { bodySchema, body: sample.body } : {}),
    ...(entry.upload ? { upload: entry.upload } : {}),
    ...(/\/export/.test(template) ? { costly: true } : {}),
  };
}

/**
 * A resident signed in to the portal with the code her phone received: the demo's 王女士 (驷马社区) unless another
 * phone is given (any other number signs up a new resident).
 */
export async function resident(t: TestPlatform, address: string, phone = '13800000001'): Promise<Client> {
  const c = t.anonymous(address);
  const code = await c.post('/api/v1/portal/auth/code', { phone });
  if (code.status !== 200) throw new Error(`fuzz: portal code: ${code.status}`);
  const sms = /验证码是 (\d{6})/.exec(t.smsTo(phone) ?? '')?.[1];
  const login = await c.post('/api/v1/portal/auth/login', { phone, code: sms });
  if (login.status !== 200) throw new Error(`fuzz: portal sign-in: ${login.status}`);
  return c;
}

/** The operation's own seed: its cases do not depend on which other operations run. */
function opSeed(seed: number, key: string): number {
  let h = 2166136261 ^ seed;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return h | 0;
}

function describeRequest(method: string, c: FuzzCase): string {
  const payload = Buffer.isBuffer(c.payload) ? `<${c.payload.length} bytes>` : (c.payload ?? '');
  return `${method} ${c.url.slice(0, 200)} [${c.contentType ?? 'no body'}] ${payload.slice(0, 200)}`;
}

/** Lets an accepted call's after-work start, then waits for the SMS channel to record what it sent. */
const settle = async (t: TestPlatform) => {
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setTimeout(r, 5));
  await t.platform.sms.flush();
};

/** The next transaction id PostgreSQL will hand out. */
async function nextXid(t: TestPlatform): Promise<string> {
  const [row] = await t.sql<{ x: string }>('select pg_snapshot_xmax(pg_current_snapshot())::text as x');
  return row!.x;
}

/**
 * How many transactions given an id from `x0` (up to `x1`, else up to now) committed — a write always takes an id,
 * and a rolled-back one does not count — and the next id.
 */
async function committedSince(t: TestPlatform, x0: string, x1?: string): Promise<{ committed: number; next: string }> {
  const [row] = await t.sql<{ n: number; next: string }>(
    `select count(g.x)::int as n, max(upto)::text as next
     from (select coalesce($2::bigint, pg_snapshot_xmax(pg_current_snapshot())::text::bigint) as upto) u
     left join lateral generate_series($1::bigint, u.upto - 1) g(x) on pg_xact_status(g.x::text::xid8) = 'committed'
     group by u.upto`,
    [x0, x1 ?? null],
  );
  return { committed: Number(row!.n), next: row!.next };
}

/** A function giving every table's row count and sum of xmin (all of them in one statement). */
export async function tableDigest(t: TestPlatform): Promise<() => Promise<Record<string, string>>> {
  const tables = await t.sql<{ name: string }>(
    `select table_name as name from information_schema.tables
     where table_schema = 'public' and table_type = 'BASE TABLE' and not (table_name = any($1)) order by 1`,
    [MAY_CHANGE],
  );
  const statement = tables
    .map(
      ({ name }) =>
        `select '${name}' as name, count(*)::text || ':' || coalesce(sum(xmin::text::bigint), 0)::text as d from "${name}"`,
    )
    .join(' union all ');
  return async () =>
    Object.fromEntries((await t.sql<{ name: string; d: string }>(statement)).map((r) => [r.name, r.d]));
}

/** The report in a few lines: the figures, then each finding with what reproduces it. */
export function describeReport(r: FuzzReport): string {
  const kinds = Object.entries(r.byKind)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  const answers = Object.entries(r.answers)
    .sort()
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  return [
    `fuzz: seed ${r.seed} (JINGUO_FUZZ_SEED=${r.seed} JINGUO_FUZZ_RUNS=${r.runs} reproduce this run), ${r.cases} cases over ${r.operations} operations in ${r.seconds} s (${r.cpuSeconds} s of this process's CPU)`,
    `  answers: ${answers}; refused ${r.refused}, of which ${r.refusedCompared} committed something and were compared table by table, ${r.refusedThatWrote} wrote`,
    `  cases: ${kinds}`,
    `  slowest: ${r.slowest.map((c) => `${c.operation} (${c.note}) ${c.ms} ms`).join('; ')}`,
    ...r.findings.map(
      (f) => `  ${f.operation} [${f.kind}] ${f.note}: ${f.problem}\n    ${f.request}\n    → ${f.status} ${f.answer}`,
    ),
  ].join('\n');
}
