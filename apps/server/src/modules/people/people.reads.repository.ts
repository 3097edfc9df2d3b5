import { sql, type SQL } from 'drizzle-orm';
import { inSubtreeFilter } from '../../platform/scope.js';
import type { PersonRow, PersonScope } from './people.repository.js';

/*
 * The registry's hot reads as one statement each, returning one JSON value (docs/decisions/0006, 0017): a person with
 * her org, current tags and guardians; a page of the list or search with each row's org and tag codes. Persons are
 * reached by id, so the scope is a filter here (inSubtreeFilter), never an index condition; row-level security applies
 * underneath, and the org directory and guardians' names are read under it as the multi-statement reads did.
 */

/** Where a person row read by id stands: the actor's subtree, or the women a mobile federation serves. */
function visibleById(s: PersonScope, alias: string): SQL {
  if (s.mobileOrgId !== null)
    return sql`${sql.raw(alias)}.id in (select m.person_id from migrant_profiles m where m.mobile_federation_id = ${s.mobileOrgId})`;
  return inSubtreeFilter(s, sql.raw(`${alias}.org_path`));
}

const ORG = sql.raw(`(select json_build_object('id', d.id, 'code', d.code, 'name', d.name, 'type', d.type)
  from org_directory d where d.id = p.org_id)`);

/** A person as the detail statement returns her (timestamps as JSON text; personDetailRow turns them into dates). */
export interface PersonDetailJson {
  id: number;
  name: string;
  gender: string | null;
  birthDate: string | null;
  idNumberMasked: string | null;
  phoneMasked: string | null;
  ethnicity: string | null;
  householdAddressEnc: string | null;
  residenceAddressEnc: string | null;
  education: string | null;
  occupation: string | null;
  school: string | null;
  careSituation: string | null;
  status: string;
  mergedIntoId: number | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  org: { id: number; code: string; name: string; type: string } | null;
  tags: { tag: string; addedAt: string; addedBy: string | null }[];
  guardians: { personId: number; name: string; relationship: string }[];
}

/**
 * GET /people/:id — the person, her org, her current tags (oldest first) and her guardians, in one statement. No row
 * when she is outside the scope.
 */
export function personDetailStatement(s: PersonScope, id: number): SQL {
  return sql`select json_build_object('id', p.id, 'name', p.name, 'gender', p.gender, 'birthDate', p.birth_date,
      'idNumberMasked', p.id_number_masked, 'phoneMasked', p.phone_masked, 'ethnicity', p.ethnicity,
      'householdAddressEnc', p.household_address_enc, 'residenceAddressEnc', p.residence_address_enc,
      'education', p.education, 'occupation', p.occupation, 'school', p.school, 'careSituation', p.care_situation,
      'status', p.status, 'mergedIntoId', p.merged_into_id, 'version', p.version,
      'createdAt', p.created_at, 'updatedAt', p.updated_at,
      'org', ${ORG},
      'tags', coalesce((select json_agg(json_build_object('tag', t.tag, 'addedAt', t.added_at, 'addedBy', t.added_by)
          order by t.added_at, t.id)
        from person_tags t where t.person_id = p.id and t.removed_at is null), '[]'::json),
      'guardians', coalesce((select json_agg(json_build_object('personId', g.guardian_id, 'name', gp.name,
          'relationship', g.relationship) order by g.guardian_id)
        from person_guardians g join persons gp on gp.id = g.guardian_id where g.child_id = p.id), '[]'::json)
    ) as person
    from persons p where p.id = ${id} and ${visibleById(s, 'p')}`;
}

/** The detail's row with its timestamps as dates, as the view takes it. */
export function personDetailRow(j: PersonDetailJson) {
  return {
    row: { ...j, createdAt: new Date(j.createdAt), updatedAt: new Date(j.updatedAt) } satisfies Partial<PersonRow>,
    org: j.org,
    tags: j.tags.map((t) => ({ tag: t.tag, addedAt: new Date(t.addedAt), addedBy: t.addedBy })),
    guardians: j.guardians,
  };
}

/** The transaction-local setting that carries a search's candidates from its first phase to its second. */
const CANDIDATES = sql.raw(`'jinguo.person_candidates'`);

/**
 * A search's first phase, wrapped so its ordered candidates (`id`, cursor key `k`) are kept in a transaction-local
 * setting instead of coming back to the server: the second phase reads them in the same message. `candidates` is the
 * statement of searchCandidatesStatement (columns id, sk, k), run with row-level security lifted (readScopedLifted).
 */
export function keepCandidatesStatement(candidates: SQL, desc: boolean): SQL {
  const dir = sql.raw(desc ? 'desc' : 'asc');
  return sql`select set_config(${CANDIDATES}, coalesce((select json_agg(json_build_object('id', c.id, 'k', c.k)
      order by c.sk ${dir}, c.id ${dir}) from (${candidates}) c), '[]'::json)::text, true)`;
}

export interface PersonListJson {
  id: number;
  k: string;
  name: string;
  gender: string | null;
  birthDate: string | null;
  idNumberMasked: string | null;
  phoneMasked: string | null;
  status: string;
  org: { id: number; code: string; name: string; type: string } | null;
  tags: string[];
}

/**
 * A search's second phase: the candidates kept by keepCandidatesStatement, read back under row-level security and the
 * scope (anything outside drops), in their order, each with her org and current tag codes (oldest first).
 */
export function personPageStatement(s: PersonScope): SQL {
  return sql`select coalesce(json_agg(json_build_object('id', p.id, 'k', c.k, 'name', p.name, 'gender', p.gender,
      'birthDate', p.birth_date, 'idNumberMasked', p.id_number_masked, 'phoneMasked', p.phone_masked,
      'status', p.status, 'org', ${ORG},
      'tags', coalesce((select json_agg(t.tag order by t.added_at, t.id) from person_tags t
        where t.person_id = p.id and t.removed_at is null), '[]'::json)) order by c.n), '[]'::json) as items
    from rows from (json_to_recordset(current_setting(${CANDIDATES})::json) as (id bigint, k text)) with ordinality as c(id, k, n)
    join persons p on p.id = c.id
    where ${visibleById(s, 'p')}`;
}
