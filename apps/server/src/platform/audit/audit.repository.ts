import { and, desc, eq, getTableColumns, gte, isNotNull, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { AuditQuery } from '@jinguo/contracts';
import { queryRows, type Queryable } from '../db/client.js';
import { auditEvents } from './audit.tables.js';

export type AuditEventRow = typeof auditEvents.$inferSelect;
/** A row as the auditor's search reads it: with the names of its actor and target where they may be shown. */
export type AuditSearchRow = AuditEventRow & { actorDisplayName: string | null; targetName: string | null };
export type NewAuditEventRow = typeof auditEvents.$inferInsert;

const AUDIT_LOCK = 727102;

/** A transaction-scoped advisory lock: writers queue here so that each event chains to the one before it. */
export async function lockAuditChain(q: Queryable): Promise<void> {
  await q.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
}

/** Where the next events go: their ids (taken now, under the chain lock), the newest event, the keyed chain's end. */
export interface AuditHead {
  /** Ascending: the ids the next events take, in chain order. */
  nextIds: number[];
  /** The newest event of the trail (the one the next event chains to), if any. */
  last: { id: number; hash: string } | null;
  /** The highest sequence number of the keyed chain; null before the chain was keyed. */
  maxSeq: number | null;
}

/** One round trip, after lockAuditChain: the ids the next `count` events take, the newest event, the chain's end. */
export async function readAuditHead(q: Queryable, count: number): Promise<AuditHead> {
  const rows = await queryRows<{
    next_ids: string[];
    last_id: string | null;
    last_hash: string | null;
    max_seq: string | null;
  }>(
    q,
    sql`select array(select nextval(pg_get_serial_sequence('audit_events', 'id'))::text
                         from generate_series(1, ${count}::int)) as next_ids,
               l.id::text as last_id, l.hash as last_hash,
               (select max(seq) from audit_events)::text as max_seq
        from (select 1) one
        left join lateral (select id, hash from audit_events order by id desc limit 1) l on true`,
  );
  const r = rows[0]!;
  return {
    nextIds: r.next_ids.map(Number).sort((a, b) => a - b),
    last: r.last_id === null ? null : { id: Number(r.last_id), hash: r.last_hash! },
    maxSeq: r.max_seq === null ? null : Number(r.max_seq),
  };
}

/** The newest event of the keyed chain: what a checkpoint signs. */
export async function findKeyedHead(q: Queryable): Promise<{ id: number; seq: number; hash: string } | undefined> {
  const rows = await q
    .select({ id: auditEvents.id, seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .where(isNotNull(auditEvents.seq))
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  const r = rows[0];
  return r ? { id: r.id, seq: r.seq!, hash: r.hash } : undefined;
}

/** The newest event of the keyed chain, every column (to tell whether a key is the trail's). */
export async function findNewestKeyedEvent(q: Queryable): Promise<AuditEventRow | undefined> {
  const rows = await q
    .select()
    .from(auditEvents)
    .where(isNotNull(auditEvents.seq))
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  return rows[0];
}

/** Whether the database has the keyed chain's column (migration 0039): an older one cannot take keyed events. */
export async function hasKeyedChainColumn(q: Queryable): Promise<boolean> {
  const rows = await queryRows<{ ready: boolean }>(
    q,
    sql`select exists (select 1 from information_schema.columns
                       where table_schema = 'public' and table_name = 'audit_events' and column_name = 'seq') as ready`,
  );
  return rows[0]?.ready === true;
}

/** Events written before the chain was keyed and none after: the trail still has to be sealed. */
export async function hasUnsealedTrail(q: Queryable): Promise<boolean> {
  const rows = await queryRows<{ unsealed: boolean }>(
    q,
    sql`select exists (select 1 from audit_events) and not exists (select 1 from audit_events where seq is not null) as unsealed`,
  );
  return rows[0]?.unsealed === true;
}

export async function insertAuditEvents(q: Queryable, rows: NewAuditEventRow[]): Promise<void> {
  await q.insert(auditEvents).values(rows);
}

/** One batch of the chain in id order, after the given id. */
export async function listAuditEventsAfter(q: Queryable, afterId: number, limit: number): Promise<AuditEventRow[]> {
  return q
    .select()
    .from(auditEvents)
    .where(sql`${auditEvents.id} > ${afterId}`)
    .orderBy(auditEvents.id)
    .limit(limit);
}

/**
 * Names beside the codes, read in the auditor's own scope (row-level security on users and organizations applies):
 * the actor's display name, and the target's name for users (display names) and organizations (org_directory, the
 * organizations module's published view). Other targets are records whose names may be personal data: none.
 * The target id is cast in a subquery of its own: under row-level security `u.id = target_id::bigint` is no index
 * condition (the text-to-bigint cast is not leakproof), and each event's name was a scan of every user (23 ms).
 */
const actorDisplayName = sql<string | null>`(select u.display_name from users u where u.id = ${auditEvents.actorId})`;
const targetId = sql`(select ${auditEvents.targetId}::bigint)`;
const targetName = sql<string | null>`case
  when ${auditEvents.targetType} = 'user' and ${auditEvents.targetId} ~ '^[0-9]{1,18}$'
    then (select u.display_name from users u where u.id = ${targetId})
  when ${auditEvents.targetType} = 'organization' and ${auditEvents.targetId} ~ '^[0-9]{1,18}$'
    then (select o.name from org_directory o where o.id = ${targetId})
  end`;

/**
 * The events matching the query, newest first, below the cursor's id (`beforeId`), one more than the page so the
 * caller knows whether there is a next page. A scope path below the root limits the search to that subtree.
 */
export async function searchAuditEvents(
  q: Queryable,
  query: AuditQuery,
  scopePath: string | null,
  beforeId: number | null,
): Promise<AuditSearchRow[]> {
  const conds: SQL[] = [];
  if (scopePath !== null && scopePath.includes('.')) conds.push(sql`${auditEvents.orgPath} <@ ${scopePath}::ltree`);
  if (query.actor) conds.push(eq(auditEvents.actorName, query.actor));
  if (query.action) conds.push(sql`${auditEvents.action} like ${query.action.replace(/[%_]/g, '\\$&') + '%'}`);
  if (query.targetType) conds.push(eq(auditEvents.targetType, query.targetType));
  if (query.targetId) conds.push(eq(auditEvents.targetId, query.targetId));
  if (query.result) conds.push(eq(auditEvents.result, query.result));
  if (query.from) conds.push(gte(auditEvents.at, query.from));
  if (query.to)
    conds.push(
      query.to.length === 10
        ? lt(auditEvents.at, sql`(${query.to}::date + 1)::timestamptz`)
        : lte(auditEvents.at, query.to),
    );
  if (beforeId !== null) conds.push(lt(auditEvents.id, beforeId));
  return q
    .select({ ...getTableColumns(auditEvents), actorDisplayName, targetName })
    .from(auditEvents)
    .where(and(...conds))
    .orderBy(desc(auditEvents.id))
    .limit(query.limit + 1);
}
