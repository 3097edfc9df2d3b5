import { and, asc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { RetentionCandidate } from '../../platform/modules.js';
import type { Scoped } from '../../platform/scope.js';
import { personConsents } from './people.consents.tables.js';
import { NO_PERSONAL_FIELDS } from './people.policy.js';
import { migrantProfiles, persons } from './people.tables.js';

/*
 * The registry's part in retention (decision 0016): a person no longer in any category — no current tag, no current
 * family membership, no guardianship either way — untouched since the cutoff is due for anonymisation; a person with
 * an active consent for a purpose is held. These run as the platform (the retention job), unscoped.
 */

const uncategorised = sql`not exists (select 1 from person_tags t where t.person_id = ${persons.id} and t.removed_at is null)
  and not exists (select 1 from family_members m where m.person_id = ${persons.id} and m.until is null)
  and not exists (select 1 from person_guardians g where g.child_id = ${persons.id} or g.guardian_id = ${persons.id})`;

const dueWhere = (cutoff: Date) =>
  and(eq(persons.status, 'active'), isNull(persons.anonymisedAt), lt(persons.updatedAt, cutoff), uncategorised);

export async function personsDue(s: Scoped, cutoff: Date, limit: number): Promise<RetentionCandidate[]> {
  const rows = await s.tx
    .select({ id: persons.id, orgId: persons.orgId, orgPath: persons.orgPath })
    .from(persons)
    .where(dueWhere(cutoff))
    .orderBy(asc(persons.updatedAt), asc(persons.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, personId: r.id }));
}

/**
 * Replaces the name by a pseudonym and clears every personal field and lookup hash (the row, its id and its links
 * stay, so figures and other records still count her); her migrant-work profile goes. Only persons still due.
 */
export async function anonymisePersons(s: Scoped, ids: readonly number[], cutoff: Date): Promise<number[]> {
  if (!ids.length) return [];
  const done = await s.tx
    .update(persons)
    .set({
      name: sql`'匿名' || ${persons.id}`,
      namePinyin: 'niming',
      nameInitials: 'nm',
      ...NO_PERSONAL_FIELDS,
      anonymisedAt: sql`now()`,
      updatedAt: sql`now()`,
      version: sql`${persons.version} + 1`,
    })
    .where(and(inArray(persons.id, [...ids]), dueWhere(cutoff)))
    .returning({ id: persons.id });
  const anonymised = done.map((r) => r.id);
  if (anonymised.length) await s.tx.delete(migrantProfiles).where(inArray(migrantProfiles.personId, anonymised));
  return anonymised;
}

/** Persons among these with a consent for a purpose that is not withdrawn. */
export async function personsWithActiveConsent(s: Scoped, personIds: readonly number[]): Promise<number[]> {
  if (!personIds.length) return [];
  const rows = await s.tx
    .selectDistinct({ id: personConsents.personId })
    .from(personConsents)
    .where(and(inArray(personConsents.personId, [...personIds]), isNull(personConsents.withdrawnAt)));
  return rows.map((r) => r.id);
}
