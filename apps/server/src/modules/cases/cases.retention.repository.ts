import { and, inArray, ne, sql } from 'drizzle-orm';
import type { RetentionHold } from '../../platform/modules.js';
import type { Scoped } from '../../platform/scope.js';
import { caseParties, cases } from './cases.tables.js';

/** Persons among these who are a party to a case not yet closed (run as the platform by the retention job). */
async function partiesOfOpenCases(s: Scoped, personIds: readonly number[]): Promise<number[]> {
  if (!personIds.length) return [];
  const rows = await s.tx
    .selectDistinct({ id: sql<number>`${caseParties.personId}` })
    .from(caseParties)
    .innerJoin(cases, sql`${cases.id} = ${caseParties.caseId}`)
    .where(and(inArray(caseParties.personId, [...personIds]), ne(cases.status, 'closed')));
  return rows.map((r) => Number(r.id));
}

/** A party to an open rights-protection case is kept, whatever her retention period says (decision 0016). */
export const openCaseHold: RetentionHold = {
  reason: 'open_case',
  label: { 'zh-CN': '涉及未结案的维权案件', 'en-US': 'A party to an open case' },
  held: partiesOfOpenCases,
};
