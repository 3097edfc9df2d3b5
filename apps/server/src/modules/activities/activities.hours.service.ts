import type { UserActor, Scoped } from '../../platform/scope.js';
import type { VolunteersApi } from '../volunteers/index.js';
import * as repo from './activities.repository.js';

/** What a volunteer is credited for serving at an activity: its hours when given, else its length (minutes). */
export function serviceMinutes(a: Pick<repo.ActivityRow, 'hours' | 'startsAt' | 'endsAt'>): number {
  if (a.hours !== null && a.hours > 0) return Math.round(a.hours * 60);
  return Math.max(0, Math.round((a.endsAt.getTime() - a.startsAt.getTime()) / 60_000));
}

/**
 * A volunteer service's hours, booked on the summary in its transaction: every attendee linked to a registry person
 * who is a volunteer in the actor's subtree gets one service on the volunteers' ledger, once per attendance row (the
 * ledger's key; a corrected summary books only the check-ins not booked before). Returns how many were booked.
 */
export async function bookVolunteerHours(
  volunteers: Pick<VolunteersApi, 'recordActivityHours'>,
  s: Scoped,
  actor: UserActor,
  a: repo.ActivityRow,
): Promise<number> {
  if (a.kind !== 'volunteer_service') return 0;
  const minutes = serviceMinutes(a);
  if (minutes <= 0) return 0;
  let booked = 0;
  for (let after = 0; ;) {
    const page = await repo.attendanceOf(s, a.id, after);
    for (const row of page) {
      if (row.personId === null) continue;
      const id = await volunteers.recordActivityHours(s, actor.displayName, {
        personId: row.personId,
        orgId: a.orgId,
        servedOn: a.startsOn,
        minutes,
        sourceId: row.id,
        note: a.title,
      });
      if (id !== null) booked += 1;
    }
    if (page.length < 5000) return booked;
    after = page[page.length - 1]!.id;
  }
}
