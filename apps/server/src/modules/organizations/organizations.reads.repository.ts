import { sql, type SQL } from 'drizzle-orm';
import type { OrgNode, OrgSummary } from '@jinguo/contracts';
import { queryRows } from '../../platform/db/client.js';
import { inSubtreeFilter, type ReadScope, type Scoped } from '../../platform/scope.js';
import { latestStocks } from '../../platform/stats/index.js';
import { ORGANIZATION_METRICS } from './organizations.statistics.js';
import type { TermRow } from './organizations.officers.repository.js';

/*
 * The hot reads as one statement each (docs/decisions/0006). Each returns one JSON value, so
 * PostgreSQL and PGlite hand back the same shapes whether the statement runs alone (readScoped: one round trip with
 * the scope setup) or inside a write's transaction. Every table is confined to the scope, and row-level security
 * applies underneath as always. Rows found by id or parent are confined with inSubtreeFilter (the same predicate,
 * never an index condition: a generic plan must not scan the whole scope's path index to confirm one row); the
 * subtree aggregates of the coverage use the path index on purpose.
 */

const p = (alias: string) => sql.raw(`${alias}.path`);
/** The OrgNode fields of `alias` as json_build_object arguments (child count: active children). */
const nodeFields = (alias: string) =>
  sql.raw(`'id', ${alias}.id, 'code', ${alias}.code, 'name', ${alias}.name, 'type', ${alias}.type, 'status', ${alias}.status,
    'parentId', ${alias}.parent_id, 'depth', ${alias}.depth,
    'childCount', (select count(*) from organizations c where c.parent_id = ${alias}.id and c.status = 'active')`);

export interface DetailRow extends OrgNode {
  path: string;
  shortName: string | null;
  divisionCode: string | null;
  address: string | null;
  contactName: string | null;
  contactPhoneEnc: string | null;
  foundedOn: string | null;
  validFrom: string;
  validTo: string | null;
  ancestors: OrgSummary[];
  mergedInto: OrgSummary | null;
  officeHours: { from: string; to: string }[] | null;
  /** The nearest org above that sets office hours, with them (null: none does). */
  inheritedOfficeHours: { hours: { from: string; to: string }[]; from: OrgSummary } | null;
  currentTerm: Pick<
    TermRow,
    'id' | 'orgId' | 'number' | 'state' | 'startsOn' | 'dueOn' | 'isCurrent' | 'history'
  > | null;
}

/**
 * GET /organizations/:id — the org, its child count, its ancestors (readable for breadcrumbs; RLS admits them),
 * the org it was merged into (when in scope) and its current term. No row when the org is outside the scope.
 */
export function detailStatement(s: ReadScope, id: number): SQL {
  return sql`select json_build_object(${nodeFields('o')},
      'path', o.path::text, 'shortName', o.short_name, 'divisionCode', o.division_code, 'address', o.address, 'contactName', o.contact_name,
      'contactPhoneEnc', o.contact_phone_enc, 'foundedOn', o.founded_on, 'validFrom', o.valid_from, 'validTo', o.valid_to,
      'ancestors', coalesce((
        select json_agg(json_build_object('id', a.id, 'code', a.code, 'name', a.name, 'type', a.type) order by a.depth)
        from organizations a
        where a.id = any(string_to_array(o.path::text, '.')::bigint[]) and a.path @> o.path and a.path <> o.path), '[]'::json),
      'officeHours', o.office_hours,
      'inheritedOfficeHours', (
        select json_build_object('hours', a.office_hours,
          'from', json_build_object('id', a.id, 'code', a.code, 'name', a.name, 'type', a.type))
        from organizations a
        where a.id = any(string_to_array(o.path::text, '.')::bigint[]) and a.path @> o.path and a.path <> o.path
          and a.office_hours is not null
        order by a.depth desc limit 1),
      'mergedInto', (
        select json_build_object('id', m.id, 'code', m.code, 'name', m.name, 'type', m.type)
        from organizations m where m.id = o.merged_into_id and ${inSubtreeFilter(s, p('m'))}),
      'currentTerm', (
        select json_build_object('id', t.id, 'orgId', t.org_id, 'number', t.number, 'state', t.state, 'startsOn', t.starts_on,
          'dueOn', t.due_on, 'isCurrent', t.is_current, 'history', t.history)
        from org_terms t where t.org_id = o.id and t.is_current and ${inSubtreeFilter(s, sql.raw('t.org_path'))} limit 1)
    ) as detail
    from organizations o where o.id = ${id} and ${inSubtreeFilter(s, p('o'))}`;
}

/** The detail of an org inside a write's transaction (the same statement the read endpoint runs alone). */
export async function readDetail(s: Scoped, id: number): Promise<DetailRow | null> {
  const [row] = await queryRows<{ detail: DetailRow }>(s.tx, detailStatement(s, id));
  return row?.detail ?? null;
}

/**
 * GET /organizations/:id/children — whether the parent is in scope, and its children (active only unless asked):
 * the statutory divisions first in code order, attached organizations after them.
 */
export function childrenStatement(s: ReadScope, parentId: number, includeInactive: boolean): SQL {
  return sql`select exists (select 1 from organizations x where x.id = ${parentId} and ${inSubtreeFilter(s, p('x'))}) as found,
    coalesce((
      select json_agg(json_build_object(${nodeFields('o')}) order by o.division_code is null, o.code)
      from organizations o
      where o.parent_id = ${parentId} and ${inSubtreeFilter(s, p('o'))} ${includeInactive ? sql`` : sql`and o.status = 'active'`}), '[]'::json) as items`;
}

export interface CoverageRow {
  /** The subtree's stock counters as the records stand: orgs by type, spaces by type, villages with a space. */
  stocks: Record<string, number>;
  withFederation: number;
  termsOverdue: number;
  activeSpaces: number;
}

/**
 * GET /organizations/:id/coverage — the subtree's aggregates in one statement. Orgs by type, spaces by type and the
 * villages with a space of each type are the stock counters of the org (migrations 0033, 0051: one index range of
 * the counters); the rest is counted from the records through partial indexes (0052): active villages with a
 * founded federation, current terms elected or filed and past due, spaces with an activity in the last 12 months.
 * No row when the org is outside the scope.
 *
 * Counted from the records, the city's call read its 89,352 orgs and 26,566 spaces (169 ms quiet); before that a
 * join of two materialised sets was planned as a nested loop (16.7 s: the 503s and 18–58 s calls of issue 16).
 */
export function coverageStatement(s: ReadScope, orgId: number): SQL {
  return sql`with target as (select o.path from organizations o where o.id = ${orgId} and ${inSubtreeFilter(s, p('o'))})
    select json_build_object(
      'stocks', ${latestStocks(s, orgId, ORGANIZATION_METRICS)},
      'withFederation', (select count(*) from organizations o where o.path <@ target.path
        and o.type = 'village_federation' and o.status = 'active' and o.founded_on is not null),
      'termsOverdue', (select count(*) from org_terms t where t.org_path <@ target.path
        and t.is_current and t.state in ('elected', 'filed') and t.due_on < current_date),
      -- active: an activity held there in the last 12 months (the activities module's published space_activities)
      'activeSpaces', (select count(*) from org_spaces x where x.org_path <@ target.path and exists (
        select 1 from space_activities a where a.space_id = x.id and a.held_on > current_date - 365))
    ) as coverage
    from target`;
}
