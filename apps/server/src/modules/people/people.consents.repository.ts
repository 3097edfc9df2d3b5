import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Scoped } from '../../platform/scope.js';
import { personConsents } from './people.consents.tables.js';
import { persons } from './people.tables.js';
import type { PersonRow } from './people.repository.js';

/** Consent records of one person: RLS confines them to the actor's subtree like the person herself. */
export type ConsentRow = typeof personConsents.$inferSelect;

export async function consentsOf(s: Scoped, personId: number) {
  return s.tx
    .select({ c: personConsents, guardianName: persons.name })
    .from(personConsents)
    .leftJoin(persons, eq(persons.id, personConsents.guardianId))
    .where(eq(personConsents.personId, personId))
    .orderBy(desc(personConsents.givenAt), desc(personConsents.id));
}

export async function findConsent(s: Scoped, personId: number, consentId: number): Promise<ConsentRow | null> {
  const [row] = await s.tx
    .select()
    .from(personConsents)
    .where(and(eq(personConsents.id, consentId), eq(personConsents.personId, personId)))
    .for('update');
  return row ?? null;
}

export async function insertConsent(
  s: Scoped,
  person: PersonRow,
  values: Omit<typeof personConsents.$inferInsert, 'personId' | 'orgPath' | 'districtId'>,
): Promise<ConsentRow> {
  const [row] = await s.tx
    .insert(personConsents)
    .values({ ...values, personId: person.id, orgPath: person.orgPath, districtId: person.districtId })
    .returning();
  return row!;
}

export async function withdrawConsent(s: Scoped, id: number, at: Date, by: string, reason: string) {
  const [row] = await s.tx
    .update(personConsents)
    .set({ withdrawnAt: at, withdrawnBy: by, withdrawalReason: reason })
    .where(and(eq(personConsents.id, id), isNull(personConsents.withdrawnAt)))
    .returning();
  return row ?? null;
}
