import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { PersonSearchQuery } from '@jinguo/contracts';
import { queryRows } from '../../platform/db/client.js';
import { withRowSecurityLifted, type Scoped } from '../../platform/scope.js';
import { personVisible, withinPath, type PersonScope } from './people.repository.js';
import { persons } from './people.tables.js';

/* Search: the registry's list and search statements (decision 0009: index-only candidates, then rows). */
/** What a search matches: every condition of `where`, and — when given — at least one of the branches of `anyOf`. */
export interface SearchWhere {
  where: SQL[];
  /**
   * Alternatives (a short letter query is initials or the beginning of the pinyin), each found its own way and united:
   * `selective` branches start from a search index and sort their few matches, the others walk the name order.
   */
  anyOf?: { where: SQL; selective: boolean }[];
}
export interface SearchPlan extends SearchWhere {
  order: 'name' | 'birthDate' | 'createdAt';
  desc: boolean;
  after: { k: string; id: number } | null;
  limit: number;
}

/**
 * Sort keys as the indexes store them (migration 0020): the name's pinyin, the birth date with unknown ones last, the
 * registration time. `text` is the key as the cursor carries it; `fromCursor` turns it back into the key's type.
 */
const BIRTH = sql`coalesce(${persons.birthDate}, '9999-12-31'::date)`;
const sortKey = {
  name: { key: sql`${persons.namePinyin}`, text: sql`${persons.namePinyin}`, fromCursor: (k: string) => sql`${k}` },
  birthDate: { key: BIRTH, text: sql`${BIRTH}::text`, fromCursor: (k: string) => sql`${k}::date` },
  createdAt: {
    key: sql`${persons.createdAt}`,
    text: sql`to_char(${persons.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`,
    fromCursor: (k: string) => sql`(${k}::timestamp at time zone 'UTC')`,
  },
};

/**
 * The search's first phase as one statement: ordered candidate ids (and their sort keys) by the app's predicates. With
 * a text query the sort key is written so it cannot use the name index in order: the planner then starts from the
 * selective search index and sorts the few matches. Run with row-level security lifted (searchPersons); exported so
 * the benchmark's raw SQL twin runs the very same text.
 */
export function searchCandidatesStatement(s: PersonScope, plan: SearchPlan & { selective?: boolean }): SQL {
  const sort = sortKey[plan.order];
  const direction = sql.raw(plan.desc ? 'desc' : 'asc');
  // `status = 'active'` as a literal: the covering indexes are partial on it (migration 0020)
  const branch = (extra: SQL | null, selective: boolean) => {
    const key = selective && plan.order === 'name' ? sql`(${persons.namePinyin} || '')` : sort.key;
    const conds = [personVisible(s), sql`${persons.status} = 'active'`, ...plan.where, ...(extra ? [extra] : [])];
    if (plan.after) {
      const k = sort.fromCursor(plan.after.k);
      conds.push(
        plan.desc
          ? sql`(${key}, ${persons.id}) < (${k}, ${plan.after.id})`
          : sql`(${key}, ${persons.id}) > (${k}, ${plan.after.id})`,
      );
    }
    return sql`select ${persons.id} as id, ${key} as sk, ${sort.text} as k from ${persons} where ${and(...conds)} order by ${key} ${direction}, ${persons.id} ${direction} limit ${plan.limit + 1}`;
  };
  if (!plan.anyOf?.length) return branch(null, !!plan.selective);
  // the first page of each branch, united: the first page of the union
  const branches = sql.join(
    plan.anyOf.map((b) => sql`(${branch(b.where, b.selective)})`),
    sql` union `,
  );
  return sql`select c.id, c.sk, c.k from (${branches}) c order by c.sk ${direction}, c.id ${direction} limit ${plan.limit + 1}`;
}

/**
 * The second phase's predicate: the candidates read back under row-level security (anything outside the scope drops).
 */
export function personsByIdsCondition(s: PersonScope, ids: number[]): SQL {
  return and(inArray(persons.id, ids), personVisible(s))!;
}

/**
 * Two phases: ordered candidate ids by the app's predicates with RLS lifted (so prefix and trigram indexes work), then
 * the rows read back under RLS.
 */
/**
 * The first phase is a short index walk: no parallel workers (their start-up alone was 70–80 ms on the shared 2-core
 * machine, for a scan of a few milliseconds) and no JIT compilation (~40 ms) for the rare plan whose estimate is large.
 */
export const CANDIDATE_SETTINGS = sql`select set_config('max_parallel_workers_per_gather', '0', true), set_config('jit', 'off', true)`;

/**
 * In one message with the candidates statement run as a prepared statement (docs/decisions/0017): planned for the
 * query's own values every time. A generic plan cannot see how common a name fragment is and walked the wrong index:
 * a city-wide two-character search at 2,000,000 persons went from 8 to 3 req/s. Reset after it, so the page that
 * follows keeps its reused plan.
 */
export const CANDIDATE_PLAN = sql`select set_config('plan_cache_mode', 'force_custom_plan', true)`;
export const CANDIDATE_PLAN_RESET = sql`select set_config('plan_cache_mode', 'auto', true)`;

/**
 * Whether a text query's candidates are planned for its values (CANDIDATE_PLAN). A name fragment of two characters or
 * more is not: its branches walk the ordered bigram indexes whatever the fragment (drizzle/0048), and planning the
 * four-branch statement each time cost 5–9 ms against 0.3 ms to run it at 2,000,000 persons; the reused plan is the
 * same walk for every fragment (the scope's shape — city, district, deeper — is in the statement's text).
 */
export function plannedForValues(text: string | undefined): boolean {
  if (!text) return false;
  return Object.keys(searchLookups(text, () => '')).length > 0 || /^[a-zA-Z]+$/.test(text) || [...text].length < 2;
}

export async function searchPersons(s: Scoped, plan: SearchPlan & { selective?: boolean }) {
  const candidates = await withRowSecurityLifted(s, async () => {
    await s.tx.execute(CANDIDATE_SETTINGS);
    return queryRows<{ id: number; k: string }>(s.tx, searchCandidatesStatement(s, plan));
  });
  if (!candidates.length) return [];
  const rows = await s.tx
    .select()
    .from(persons)
    .where(
      personsByIdsCondition(
        s,
        candidates.map((c) => Number(c.id)),
      ),
    );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return candidates.flatMap((c) => (byId.has(Number(c.id)) ? [{ p: byId.get(Number(c.id))!, k: String(c.k) }] : []));
}

/** Which lookup a text query is: an ID number or a mobile number is looked up by its keyed hash. */
export function searchLookups(
  text: string,
  lookupHash: (value: string) => string,
): { idHash?: string; phoneHash?: string } {
  return /^\d{17}[\dXx]$/.test(text)
    ? { idHash: lookupHash(text) }
    : /^1\d{10}$/.test(text)
      ? { phoneHash: lookupHash(text) }
      : {};
}

/**
 * A text query other than a full-pinyin prefix narrows by a search index (the candidates are sorted, not walked in
 * order).
 */
export const selectiveQuery = (text: string | undefined) => !!text && !/^[a-zA-Z]{5,}$/.test(text);

/**
 * Where a name fragment's candidates are, each branch in (name_pinyin, id) order (drizzle/0048, docs/decisions/0020).
 * A name of at most four characters that holds the fragment holds its last bigram at character `L - 1` to 3 (L the
 * fragment's length): one ordered B-tree per position, each walked until a page has passed the LIKE. Longer names
 * (five characters or more) are few: a GIN of their bigrams finds them and their matches are sorted. The length
 * conditions are written as literals so the partial indexes qualify.
 */
export function nameFragmentBranches(text: string): NonNullable<SearchWhere['anyOf']> {
  const chars = [...text];
  const gram = chars.slice(-2).join('');
  const positions = [
    sql`substr(${persons.name}, 1, 2) = ${gram}`,
    sql`(char_length(${persons.name}) >= 3 and substr(${persons.name}, 2, 2) = ${gram})`,
    sql`(char_length(${persons.name}) >= 4 and substr(${persons.name}, 3, 2) = ${gram})`,
  ];
  return [
    ...positions.slice(Math.max(0, chars.length - 2)).map((where) => ({ where, selective: false })),
    {
      where: sql`(char_length(${persons.name}) >= 5 and jinguo_bigrams(${persons.name}) @> jinguo_bigrams(${text}))`,
      selective: true,
    },
  ];
}

/** The conditions of a search; `orgPath` narrows it to an org's subtree (the query's `orgId`). */
export function queryConditions(
  q: PersonSearchQuery,
  lookups: { idHash?: string; phoneHash?: string },
  orgPath: string | null,
  today: string,
): SearchWhere {
  const where: SQL[] = [];
  let anyOf: SearchWhere['anyOf'];
  if (orgPath) where.push(withinPath(orgPath));
  if (q.q) {
    const text = q.q;
    if (lookups.idHash) where.push(eq(persons.idNumberHash, lookups.idHash));
    else if (lookups.phoneHash) where.push(eq(persons.phoneHash, lookups.phoneHash));
    else if (/^[a-zA-Z]+$/.test(text)) {
      const prefix = `${text.toLowerCase()}%`;
      // Names have 2–4 characters, so initials have at most 4 letters: a longer query is full pinyin, whose prefix
      // range on the (name_pinyin, id) index is already in result order.
      // The range form lets the default-collation btree serve the prefix (LIKE alone needs a C collation).
      const lower = text.toLowerCase();
      const upper = lower.slice(0, -1) + String.fromCharCode(lower.charCodeAt(lower.length - 1) + 1);
      const pinyinPrefix = sql`(${persons.namePinyin} >= ${lower} and ${persons.namePinyin} < ${upper} and ${persons.namePinyin} like ${prefix})`;
      if (text.length > 4) where.push(pinyinPrefix);
      else
        anyOf = [
          { where: sql`${persons.nameInitials} like ${prefix}`, selective: true },
          { where: pinyinPrefix, selective: false },
        ];
    } else {
      const like = sql`${persons.name} like ${`%${text.replace(/[%_\\]/g, '\\$&')}%`}`;
      where.push(like);
      // LIKE keeps the exact substring meaning; the branches find its candidates in result order (drizzle/0048)
      if ([...text].length >= 2) anyOf = nameFragmentBranches(text);
    }
  }
  const tags = q.tag === undefined ? [] : Array.isArray(q.tag) ? q.tag : [q.tag];
  for (const tag of tags)
    where.push(
      sql`exists (select 1 from person_tags t where t.person_id = ${persons.id} and t.tag = ${tag} and t.removed_at is null)`,
    );
  // on the column itself (its statistics estimate the range well), read from the covering name-order indexes
  if (q.ageMin !== undefined)
    where.push(sql`${persons.birthDate} <= (${today}::date - make_interval(years => ${q.ageMin}))::date`);
  if (q.ageMax !== undefined)
    where.push(sql`${persons.birthDate} > (${today}::date - make_interval(years => ${q.ageMax + 1}))::date`);
  if (q.gender) where.push(eq(persons.gender, q.gender));
  return anyOf ? { where, anyOf } : { where };
}
