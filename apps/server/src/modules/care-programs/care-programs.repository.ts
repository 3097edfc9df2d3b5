import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { queryRows } from '../../platform/db/client.js';
import { inSubtree, type ReadScope, type Scoped } from '../../platform/scope.js';
import { careApplications, careMaterials, carePrograms, careQuotas, careReviews } from './care-programs.tables.js';

export type ProgramRow = typeof carePrograms.$inferSelect;
export type QuotaRow = typeof careQuotas.$inferSelect;
export type ApplicationRow = typeof careApplications.$inferSelect;
export type ReviewRow = typeof careReviews.$inferSelect;
export type MaterialRow = typeof careMaterials.$inferSelect;

/* programs and quotas */

/** Programs the reader may see: run by her subtree or by an ancestor of her org (RLS says the same). */
function programVisible(s: Scoped): SQL {
  if (s.scopePath === null) return sql`true`;
  return sql`(${carePrograms.orgPath} <@ ${s.scopePath}::ltree or ${s.scopePath}::ltree <@ ${carePrograms.orgPath})`;
}
/** A program as the eligibility check reads it: its rules (data) and those of its region orgs the reader sees. */
export interface EligibilityProgram {
  id: number;
  code: string;
  name: string;
  orgPath: string;
  eligibility: unknown;
  regions: { id: number; path: string }[];
}

/**
 * GET /care-programs/eligibility — the person's facts (composed from the registry's `personFactsJson`) and every open
 * program the reader may see with its eligibility rules and region paths, as one statement of one row (readScoped:
 * one round trip with the scope setup, docs/decisions/0006). The rules are evaluated in memory (policy).
 */
export function eligibilityStatement(s: ReadScope, personFacts: SQL): SQL {
  const visible =
    s.scopePath === null
      ? sql`true`
      : sql`(p.org_path <@ ${s.scopePath}::ltree or ${s.scopePath}::ltree <@ p.org_path)`;
  return sql`select ${personFacts} as person,
    coalesce((select json_agg(json_build_object('id', p.id, 'code', p.code, 'name', p.name, 'orgPath', p.org_path::text,
        'eligibility', p.eligibility,
        'regions', coalesce((select json_agg(json_build_object('id', o.id, 'path', o.path::text)) from org_directory o
          where o.id in (select r::bigint from jsonb_array_elements_text(p.eligibility->'regionOrgIds') r)), '[]'::json))
        order by p.id)
      from care_programs p where p.state = 'open' and ${visible}), '[]'::json) as programs`;
}
export async function insertProgram(s: Scoped, row: typeof carePrograms.$inferInsert): Promise<ProgramRow> {
  return (await s.tx.insert(carePrograms).values(row).returning())[0]!;
}
export async function updateProgram(
  s: Scoped,
  id: number,
  version: number,
  patch: Partial<typeof carePrograms.$inferInsert>,
): Promise<ProgramRow | null> {
  const rows = await s.tx
    .update(carePrograms)
    .set({ ...patch, version: sql`${carePrograms.version} + 1`, updatedAt: new Date() })
    .where(and(eq(carePrograms.id, id), eq(carePrograms.version, version), inSubtree(s, carePrograms.orgPath)))
    .returning();
  return rows[0] ?? null;
}
export async function findProgram(s: Scoped, id: number): Promise<ProgramRow | null> {
  return (
    (
      await s.tx
        .select()
        .from(carePrograms)
        .where(and(eq(carePrograms.id, id), programVisible(s)))
    )[0] ?? null
  );
}
/** Several programs at once (a page of applications names a few). */
export async function programsByIds(s: Scoped, ids: readonly number[]): Promise<ProgramRow[]> {
  if (!ids.length) return [];
  return s.tx
    .select()
    .from(carePrograms)
    .where(and(inArray(carePrograms.id, [...ids]), programVisible(s)));
}
export async function programByCode(s: Scoped, code: string): Promise<ProgramRow | null> {
  return (await s.tx.select().from(carePrograms).where(eq(carePrograms.code, code)))[0] ?? null;
}
export async function listPrograms(s: Scoped, opts: { openOnly?: boolean } = {}): Promise<ProgramRow[]> {
  const conds = [programVisible(s)];
  if (opts.openOnly) conds.push(eq(carePrograms.state, 'open'));
  return s.tx
    .select()
    .from(carePrograms)
    .where(and(...conds))
    .orderBy(asc(carePrograms.id));
}
export async function quotasOf(s: Scoped, programIds: readonly number[]): Promise<QuotaRow[]> {
  if (!programIds.length) return [];
  return s.tx
    .select()
    .from(careQuotas)
    .where(inArray(careQuotas.programId, [...programIds]))
    .orderBy(asc(careQuotas.orgPath));
}
export async function replaceQuota(s: Scoped, row: typeof careQuotas.$inferInsert): Promise<void> {
  await s.tx
    .insert(careQuotas)
    .values(row)
    .onConflictDoUpdate({
      target: [careQuotas.programId, careQuotas.orgId],
      set: { quota: row.quota, budgetFen: row.budgetFen ?? null },
    });
}
/** The district's quota row, locked until the approving transaction ends. */
export async function lockQuota(s: Scoped, programId: number, districtId: number): Promise<QuotaRow | null> {
  return (
    (
      await s.tx
        .select()
        .from(careQuotas)
        .where(and(eq(careQuotas.programId, programId), eq(careQuotas.orgId, districtId)))
        .for('update')
    )[0] ?? null
  );
}
export async function addToQuota(
  s: Scoped,
  id: number,
  d: { approvedCount?: number; approvedFen?: number; paidCount?: number; paidFen?: number },
): Promise<void> {
  await s.tx
    .update(careQuotas)
    .set({
      approvedCount: sql`${careQuotas.approvedCount} + ${d.approvedCount ?? 0}`,
      approvedFen: sql`${careQuotas.approvedFen} + ${d.approvedFen ?? 0}`,
      paidCount: sql`${careQuotas.paidCount} + ${d.paidCount ?? 0}`,
      paidFen: sql`${careQuotas.paidFen} + ${d.paidFen ?? 0}`,
    })
    .where(eq(careQuotas.id, id));
}
/** What a program has committed city-wide (approved or paid), past the reader's scope: the budget check. */
export async function programCommittedFen(s: Scoped, programId: number): Promise<number> {
  const rows = await queryRows<{ fen: string | null }>(s.tx, sql`select jinguo_care_committed(${programId}) as fen`);
  return Number(rows[0]?.fen ?? 0);
}

/* applications */

export async function insertApplication(s: Scoped, row: typeof careApplications.$inferInsert): Promise<ApplicationRow> {
  return (await s.tx.insert(careApplications).values(row).returning())[0]!;
}
export async function findApplication(s: Scoped, id: number, lock = false): Promise<ApplicationRow | null> {
  const q = s.tx
    .select()
    .from(careApplications)
    .where(and(eq(careApplications.id, id), inSubtree(s, careApplications.orgPath)));
  return ((lock ? await q.for('update') : await q)[0] ?? null) as ApplicationRow | null;
}
export async function updateApplication(
  s: Scoped,
  id: number,
  patch: Partial<typeof careApplications.$inferInsert>,
): Promise<ApplicationRow> {
  return (
    await s.tx
      .update(careApplications)
      .set({ ...patch, version: sql`${careApplications.version} + 1`, updatedAt: new Date() })
      .where(eq(careApplications.id, id))
      .returning()
  )[0]!;
}
/**
 * An earlier live benefit of the person from the program in the period, wherever it was filed (a narrow SECURITY
 * DEFINER function answering with the application's id, state, amount and date only).
 */
export async function earlierBenefit(s: Scoped, programId: number, personId: number, period: string, exceptId: number) {
  const rows = await queryRows<{ b: { id: number; state: string; amount_fen: number; on: string } | null }>(
    s.tx,
    sql`select jinguo_care_earlier_benefit(${programId}, ${personId}, ${period}, ${exceptId}) as b`,
  );
  return rows[0]?.b ?? null;
}

export interface ApplicationFilter {
  path: string;
  programId?: number | undefined;
  personId?: number | undefined;
  state?: string | undefined;
  /** The review queue: waiting at one of these levels. */
  queueLevel?: string | undefined;
  after: { k: string; id: number } | null;
  limit: number;
}
/** Applications of a subtree: the queue by deadline, otherwise most recent first. */
export async function listApplications(s: Scoped, f: ApplicationFilter): Promise<ApplicationRow[]> {
  const conds: SQL[] = [inSubtree(s, careApplications.orgPath), sql`${careApplications.orgPath} <@ ${f.path}::ltree`];
  if (f.programId) conds.push(eq(careApplications.programId, f.programId));
  if (f.personId) conds.push(eq(careApplications.personId, f.personId));
  if (f.queueLevel) {
    conds.push(
      sql`${careApplications.state} = 'in_review'`,
      sql`${f.queueLevel} = any(${careApplications.stepLevels})`,
    );
    if (f.after)
      conds.push(
        sql`(${careApplications.stepDeadline}, ${careApplications.id}) > (${f.after.k}::timestamptz, ${f.after.id})`,
      );
    return s.tx
      .select()
      .from(careApplications)
      .where(and(...conds))
      .orderBy(asc(careApplications.stepDeadline), asc(careApplications.id))
      .limit(f.limit + 1);
  }
  if (f.state) conds.push(eq(careApplications.state, f.state));
  if (f.after) conds.push(sql`${careApplications.id} < ${f.after.id}`);
  return s.tx
    .select()
    .from(careApplications)
    .where(and(...conds))
    .orderBy(desc(careApplications.id))
    .limit(f.limit + 1);
}
export async function applicationsOfPerson(s: Scoped, personId: number): Promise<ApplicationRow[]> {
  return s.tx
    .select()
    .from(careApplications)
    .where(and(eq(careApplications.personId, personId), inSubtree(s, careApplications.orgPath)))
    .orderBy(desc(careApplications.id))
    .limit(100);
}
/** A resident's own applications (the portal role's RLS admits only hers). */
export async function applicationsOfResident(s: Scoped, residentId: number): Promise<ApplicationRow[]> {
  return s.tx
    .select()
    .from(careApplications)
    .where(eq(careApplications.residentId, residentId))
    .orderBy(desc(careApplications.id))
    .limit(50);
}

/* reviews and materials */

export async function insertReview(s: Scoped, row: typeof careReviews.$inferInsert): Promise<void> {
  await s.tx.insert(careReviews).values(row);
}
export async function reviewsOf(s: Scoped, ids: readonly number[]): Promise<ReviewRow[]> {
  if (!ids.length) return [];
  return s.tx
    .select()
    .from(careReviews)
    .where(inArray(careReviews.applicationId, [...ids]))
    .orderBy(asc(careReviews.id));
}
export async function insertMaterial(s: Scoped, row: typeof careMaterials.$inferInsert): Promise<void> {
  await s.tx.insert(careMaterials).values(row);
}
export async function materialsOf(s: Scoped, ids: readonly number[]): Promise<MaterialRow[]> {
  if (!ids.length) return [];
  return s.tx
    .select()
    .from(careMaterials)
    .where(inArray(careMaterials.applicationId, [...ids]))
    .orderBy(asc(careMaterials.id));
}
export async function deleteMaterial(s: Scoped, applicationId: number, fileId: number): Promise<boolean> {
  const rows = await s.tx
    .delete(careMaterials)
    .where(and(eq(careMaterials.applicationId, applicationId), eq(careMaterials.fileId, fileId)))
    .returning();
  return rows.length > 0;
}
