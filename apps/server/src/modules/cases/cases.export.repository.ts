import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { orgDirectory } from '../organizations/index.js';
import { inSubtree, type Scoped } from '../../platform/scope.js';
import { caseDetails, cases } from './cases.tables.js';

export interface CaseExportFilter {
  status?: string | undefined;
  caseType?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * The cases of the scope whose content the user may read, newest first, with their details and org name. The inner
 * join on case_details is the entitlement: RLS admits content rows of entitled cases only. The join on
 * `organizations` (owned by the organizations module) is a foreign read inside a case statement.
 */
export async function exportableCases(s: Scoped, input: CaseExportFilter, limit: number) {
  const conds: SQL[] = [inSubtree(s, cases.orgPath)];
  if (input.status) conds.push(eq(cases.status, input.status));
  if (input.caseType) conds.push(eq(cases.caseType, input.caseType));
  if (input.from) conds.push(sql`${cases.openedAt} >= (${input.from}::date)::timestamp at time zone 'Asia/Shanghai'`);
  if (input.to) conds.push(sql`${cases.openedAt} < ((${input.to}::date + 1))::timestamp at time zone 'Asia/Shanghai'`);
  return s.tx
    .select({ c: cases, d: caseDetails, org: orgDirectory.name })
    .from(cases)
    .innerJoin(caseDetails, eq(caseDetails.caseId, cases.id))
    .innerJoin(orgDirectory, eq(orgDirectory.id, cases.orgId))
    .where(and(...conds, sql`jinguo_case_access(${cases.id}, ${cases.orgPath}, true)`))
    .orderBy(desc(cases.openedAt))
    .limit(limit);
}
