import { and, asc, eq, inArray, isNotNull, lt, or, sql } from 'drizzle-orm';
import type { RetentionCandidate, RetentionSource } from '../../platform/modules.js';
import type { Scoped } from '../../platform/scope.js';
import { demands } from './demands.tables.js';

/*
 * A closed demand keeps what it was about (category, title, description, the handling) for the figures; who asked —
 * name, phone, tracking code, the link to her registry person or portal account — is kept only for the period after
 * it closed (decision 0016). Run as the platform by the retention job.
 */
const ANONYMOUS = '匿名';

const dueWhere = (cutoff: Date) =>
  and(
    eq(demands.state, 'closed'),
    lt(demands.closedAt, cutoff),
    or(
      and(isNotNull(demands.requesterName), sql`${demands.requesterName} <> ${ANONYMOUS}`),
      isNotNull(demands.contactPhoneEnc),
      isNotNull(demands.contactPhoneHash),
      isNotNull(demands.trackingHash),
      isNotNull(demands.personId),
      isNotNull(demands.residentId),
    ),
  );

async function closedDemandsDue(s: Scoped, cutoff: Date, limit: number): Promise<RetentionCandidate[]> {
  return s.tx
    .select({ id: demands.id, personId: demands.personId, orgId: demands.orgId, orgPath: demands.orgPath })
    .from(demands)
    .where(dueWhere(cutoff))
    .orderBy(asc(demands.closedAt), asc(demands.id))
    .limit(limit);
}

async function anonymiseDemands(s: Scoped, ids: readonly number[], cutoff: Date): Promise<number[]> {
  if (!ids.length) return [];
  const rows = await s.tx
    .update(demands)
    .set({
      requesterName: ANONYMOUS,
      contactPhoneEnc: null,
      contactPhoneHash: null,
      contactPhoneMasked: null,
      trackingHash: null,
      personId: null,
      residentId: null,
    })
    .where(and(inArray(demands.id, [...ids]), dueWhere(cutoff)))
    .returning({ id: demands.id });
  return rows.map((r) => r.id);
}

export const closedDemandRetention: RetentionSource = {
  recordType: 'demand',
  label: { 'zh-CN': '已办结诉求的诉求人信息', 'en-US': "Closed demands' requester details" },
  action: 'anonymise',
  due: closedDemandsDue,
  apply: anonymiseDemands,
};
