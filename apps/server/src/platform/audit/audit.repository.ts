import { and, desc, eq, getTableColumns, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { AuditQuery } from '@jinguo/contracts';
import type { Queryable } from '../db/client.js';
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

export async function findLastAuditHash(q: Queryable): Promise<string | undefined> {
  const last = await q.select({ hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
  return last[0]?.hash;
}

export async function insertAuditEvent(q: Queryable, row: NewAuditEventRow): Promise<void> {
  await q.insert(auditEvents).values(row);
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
 */
const actorDisplayName = sql<string | null>`(select u.display_name from users u where u.id = ${auditEvents.actorId})`;
const targetName = sql<string | null>`case
  when ${auditEvents.targetType} = 'user' and ${auditEvents.targetId} ~ '^[0-9]{1,18}$'
    then (select u.display_name from users u where u.id = ${auditEvents.targetId}::bigint)
  when ${auditEvents.targetType} = 'organization' and ${auditEvents.targetId} ~ '^[0-9]{1,18}$'
    then (select o.name from org_directory o where o.id = ${auditEvents.targetId}::bigint)
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
