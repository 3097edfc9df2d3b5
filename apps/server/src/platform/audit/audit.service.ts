import { createHash } from 'node:crypto';
import type { AuditEvent, AuditQuery, AuditVerification, Page } from '@jinguo/contracts';
import type { Database, Queryable } from '../db/client.js';
import { actorId, actorName, type Actor } from '../scope.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import {
  findLastAuditHash,
  insertAuditEvent,
  listAuditEventsAfter,
  lockAuditChain,
  searchAuditEvents,
} from './audit.repository.js';

export interface AuditEntry {
  action: string;
  result?: 'success' | 'failure';
  targetType?: string;
  targetId?: string | number;
  orgId?: number | null;
  orgPath?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string;
  /** For events without a signed-in actor (a failed login names the username tried). */
  actorNameOverride?: string;
}

const GENESIS = '0'.repeat(64);

/** An org path is the ltree of ids from the root: an event recorded with a path alone belongs to its last org. */
function orgOfPath(path: string | null | undefined): number | null {
  const last = path?.split('.').pop();
  return last ? Number(last) : null;
}

/** JSON with sorted keys, so a row read back from jsonb hashes the same as when it was written. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

interface HashedFields {
  at: string;
  actorId: number | null;
  actorName: string | null;
  action: string;
  result: string;
  targetType: string | null;
  targetId: string | null;
  orgId: number | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  ip: string | null;
  requestId: string | null;
}

function hashEvent(prevHash: string, f: HashedFields): string {
  const body = canonicalJson({ ...f, at: new Date(f.at).toISOString() });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/**
 * Appends one event inside the caller's transaction, so the event and the change it records commit together.
 * A transaction-scoped advisory lock serialises writers so that each event chains to the one before it.
 */
export async function appendAudit(q: Queryable, actor: Actor | null, entry: AuditEntry): Promise<void> {
  await lockAuditChain(q);
  const prevHash = (await findLastAuditHash(q)) ?? GENESIS;
  const fields: HashedFields = {
    at: new Date().toISOString(),
    actorId: actor ? actorId(actor) : null,
    actorName: entry.actorNameOverride ?? (actor ? actorName(actor) : null),
    action: entry.action,
    result: entry.result ?? 'success',
    targetType: entry.targetType ?? null,
    targetId: entry.targetId === undefined ? null : String(entry.targetId),
    orgId: entry.orgId ?? orgOfPath(entry.orgPath),
    before: entry.before === undefined ? null : JSON.parse(JSON.stringify(entry.before)),
    after: entry.after === undefined ? null : JSON.parse(JSON.stringify(entry.after)),
    reason: entry.reason ?? null,
    ip: actor?.request.ip ?? null,
    requestId: actor?.request.requestId ?? null,
  };
  await insertAuditEvent(q, {
    ...fields,
    orgPath: entry.orgPath ?? null,
    userAgent: actor?.request.userAgent ?? null,
    prevHash,
    hash: hashEvent(prevHash, fields),
  });
}

/** Appends one event in a transaction of its own (sign-in attempts, which change nothing else). */
export async function auditNow(db: Database, actor: Actor | null, entry: AuditEntry): Promise<void> {
  await db.transaction((tx) => appendAudit(tx, actor, entry));
}

/** Walks the whole chain; reports the first event whose content or link does not match its hash. */
export async function verifyAuditChain(db: Database, batchSize = 5000): Promise<AuditVerification> {
  let prev = GENESIS;
  let checked = 0;
  let afterId = 0;
  for (;;) {
    const rows = await listAuditEventsAfter(db, afterId, batchSize);
    if (rows.length === 0) return { ok: true, checked, firstBadId: null, problem: null };
    for (const r of rows) {
      if (r.prevHash !== prev)
        return {
          ok: false,
          checked,
          firstBadId: r.id,
          problem: 'broken link: prev_hash does not match the previous event (an event was removed or inserted)',
        };
      const expected = hashEvent(prev, {
        at: r.at,
        actorId: r.actorId,
        actorName: r.actorName,
        action: r.action,
        result: r.result,
        targetType: r.targetType,
        targetId: r.targetId,
        orgId: r.orgId,
        before: r.before,
        after: r.after,
        reason: r.reason,
        ip: r.ip,
        requestId: r.requestId,
      });
      if (expected !== r.hash)
        return {
          ok: false,
          checked,
          firstBadId: r.id,
          problem: 'content changed: the event no longer matches its hash',
        };
      prev = r.hash;
      checked++;
      afterId = r.id;
    }
  }
}

/** An auditor at the city root reads the whole trail; one lower down reads the events of her subtree. */
export async function searchAudit(
  q: Queryable,
  query: AuditQuery,
  scopePath: string | null,
): Promise<Page<AuditEvent>> {
  const cursor = decodeCursor<{ id: number }>(query.cursor);
  let beforeId: number | null = null;
  if (cursor) {
    beforeId = Number(cursor.id);
    if (!Number.isSafeInteger(beforeId)) return { items: [], nextCursor: null };
  }
  const rows = await searchAuditEvents(q, query, scopePath, beforeId);
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      actorId: r.actorId,
      actorName: r.actorName,
      action: r.action,
      result: r.result as 'success' | 'failure',
      targetType: r.targetType,
      targetId: r.targetId,
      orgId: r.orgId,
      before: r.before,
      after: r.after,
      reason: r.reason,
      ip: r.ip,
      userAgent: r.userAgent,
      requestId: r.requestId,
      hash: r.hash,
      actorDisplayName: r.actorDisplayName,
      targetName: r.targetName,
    })),
    nextCursor: rows.length > query.limit ? encodeCursor({ id: page[page.length - 1]!.id }) : null,
  };
}
