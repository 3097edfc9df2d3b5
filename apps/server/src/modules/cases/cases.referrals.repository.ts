import { and, between, desc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows } from '../../platform/db/client.js';
import { inSubtree, withRowSecurityLifted, type Scoped } from '../../platform/scope.js';
import type { AgencyRow, ReferralRow } from './cases.repository.js';
import { agencyUsers, caseReferrals, cases, mediators, partnerAgencies } from './cases.tables.js';

/* The SQL of the partner agency's side (联动单位) and of the agency and mediator rosters. */

export type ReferralPatch = Partial<typeof caseReferrals.$inferInsert>;

/** The agency a user acts for, or null. */
export async function agencyOfUser(s: Scoped, userId: number): Promise<AgencyRow | null> {
  const [link] = await s.tx
    .select({ agency: partnerAgencies })
    .from(agencyUsers)
    .innerJoin(partnerAgencies, eq(partnerAgencies.id, agencyUsers.agencyId))
    .where(eq(agencyUsers.userId, userId));
  return link?.agency ?? null;
}

/** A referral sent to the agency, or null. */
export async function findAgencyReferral(s: Scoped, agencyId: number, referralId: number): Promise<ReferralRow | null> {
  const [r] = await s.tx
    .select()
    .from(caseReferrals)
    .where(and(eq(caseReferrals.id, referralId), eq(caseReferrals.agencyId, agencyId)));
  return r ?? null;
}

/** The priorities (case_referrals.inbox_priority) a status can have: a status filter narrows the index range too. */
const PRIORITIES: Record<string, [number, number]> = { sent: [3, 4], accepted: [1, 2] };

export type InboxRow = ReferralRow & { caseNo: string; caseType: string; sentKey: string };
export interface InboxQuery {
  status: string | undefined;
  /** The last row of the previous page: its priority, sent_at (microseconds, ISO) and id. */
  after: { p: number; at: string; id: number } | null;
  limit: number;
}

type InboxKey = NonNullable<InboxQuery['after']>;
const sentKey = sql<string>`to_char(${caseReferrals.sentAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const inboxOrder = [desc(caseReferrals.inboxPriority), desc(caseReferrals.sentAt), desc(caseReferrals.id)];

/**
 * The agency's referrals in inbox order after `after`, ids and sort keys only, read with row-level security lifted:
 * under it, PostgreSQL checks the case-access policy on every referral the agency ever had before sorting (1,927
 * rows, 180–270 ms, for the busiest agency at scale 1), where walking the inbox index stops at the page (4 ms).
 * The app's scope predicate stays; the rows are read back under RLS (withRowSecurityLifted).
 *
 * With `counted`, the same statement also counts what waits to be accepted and to be answered (agencyInboxCounts):
 * one statement for the first page, not two.
 */
async function inboxCandidates(
  s: Scoped,
  agencyId: number,
  status: string | undefined,
  after: InboxKey | null,
  n: number,
  counted: boolean,
): Promise<{ ids: { id: number; p: number; at: string }[]; counts: InboxCounts | null }> {
  const conds = [eq(caseReferrals.agencyId, agencyId), inSubtree(s, caseReferrals.orgPath)];
  if (status) {
    conds.push(eq(caseReferrals.status, status));
    const [lo, hi] = PRIORITIES[status] ?? [0, 0];
    conds.push(between(caseReferrals.inboxPriority, lo, hi));
  }
  if (after)
    conds.push(
      sql`(${caseReferrals.inboxPriority}, ${caseReferrals.sentAt}, ${caseReferrals.id}) < (${after.p}::smallint, ${after.at}::timestamptz, ${after.id}::bigint)`,
    );
  const page = sql`select ${caseReferrals.id} as id, ${caseReferrals.inboxPriority} as p, ${sentKey} as at
    from ${caseReferrals} where ${and(...conds)}
    order by ${caseReferrals.inboxPriority} desc, ${caseReferrals.sentAt} desc, ${caseReferrals.id} desc limit ${n}`;
  type Row = { id: string | null; p: number | null; at: string | null; sent?: number; accepted?: number };
  const rows = await withRowSecurityLifted(s, () =>
    queryRows<Row>(
      s.tx,
      counted
        ? sql`select k.*, n.sent, n.accepted from (${openCounts(s, agencyId)}) n left join lateral (${page}) k on true`
        : page,
    ),
  );
  return {
    ids: rows.filter((r) => r.id !== null).map((r) => ({ id: Number(r.id), p: Number(r.p), at: r.at! })),
    counts: counted ? { sent: Number(rows[0]?.sent ?? 0), accepted: Number(rows[0]?.accepted ?? 0) } : null,
  };
}

export interface InboxCounts {
  sent: number;
  accepted: number;
}

/**
 * How many of the agency's referrals wait to be accepted and to be answered, in the user's scope: the inbox's
 * figures. Only the open ones are read (priority ≥ 1 in the inbox index), not the agency's whole history.
 *
 * Counted with row-level security lifted, on the inbox index: under it, PostgreSQL runs the case-access function
 * for each open referral (365 for the busiest agency at scale 1, 25 ms). What it would admit is exactly this count:
 * the caller is a user of `agencyId` (agencyOfUser), and a sent or accepted referral to her agency is a live one,
 * which is what grants her the case (jinguo_case_access, migration 0015); the scope predicate is kept. The inbox
 * test checks the counts against the referrals she reads page by page under RLS.
 */
const openCounts = (s: Scoped, agencyId: number) =>
  sql`select count(*) filter (where ${caseReferrals.status} = 'sent')::int as sent,
             count(*) filter (where ${caseReferrals.status} = 'accepted')::int as accepted
        from ${caseReferrals}
       where ${caseReferrals.agencyId} = ${agencyId} and ${caseReferrals.inboxPriority} >= 1
         and ${inSubtree(s, caseReferrals.orgPath)}`;

/**
 * One page of the agency's referrals in inbox order (priority, then newest first, then id), with the case's number
 * and type; `limit + 1` rows so the caller knows whether another page follows. Candidates are taken from the inbox
 * index a batch at a time and read back under row-level security, so referrals of cases the user may not read are
 * left out before paging, never after: a batch that loses rows to it is followed by the next. The first page
 * (`after` null) also returns the inbox's counts, taken in its first batch's statement.
 */
export async function agencyInbox(
  s: Scoped,
  agencyId: number,
  q: InboxQuery,
): Promise<{ rows: InboxRow[]; counts: InboxCounts | null }> {
  const want = q.limit + 1;
  const batch = want * 2;
  const page: InboxRow[] = [];
  let after = q.after;
  let counts: InboxCounts | null = null;
  for (;;) {
    // `after` is null only for the first batch of the first page: the one that counts
    const found = await inboxCandidates(s, agencyId, q.status, after, batch, after === null);
    counts ??= found.counts;
    const { ids } = found;
    if (ids.length) {
      const rows = await s.tx
        .select({ r: caseReferrals, caseNo: cases.caseNo, caseType: cases.caseType, sentKey })
        .from(caseReferrals)
        .innerJoin(cases, eq(cases.id, caseReferrals.caseId))
        .where(
          inArray(
            caseReferrals.id,
            ids.map((c) => c.id),
          ),
        )
        .orderBy(...inboxOrder);
      page.push(...rows.map(({ r, ...rest }) => ({ ...r, ...rest })));
    }
    if (page.length >= want || ids.length < batch) return { rows: page.slice(0, want), counts };
    const last = ids[ids.length - 1]!;
    after = { p: last.p, at: last.at, id: last.id };
  }
}

export async function updateReferral(s: Scoped, referralId: number, patch: ReferralPatch): Promise<void> {
  await s.tx.update(caseReferrals).set(patch).where(eq(caseReferrals.id, referralId));
}

/** The case's assigned workers (ids only): the agency notifies them of its answers. */
export async function caseWorkerIds(s: Scoped, caseId: number): Promise<number[]> {
  const rows = (await s.tx.execute(sql`select jinguo_case_workers(${caseId}) as ids`)) as unknown as {
    rows: { ids: number[] | null }[];
  };
  return (rows.rows[0]?.ids ?? []).map(Number);
}

/* Rosters */
/** Agencies attached to the org at `path` or above it (all when `path` is null). */
export async function listAgencies(s: Scoped, path: string | null | undefined): Promise<AgencyRow[]> {
  return s.tx
    .select()
    .from(partnerAgencies)
    .where(path ? sql`${partnerAgencies.orgPath} @> ${path}::ltree` : sql`true`)
    .orderBy(partnerAgencies.kind, partnerAgencies.id);
}
export async function insertAgency(s: Scoped, row: typeof partnerAgencies.$inferInsert): Promise<AgencyRow> {
  return (await s.tx.insert(partnerAgencies).values(row).returning())[0]!;
}
export async function listMediators(s: Scoped) {
  return s.tx.select().from(mediators).orderBy(mediators.id);
}
export async function insertMediator(s: Scoped, row: typeof mediators.$inferInsert) {
  return (await s.tx.insert(mediators).values(row).returning())[0]!;
}
