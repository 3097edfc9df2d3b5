import { request } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PgDialect } from 'drizzle-orm/pg-core';
import { from as copyFrom } from 'pg-copy-streams';
import { checkCharacter, IMPORT_COLUMNS, PersonSearchQuery, type ImportColumnKey } from '@jinguo/contracts';
import { DEMO_PASSWORD } from '../../apps/server/src/demo/chongqing.js';
import { createFieldCrypto, loadDataKey, type FieldCrypto } from '../../apps/server/src/platform/crypto.js';
import { openDatabase, type DbHandle } from '../../apps/server/src/platform/db/client.js';
import { EXPORT_PAGE } from '../../apps/server/src/modules/people/index.js';
import {
  CANDIDATE_SETTINGS,
  personsByIdsCondition,
  queryConditions,
  searchCandidatesStatement,
  searchLookups,
  selectiveQuery,
} from '../../apps/server/src/modules/people/people.search.repository.js';
import { GIVEN_BY_DECADE, rng, SURNAME_WEIGHTS, weighted } from '../../apps/server/src/seed/distributions.js';
import { signIn, startServer, type RunningServer } from '../lib/server.js';
import { round, summarize, type Summary, latencyFields } from '../lib/stats.js';
import type { Query, RawClient } from '../lib/targets.js';
import { nowMs } from '../lib/timing.js';
import { goalMet, type BenchContext, type Benchmark, type Figure, type Goal } from '../lib/types.js';

/*
 * The people registry at city scale (issue 3 item 11): search by every query shape at town, district and city scope,
 * the import of a large CSV through the real path (upload → check → background job), and the streamed .xlsx export
 * of a district. Each against raw SQL on the same data: the search's own statements (rendered from the repository's
 * builders, so they cannot drift), COPY of the same CSV, the export's select read through a cursor.
 */

/** The demo's city cadre: home org 重庆市妇联, so she may act as any org of the city (X-Acting-Org). */
const USER = 'city.cadre';
/** The district the import goes into and the export reads: 开州区, the demo's district. */
const DISTRICT_CODE = '500154';
const SEARCH_GOAL: Goal = {
  metric: 'p95',
  op: '<=',
  value: 50,
  unit: 'ms',
  source: 'issue 3 item 11 / PRODUCT §4: scoped person search p95 ≤ 50 ms at 2,000,000 persons',
};
const IMPORT_GOAL: Goal = {
  metric: 'value',
  op: '>=',
  value: 20_000,
  unit: 'rows/s',
  source: 'issue 3 item 11: import of a 1,000,000-row CSV ≥ 20,000 rows/s end to end',
};
const LEVEL = ['city', 'district', 'town'];
const TAGS = ['volunteer', 'low_income', 'left_behind_woman', 'difficult_woman'];

const dialect = new PgDialect();
const fig = (s: Summary) => ({ p50: round(s.p50), p95: round(s.p95), p99: round(s.p99), n: s.n });
const chinaToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

interface OrgRef {
  id: number;
  path: string;
  depth: number;
  districtId: number | null;
  code: string;
}
const toRef = (r: Record<string, unknown>): OrgRef => ({
  id: Number(r.id),
  path: String(r.path),
  depth: Number(r.depth),
  districtId: r.district_id === null ? null : Number(r.district_id),
  code: String(r.code),
});

/** The field crypto of the server on this target (the same key: the phone and ID-number lookups are keyed hashes). */
function targetCrypto(ctx: BenchContext): FieldCrypto {
  const env = ctx.target.serverEnv;
  const key = env.JINGUO_DATA_KEY ?? process.env.JINGUO_DATA_KEY;
  return createFieldCrypto(key ? Buffer.from(key, 'base64') : loadDataKey(env.JINGUO_DATA_DIR ?? ''));
}

async function openHandle(ctx: BenchContext): Promise<DbHandle> {
  const env = ctx.target.serverEnv;
  return openDatabase({
    databaseUrl: env.DATABASE_URL ?? null,
    dataDir: env.DATABASE_URL ? null : (env.JINGUO_DATA_DIR ?? null),
  });
}

async function districtOrg(raw: RawClient): Promise<OrgRef> {
  const [r] = await raw.query(
    `select id, path::text as path, depth, district_id, code from organizations where code = $1`,
    [DISTRICT_CODE],
  );
  if (!r) throw new Error(`the district ${DISTRICT_CODE} is missing: is the Chongqing demo loaded?`);
  return toRef(r);
}

/* ----- search ----- */

type Shape = 'initials' | 'pinyin' | 'fragment' | 'phone' | 'idNumber' | 'tagAge' | 'byBirthDate' | 'byName';
const SHAPES: Shape[] = ['initials', 'pinyin', 'fragment', 'phone', 'idNumber', 'tagAge', 'byBirthDate', 'byName'];
interface SearchCase {
  org: OrgRef;
  shape: Shape;
  query: Record<string, string>;
}

/** Query shapes a cadre types, built from a real person of the scope (her initials, given name, phone, ID number). */
function casesFor(org: OrgRef, person: Record<string, unknown>, crypto: FieldCrypto, i: number): SearchCase[] {
  const name = String(person.name);
  const given = [...name].length >= 3 ? [...name].slice(1).join('') : name;
  const q: Record<Shape, Record<string, string>> = {
    initials: { q: String(person.name_initials) },
    pinyin: { q: String(person.name_pinyin).slice(0, Math.max(5, String(person.name_pinyin).length - 2)) },
    fragment: { q: given },
    phone: { q: crypto.decrypt(String(person.phone_enc)) },
    idNumber: { q: crypto.decrypt(String(person.id_number_enc)) },
    tagAge: { tag: TAGS[i % TAGS.length]!, ageMin: '30', ageMax: '50' },
    byBirthDate: { sort: 'birthDate', order: 'desc' },
    byName: {},
  };
  return SHAPES.map((shape) => ({ org, shape, query: { ...q[shape], limit: '50' } }));
}

/** Orgs and, in each, real persons to build queries from (deterministic: ordered by a hash of the id). */
async function searchCases(raw: RawClient, ctx: BenchContext, crypto: FieldCrypto): Promise<SearchCase[]> {
  const smoke = ctx.settings.smoke;
  const pick = async (types: string, n: number) =>
    (
      await raw.query(
        `select id, path::text as path, depth, district_id, code from organizations where status = 'active' and type in (${types}) order by hashtext(code) limit ${n}`,
      )
    ).map(toRef);
  const plan: [OrgRef[], number][] = [
    [await pick(`'city_federation'`, 1), smoke ? 2 : 12],
    [await pick(`'district_federation', 'functional_zone_federation'`, smoke ? 2 : 16), smoke ? 1 : 2],
    [await pick(`'town_federation'`, smoke ? 2 : 48), 1],
  ];
  const cases: SearchCase[] = [];
  for (const [orgs, perOrg] of plan) {
    for (const org of orgs) {
      const people = await raw.query(
        `select name, name_pinyin, name_initials, phone_enc, id_number_enc from persons
        where org_path <@ $1::ltree and status = 'active' and phone_enc is not null and id_number_enc is not null order by hashtext(id::text) limit ${perOrg}`,
        [org.path],
      );
      people.forEach((p, i) => cases.push(...casesFor(org, p, crypto, cases.length + i)));
    }
  }
  return cases;
}

/** The statements GET /people runs (people.service.ts search + listItems), for the raw SQL twin. */
function searchStatements(c: SearchCase, crypto: FieldCrypto, today: string) {
  const q = PersonSearchQuery.parse(c.query);
  const scope = { scopePath: c.org.path, mobileOrgId: null };
  const where = queryConditions(
    q,
    searchLookups(q.q ?? '', (v) => crypto.lookupHash(v)),
    null,
    today,
  );
  return dialect.sqlToQuery(
    searchCandidatesStatement(scope, {
      ...where,
      order: q.sort,
      desc: q.order === 'desc',
      after: null,
      limit: q.limit,
      selective: selectiveQuery(q.q),
    }),
  );
}

const SCOPE = `select set_config('role', 'jinguo_app', true), set_config('jinguo.scope_path', $1, true)`;

/**
 * One search as raw SQL, in one transaction as the API runs it: the scope (jinguo_app, RLS on), the candidates with
 * row-level security lifted, the rows read back under it, then the page's orgs and current tags.
 */
async function rawSearch(raw: RawClient, c: SearchCase, crypto: FieldCrypto, today: string): Promise<number> {
  const candidates = searchStatements(c, crypto, today);
  return raw.transaction(async (q: Query) => {
    await q(SCOPE, [c.org.path]);
    await q(`select set_config('role', 'none', true)`);
    await q(dialect.sqlToQuery(CANDIDATE_SETTINGS).sql);
    const found = await q(candidates.sql, candidates.params as unknown[]);
    await q(`select set_config('role', 'jinguo_app', true)`);
    if (!found.length) return 0;
    const ids = found.slice(0, 50).map((r) => Number(r.id));
    const back = dialect.sqlToQuery(personsByIdsCondition({ scopePath: c.org.path, mobileOrgId: null }, ids));
    const rows = await q(`select * from persons where ${back.sql}`, back.params as unknown[]);
    await q('select id, code, name, type from organizations where id = any($1::bigint[])', [
      [...new Set(rows.map((r) => Number(r.org_id)))],
    ]);
    await q('select * from person_tags where person_id = any($1::bigint[]) and removed_at is null order by added_at', [
      ids,
    ]);
    return rows.length;
  });
}

async function apiGet(url: string, cookie: string, actingOrg: number): Promise<unknown> {
  const res = await fetch(url, { headers: { cookie, 'x-acting-org': String(actingOrg) } });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url} → ${res.status} ${body.slice(0, 300)}`);
  return JSON.parse(body);
}

type Samples = { all: number[]; byLevel: Map<string, number[]>; byShape: Map<string, number[]> };
async function timeCases(
  cases: SearchCase[],
  rounds: number,
  warm: boolean,
  fn: (c: SearchCase) => Promise<void>,
): Promise<Samples> {
  if (warm) for (const c of cases) await fn(c);
  const out: Samples = { all: [], byLevel: new Map(), byShape: new Map() };
  const add = (m: Map<string, number[]>, k: string, ms: number) => m.set(k, [...(m.get(k) ?? []), ms]);
  for (let r = 0; r < rounds; r++) {
    for (const c of cases) {
      const t = nowMs();
      await fn(c);
      const ms = nowMs() - t;
      out.all.push(ms);
      add(out.byLevel, LEVEL[c.org.depth] ?? `depth ${c.org.depth}`, ms);
      add(out.byShape, `${LEVEL[c.org.depth]}:${c.shape}`, ms);
    }
  }
  return out;
}
const byKey = (m: Map<string, number[]>) => Object.fromEntries([...m].map(([k, v]) => [k, fig(summarize(v))]));

/** GET /people with every query shape at town, district and city scope, vs the same statements in raw SQL. */
export const peopleSearch: Benchmark = {
  name: 'people_search',
  module: 'people',
  description:
    "GET /people (initials, pinyin, name fragment, phone, ID number, tag + age, sorted lists) acting as the city, districts and towns, vs the repository's statements in raw SQL",
  async run(ctx) {
    const crypto = targetCrypto(ctx);
    const today = chinaToday();
    const raw = await ctx.raw();
    const persons = Number((await raw.query(`select count(*)::int as n from persons where status = 'active'`))[0]!.n);
    let cases: SearchCase[];
    try {
      cases = await searchCases(raw, ctx, crypto);
    } catch (err) {
      throw new Error(
        `cannot read the sample persons' phone and ID numbers with this target's data key (${(err as Error).message}): seed the database with the key the server uses (JINGUO_DATA_KEY)`,
      );
    }
    const rounds = ctx.settings.smoke ? 1 : ctx.settings.subtreeRounds;
    ctx.log(
      `people search: ${persons} persons; ${cases.length} queries (${new Set(cases.map((c) => c.org.id)).size} orgs × ${SHAPES.length} shapes) × ${rounds} rounds`,
    );
    const rawT = await timeCases(
      cases,
      rounds,
      !ctx.settings.smoke,
      async (c) => void (await rawSearch(raw, c, crypto, today)),
    );
    await ctx.closeRaw();
    const server = await ctx.server();
    const cookie = await signIn(server.url, USER, DEMO_PASSWORD);
    let empty = 0;
    const api = await timeCases(cases, rounds, !ctx.settings.smoke, async (c) => {
      const page = (await apiGet(`${server.url}/api/v1/people?${new URLSearchParams(c.query)}`, cookie, c.org.id)) as {
        items: unknown[];
      };
      if ((c.shape === 'phone' || c.shape === 'idNumber') && page.items.length === 0) empty++;
    });
    const s = summarize(api.all);
    const r = summarize(rawT.all);
    const f: Figure = {
      name: 'people_search',
      module: 'people',
      target: ctx.target.kind,
      ...latencyFields(s),
      goal: SEARCH_GOAL,
      goalMet: null,
      rawSql: {
        statement:
          'the candidates statement of people.search.repository.ts (searchCandidatesStatement, RLS lifted) + the rows read back under RLS (personsByIdsCondition) + orgs and current tags of the page',
        unit: 'ms',
        ...fig(r),
        note: 'the same statements in one transaction as jinguo_app with the scope set, as the API runs them',
      },
      ratio: round(s.p50 / r.p50),
      ratioNote: 'API p50 ÷ raw SQL p50',
      notes: [
        `signed in as ${USER}, acting as each org (X-Acting-Org); ${persons.toLocaleString('en')} active persons; sequential requests; one warm-up round not counted`,
      ],
      extra: {
        byLevel: byKey(api.byLevel),
        rawSqlByLevel: byKey(rawT.byLevel),
        byShape: byKey(api.byShape),
        rawSqlByShape: byKey(rawT.byShape),
        persons,
        queries: cases.length,
        exactLookupsWithoutResult: empty,
      },
    };
    if (empty)
      f.failed = `${empty} phone or ID-number searches found nobody: the server's data key is not the one the persons were encrypted with`;
    f.goalMet = goalMet(SEARCH_GOAL, f, ctx.settings.smoke);
    return [f];
  },
};

/* ----- export ----- */

/** A GET whose body is read to the end; resolves with the time to the last byte and the byte count. */
async function download(url: string, headers: Record<string, string>): Promise<{ ms: number; bytes: number }> {
  const t = nowMs();
  const res = await fetch(url, { headers });
  if (res.status !== 200) throw new Error(`GET ${url} → ${res.status} ${(await res.text()).slice(0, 300)}`);
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
  return { ms: nowMs() - t, bytes };
}

/** GET /people/export.xlsx of a whole district (streamed), vs its select read through a cursor. */
export const peopleExport: Benchmark = {
  name: 'people_export',
  module: 'people',
  description:
    "GET /people/export.xlsx of a district's whole list (streamed .xlsx) in rows/s, vs the select read through a cursor",
  async run(ctx) {
    const raw = await ctx.raw();
    const district = await districtOrg(raw);
    const rows = Number(
      (
        await raw.query(`select count(*)::int as n from persons where district_id = $1 and status = 'active'`, [
          district.districtId,
        ])
      )[0]!.n,
    );
    // the raw twin: the list's order, read in pages of the export's size through a cursor in one transaction
    const t0 = nowMs();
    let read = 0;
    await raw.transaction(async (q) => {
      await q(
        `declare people_export no scroll cursor for select * from persons where district_id = ${district.districtId} and status = 'active' order by name_pinyin, id`,
      );
      for (;;) {
        const page = await q(`fetch ${EXPORT_PAGE} from people_export`);
        read += page.length;
        if (page.length < EXPORT_PAGE) break;
      }
    });
    const rawMs = nowMs() - t0;
    await ctx.closeRaw();
    const server = await ctx.server();
    const cookie = await signIn(server.url, USER, DEMO_PASSWORD);
    const runs = ctx.settings.smoke ? 1 : 2;
    const times: { ms: number; bytes: number }[] = [];
    for (let i = 0; i < runs; i++)
      times.push(
        await download(`${server.url}/api/v1/people/export.xlsx`, { cookie, 'x-acting-org': String(district.id) }),
      );
    const best = times.reduce((a, b) => (a.ms <= b.ms ? a : b));
    const apiRate = rows / (best.ms / 1000);
    const rawRate = read / (rawMs / 1000);
    const f: Figure = {
      name: 'people_export',
      module: 'people',
      target: ctx.target.kind,
      unit: 'rows/s',
      value: round(apiRate),
      p50: null,
      p95: null,
      p99: null,
      n: runs,
      goal: null,
      goalMet: null,
      rawSql: {
        statement: `declare cursor for select * from persons where district_id = … and status = 'active' order by name_pinyin, id; fetch ${EXPORT_PAGE} … (one transaction)`,
        unit: 'rows/s',
        value: round(rawRate),
        p50: null,
        p95: null,
        p99: null,
        n: read,
      },
      ratio: round(rawRate / apiRate),
      ratioNote: 'raw rows/s ÷ API rows/s',
      notes: [
        `${rows.toLocaleString('en')} persons of district ${DISTRICT_CODE}, masked, acting as the district; best of ${runs} runs, time to the last byte`,
      ],
      extra: {
        rows,
        runs: times.map((t) => ({ seconds: round(t.ms / 1000), megabytes: round(t.bytes / 1048576) })),
        rawSeconds: round(rawMs / 1000),
      },
    };
    return [f];
  },
};

/* ----- import ----- */

const KEY_OF = new Map(IMPORT_COLUMNS.map((c) => [c.key, c]));
const CSV_COLUMNS: ImportColumnKey[] = [
  'name',
  'idNumber',
  'gender',
  'birthDate',
  'phone',
  'ethnicity',
  'education',
  'occupation',
  'householdAddress',
  'residenceAddress',
  'orgCode',
  'tags',
];
const EDUCATION = ['小学', '初中', '初中', '高中', '中专/职高', '大专', '本科'];
const OCCUPATIONS = ['务农', '个体经营', '企业职工', '教师', '医护', '电商', '家政服务', '退休', '无业'];

/**
 * A CSV of `rows` women of the district's villages and communities with valid, unique ID numbers: the area code of
 * the village, birth dates spread over 1940–(today − 18 y) and sequence numbers from 800 up (even: women), above the
 * generator's (600…) and the demo's (100–580), so none is registered before the import.
 */
async function generateCsv(
  raw: RawClient,
  district: OrgRef,
  rows: number,
): Promise<{ csv: Buffer; idNumbers: string[]; villages: number }> {
  const villages = await raw.query(
    `select code, name, division_code from organizations where type in ('village_federation', 'community_federation') and status = 'active'
    and path <@ $1::ltree and division_code is not null order by code`,
    [district.path],
  );
  if (!villages.length) throw new Error(`district ${DISTRICT_CODE} has no villages`);
  const tagNames = (
    await raw.query(
      `select name_zh from tag_definitions where code in ('volunteer', 'low_income', 'left_behind_woman', 'difficult_woman') order by code`,
    )
  ).map((t) => String(t.name_zh));
  const r = rng(11);
  const pickSurname = weighted(
    SURNAME_WEIGHTS.map((s) => s[0]),
    SURNAME_WEIGHTS.map((s) => s[1]),
  );
  const first = Date.UTC(1940, 0, 1);
  const lastYear = Number(chinaToday().slice(0, 4)) - 18;
  const days = Math.floor((Date.UTC(lastYear, 0, 1) - first) / 86_400_000); // not a multiple of 7919
  const lines = [CSV_COLUMNS.map((k) => KEY_OF.get(k)!.zh).join(',')];
  const idNumbers: string[] = [];
  for (let i = 0; i < rows; i++) {
    const v = villages[r.int(villages.length)]!;
    const birth = new Date(first + ((i * 7919) % days) * 86_400_000).toISOString().slice(0, 10);
    const seq = 800 + 2 * Math.floor(i / days);
    const first17 = `${String(v.division_code).slice(0, 6)}${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
    const idNumber = first17 + checkCharacter(first17);
    idNumbers.push(idNumber);
    const decade = String(Math.min(2020, Math.max(1940, Math.floor(Number(birth.slice(0, 4)) / 10) * 10)));
    const address = `${String(v.name).replace(/妇联$/, '')}${1 + r.int(300)}号`;
    const cells: Record<string, string> = {
      name: pickSurname(r.next()) + r.pick(GIVEN_BY_DECADE[decade]!),
      idNumber,
      gender: '女',
      birthDate: birth,
      phone: r.chance(0.85)
        ? `1${r.pick(['38', '39', '58', '59', '77', '86', '87', '89'])}${String(r.int(1e8)).padStart(8, '0')}`
        : '',
      ethnicity: r.chance(0.92) ? '汉族' : r.pick(['土家族', '苗族']),
      education: r.pick(EDUCATION),
      occupation: r.pick(OCCUPATIONS),
      householdAddress: address,
      residenceAddress: r.chance(0.8) ? address : `${String(v.name).replace(/妇联$/, '')}${1 + r.int(300)}号`,
      orgCode: String(v.code),
      tags: r.chance(0.08) ? r.pick(tagNames) : '',
    };
    lines.push(CSV_COLUMNS.map((k) => cells[k] ?? '').join(','));
  }
  return { csv: Buffer.from(lines.join('\n') + '\n'), idNumbers, villages: villages.length };
}

/** A request with no client-side timeouts (checking a million rows takes minutes before the response starts). */
function send(
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: Buffer,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Deletes the persons (and their tags) holding these ID numbers: what an earlier, interrupted run left behind. */
async function deletePersonsByIdNumbers(raw: RawClient, crypto: FieldCrypto, idNumbers: string[]): Promise<number> {
  let deleted = 0;
  for (let i = 0; i < idNumbers.length; i += 20_000) {
    const hashes = idNumbers.slice(i, i + 20_000).map((n) => crypto.lookupHash(n));
    const gone = await raw.query(
      `with p as (delete from persons where id_number_hash = any($1::text[]) returning id), t as (delete from person_tags where person_id in (select id from p))
      select count(*)::int as n from p`,
      [hashes],
    );
    deleted += Number(gone[0]!.n);
  }
  return deleted;
}

/** COPY of the CSV itself into a scratch table shaped like it (the database's fastest way in, nothing checked). */
async function copyCsv(handle: DbHandle, csv: Buffer): Promise<number> {
  const columns = CSV_COLUMNS.map((k) => `${k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)} text`).join(', ');
  const names = CSV_COLUMNS.map((k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)).join(', ');
  const copy = `COPY people_import_scratch (${names}) FROM STDIN WITH (FORMAT csv, HEADER true)`;
  if (handle.pool) {
    const client = await handle.pool.connect();
    try {
      await client.query(`create temp table people_import_scratch (${columns})`);
      const t0 = nowMs();
      await pipeline(Readable.from([csv]), client.query(copyFrom(copy)));
      const ms = nowMs() - t0;
      await client.query('drop table people_import_scratch');
      return ms;
    } finally {
      client.release();
    }
  }
  await handle.pglite!.exec(`create temp table people_import_scratch (${columns})`);
  const t0 = nowMs();
  await handle.pglite!.query(copy.replace('FROM STDIN', `FROM '/dev/blob'`), [], {
    blob: new Blob([new Uint8Array(csv)]),
  });
  const ms = nowMs() - t0;
  await handle.pglite!.exec('drop table people_import_scratch');
  return ms;
}

/** The person columns an import writes (people.import.records.repository.ts SET_COLUMNS). */
const FLOOR_COLUMNS =
  'org_id, org_path, district_id, name, name_pinyin, name_initials, gender, birth_date, id_number_enc, id_number_hash, id_number_masked, phone_enc, phone_hash, phone_masked, household_address_enc, residence_address_enc, ethnicity, education, occupation, school, care_situation';

/**
 * The database's own floor for an import: up to `n` of the rows just imported, already checked, encrypted and hashed,
 * inserted again into persons — with every index it has — by one INSERT … SELECT from a temp table inside the
 * server (no client, no parsing, no RLS), under fresh ID-number and phone hashes; rolled back. No import through any
 * path can put rows into persons faster than this. PostgreSQL only (PGlite: null).
 */
async function databaseFloor(
  handle: DbHandle,
  watermark: number,
  n: number,
): Promise<{ rows: number; ms: number } | null> {
  if (!handle.pool) return null;
  const client = await handle.pool.connect();
  try {
    await client.query('begin');
    await client.query(
      `create temp table import_floor_rows on commit drop as select ${FLOOR_COLUMNS} from persons where id > $1 order by id limit $2`,
      [watermark, n],
    );
    await client.query(
      `update import_floor_rows set id_number_hash = md5('floor' || id_number_hash) || md5(id_number_hash), phone_hash = md5('floor' || coalesce(phone_hash, random()::text))`,
    );
    const rows = Number((await client.query('select count(*)::int as n from import_floor_rows')).rows[0].n);
    const t0 = nowMs();
    await client.query(`insert into persons (${FLOOR_COLUMNS}) select ${FLOOR_COLUMNS} from import_floor_rows`);
    const ms = nowMs() - t0;
    return { rows, ms };
  } finally {
    await client.query('rollback').catch(() => undefined);
    client.release();
  }
}

interface ImportView {
  id: number;
  status: string;
  counts: Record<string, number>;
  result: Record<string, number>;
  createdAt: string;
  queuedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  error: unknown;
}

/**
 * A generated CSV of 1,000,000 women (smoke: 2,000) imported into a district through the real path: upload (every row
 * checked, the preview), commit, the background job. The persons are deleted again afterwards, so reruns see the same
 * database; the import's audit events stay (the trail is append-only).
 */
export const peopleImport: Benchmark = {
  name: 'people_import',
  module: 'people',
  description:
    "a generated 1,000,000-row CSV through POST /people/imports (check), commit and the import job, in rows/s end to end and per phase, vs the database's floor (the same rows inserted again into persons with its indexes)",
  async run(ctx) {
    const rows = ctx.settings.smoke ? 2_000 : ctx.target.kind === 'pglite' ? 100_000 : 1_000_000;
    const crypto = targetCrypto(ctx);
    const raw = await ctx.raw();
    const district = await districtOrg(raw);
    const g0 = nowMs();
    const { csv, idNumbers, villages } = await generateCsv(raw, district, rows);
    ctx.log(
      `people import: ${rows} rows over ${villages} villages of ${DISTRICT_CODE}, ${(csv.length / 1048576).toFixed(1)} MB generated in ${((nowMs() - g0) / 1000).toFixed(1)} s`,
    );
    const leftovers = await deletePersonsByIdNumbers(raw, crypto, idNumbers.slice(0, 2_000));
    if (leftovers)
      ctx.log(
        `people import: removed ${leftovers + (await deletePersonsByIdNumbers(raw, crypto, idNumbers.slice(2_000)))} persons left by an interrupted run`,
      );
    const watermark = Number((await raw.query(`select coalesce(max(id), 0) as id from persons`))[0]!.id);
    await ctx.closeRaw();

    // the raw twin first (the server is not running meanwhile)
    await ctx.stopServer();
    const handle = await openHandle(ctx);
    let copyMs: number;
    try {
      copyMs = await copyCsv(handle, csv);
    } finally {
      await handle.close();
    }

    // a server of its own: the upload limit must admit the file
    const server: RunningServer = await startServer({
      ...ctx.target.serverEnv,
      JINGUO_IMPORT_MAX_MB: String(Math.ceil(csv.length / 1048576) + 16),
    });
    let view: ImportView;
    let checkMs: number;
    let totalMs: number;
    let committedMs: number;
    try {
      const cookie = await signIn(server.url, USER, DEMO_PASSWORD);
      const csrf = /jinguo_csrf=([^;]+)/.exec(cookie)?.[1] ?? '';
      const headers = { cookie, 'x-csrf-token': csrf, 'x-acting-org': String(district.id) };
      const t0 = nowMs();
      const up = await send(
        'POST',
        `${server.url}/api/v1/people/imports?filename=people-bench-${rows}.csv`,
        { ...headers, 'content-type': 'text/csv' },
        csv,
      );
      checkMs = nowMs() - t0;
      if (up.status !== 201) throw new Error(`upload → ${up.status} ${up.body.slice(0, 500)}`);
      const preview = JSON.parse(up.body) as ImportView;
      if (preview.counts.new !== rows)
        throw new Error(`the preview should find ${rows} new persons: ${JSON.stringify(preview.counts)}`);
      const c0 = nowMs();
      const commit = await send('POST', `${server.url}/api/v1/people/imports/${preview.id}/commit`, headers);
      if (commit.status !== 200) throw new Error(`commit → ${commit.status} ${commit.body.slice(0, 500)}`);
      committedMs = nowMs() - c0;
      for (;;) {
        const got = await send('GET', `${server.url}/api/v1/people/imports/${preview.id}`, headers);
        view = JSON.parse(got.body) as ImportView;
        if (view.status === 'done' || view.status === 'failed') break;
        await new Promise((r) => setTimeout(r, ctx.settings.smoke ? 50 : 250));
      }
      totalMs = nowMs() - t0;
    } finally {
      await server.stop();
    }

    // the database's floor, on the rows just imported (before they are deleted again)
    const floorHandle = await openHandle(ctx);
    let floor: { rows: number; ms: number } | null;
    try {
      floor =
        view.status === 'done' ? await databaseFloor(floorHandle, watermark, ctx.settings.smoke ? 500 : 50_000) : null;
    } finally {
      await floorHandle.close();
    }

    // clean up: the imported persons, their tags and the import's own rows
    const cleanRaw = await ctx.raw();
    const c0 = nowMs();
    const deleted = Number(
      (
        await cleanRaw.query(
          `with p as (delete from persons where id > $1 returning id), t as (delete from person_tags where person_id > $1) select count(*)::int as n from p`,
          [watermark],
        )
      )[0]!.n,
    );
    await cleanRaw.query(`delete from person_import_rows where import_id = $1`, [view.id]);
    await cleanRaw.query(`delete from person_import_chunks where import_id = $1`, [view.id]);
    await cleanRaw.query(`delete from person_imports where id = $1`, [view.id]);
    if (!ctx.settings.smoke) await cleanRaw.query(`vacuum analyze persons, person_tags`);
    ctx.log(`people import: ${deleted} imported persons deleted again in ${((nowMs() - c0) / 1000).toFixed(1)} s`);
    await ctx.closeRaw();

    const seconds = (iso: string | null, from: string | null) =>
      iso && from ? (Date.parse(iso) - Date.parse(from)) / 1000 : null;
    const jobSeconds = seconds(view.finishedAt, view.startedAt);
    const rate = (s: number | null) => (s ? round(rows / s) : null);
    const endToEnd = rows / (totalMs / 1000);
    const copyRate = rows / (copyMs / 1000);
    const f: Figure = {
      name: 'people_import',
      module: 'people',
      target: ctx.target.kind,
      unit: 'rows/s',
      value: round(endToEnd),
      p50: null,
      p95: null,
      p99: null,
      n: rows,
      goal: IMPORT_GOAL,
      goalMet: null,
      rawSql: floor
        ? {
            statement:
              "the database's floor: the imported rows (checked, encrypted, hashed) inserted again into persons with all its indexes, one INSERT … SELECT from a temp table, rolled back",
            unit: 'rows/s',
            value: round(floor.rows / (floor.ms / 1000)),
            p50: null,
            p95: null,
            p99: null,
            n: floor.rows,
          }
        : {
            statement:
              'COPY of the same CSV into a scratch table of text columns (FORMAT csv): nothing checked, encrypted or indexed',
            unit: 'rows/s',
            value: round(copyRate),
            p50: null,
            p95: null,
            p99: null,
            n: rows,
          },
      ratio: floor ? round(floor.rows / (floor.ms / 1000) / endToEnd) : round(copyRate / endToEnd),
      ratioNote: 'raw rows/s ÷ API rows/s',
      notes: [
        `end to end: upload start → the import job done (${round(totalMs / 1000)} s), signed in as ${USER} acting as district ${DISTRICT_CODE}; the imported persons are deleted afterwards`,
      ],
      extra: {
        status: view.status,
        result: view.result,
        error: view.error,
        phases: {
          uploadAndCheck: { seconds: round(checkMs / 1000), rowsPerSecond: rate(checkMs / 1000) },
          commitRequest: { seconds: round(committedMs / 1000) },
          queueWait: { seconds: seconds(view.startedAt, view.queuedAt) },
          importJob: { seconds: jobSeconds === null ? null : round(jobSeconds), rowsPerSecond: rate(jobSeconds) },
        },
        csvMegabytes: round(csv.length / 1048576),
        copySeconds: round(copyMs / 1000),
        copyToScratch: {
          statement: 'COPY of the same CSV into a scratch table of text columns: nothing checked, encrypted or indexed',
          rowsPerSecond: round(copyRate),
        },
        databaseFloor: floor
          ? { rows: floor.rows, seconds: round(floor.ms / 1000), rowsPerSecond: round(floor.rows / (floor.ms / 1000)) }
          : null,
      },
    };
    if (view.status !== 'done') f.failed = `the import ended ${view.status}: ${JSON.stringify(view.error)}`;
    else if (view.result.inserted !== rows) f.failed = `the import inserted ${view.result.inserted} of ${rows} rows`;
    f.goalMet = goalMet(IMPORT_GOAL, f, ctx.settings.smoke);
    return [f];
  },
};
