import { and, eq, sql, type SQL } from 'drizzle-orm';
import { queryRows } from '../../platform/db/client.js';
import { districtIdOfPath, inSubtree, type Scoped } from '../../platform/scope.js';
import { careApplications, careDisbursements } from './care-programs.tables.js';

export type DisbursementRow = typeof careDisbursements.$inferSelect;

export async function insertDisbursement(s: Scoped, row: typeof careDisbursements.$inferInsert) {
  return (await s.tx.insert(careDisbursements).values(row).returning())[0]!;
}
export async function disbursementsOfApplications(s: Scoped, ids: readonly number[]): Promise<DisbursementRow[]> {
  if (!ids.length) return [];
  return s.tx
    .select()
    .from(careDisbursements)
    .where(sql`${careDisbursements.applicationId} = any(${`{${ids.join(',')}}`}::bigint[])`);
}
export async function disbursementsOfPerson(s: Scoped, personId: number): Promise<DisbursementRow[]> {
  return s.tx
    .select()
    .from(careDisbursements)
    .where(and(eq(careDisbursements.personId, personId), inSubtree(s, careDisbursements.orgPath)))
    .limit(100);
}

/** The subtree predicate on the district column when the path is a district or below (as for visits). */
function disbursementsWithin(path: string): SQL {
  const district = districtIdOfPath(path);
  if (district === null) return sql`d.org_path <@ ${path}::ltree`;
  if (path.split('.').length === 2) return sql`d.district_id = ${district}`;
  return sql`(d.district_id = ${district} and d.org_path <@ ${path}::ltree)`;
}

export interface BeneficiaryRow {
  id: number;
  application_id: number | null;
  program_id: number;
  program_name: string;
  person_id: number;
  person_name: string | null;
  id_number_masked: string | null;
  org_id: number;
  org_name: string | null;
  amount_fen: number;
  paid_on: string;
  channel: string;
}
/** 受益人名单: payments of a subtree, per program and period, newest first (keyset on paid_on, id). */
export async function beneficiaries(
  s: Scoped,
  f: { path: string; programId?: number | undefined; from?: string | undefined; to?: string | undefined },
  after: { k: string; id: number } | null,
  limit: number,
): Promise<BeneficiaryRow[]> {
  const conds: SQL[] = [disbursementsWithin(f.path), inSubtree(s, sql`d.org_path`)];
  if (f.programId) conds.push(sql`d.program_id = ${f.programId}`);
  if (f.from) conds.push(sql`d.paid_on >= ${f.from}::date`);
  if (f.to) conds.push(sql`d.paid_on <= ${f.to}::date`);
  if (after) conds.push(sql`(d.paid_on, d.id) < (${after.k}::date, ${after.id})`);
  return queryRows<BeneficiaryRow>(
    s.tx,
    sql`select d.id, d.application_id, d.program_id, p.name as program_name, d.person_id, pd.name as person_name,
          pd.id_number_masked, d.org_id, o.name as org_name, d.amount_fen, d.paid_on::text as paid_on, d.channel
        from care_disbursements d
        join care_programs p on p.id = d.program_id
        left join person_directory pd on pd.id = d.person_id
        left join org_directory o on o.id = d.org_id
        where ${sql.join(conds, sql` and `)}
        order by d.paid_on desc, d.id desc limit ${limit + 1}`,
  );
}

export interface PaymentListRow {
  id: number;
  person_id: number;
  person_name: string | null;
  id_number_masked: string | null;
  org_path: string;
  amount_fen: number;
  bank_account_enc: string | null;
}
/** The approved, unpaid applications of a program in a subtree: the finance office's payment list. */
export async function approvedUnpaid(s: Scoped, programId: number, path: string): Promise<PaymentListRow[]> {
  return queryRows<PaymentListRow>(
    s.tx,
    sql`select a.id, a.person_id, pd.name as person_name, pd.id_number_masked, a.org_path::text as org_path,
          a.amount_fen, a.bank_account_enc
        from care_applications a left join person_directory pd on pd.id = a.person_id
        where a.program_id = ${programId} and a.state = 'approved' and a.org_path <@ ${path}::ltree
          and ${inSubtree(s, sql`a.org_path`)}
        order by a.org_path, a.id`,
  );
}

/** Money and beneficiaries per district of a subtree (the dashboard figure the benchmark times). */
export async function moneyByDistrict(s: Scoped, path: string, from: string, to: string) {
  return queryRows<{ district_id: number; beneficiaries: number; fen: number }>(
    s.tx,
    sql`select d.district_id, count(distinct d.person_id)::int as beneficiaries, sum(d.amount_fen)::bigint as fen
        from care_disbursements d
        where d.org_path <@ ${path}::ltree and d.paid_on between ${from}::date and ${to}::date
          and ${inSubtree(s, sql`d.org_path`)}
        group by d.district_id`,
  );
}

/** The rebuild of the care counters (platform/stats) from the records. */
export const countersRebuild = sql`select org_path, (submitted_at at time zone 'Asia/Shanghai')::date as day, 'care.applications' as metric, count(*)::bigint as value from ${careApplications} where submitted_at is not null group by 1, 2
    union all
    select org_path, paid_on, 'care.beneficiaries', count(*)::bigint from care_disbursements group by 1, 2
    union all
    select org_path, paid_on, 'care.disbursed_fen', sum(amount_fen)::bigint from care_disbursements group by 1, 2
    union all
    select org_path, delivered_on, 'care.parcels', count(*)::bigint from care_parcel_deliveries group by 1, 2`;
