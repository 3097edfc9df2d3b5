import type { CallUp, CallUpResponse, CallUpState } from '@jinguo/contracts';
import { hasPermission, inScope, type Scoped, type UserActor } from '../../platform/scope.js';
import type * as repo from './volunteers.callups.repository.js';
import { inviteesOf } from './volunteers.callups.repository.js';
import * as foreign from './volunteers.directory.repository.js';
import { hoursOf, orgSummary } from './volunteers.views.js';

/* Call-ups as the API shows them: answers counted, the invitees for the org that called up, the caller's own answer. */

export const mayManage = (s: Scoped, actor: UserActor, c: repo.CallUpRow) =>
  hasPermission(actor, 'volunteer.write') && inScope(s, c.orgPath);

export async function callUpViews(s: Scoped, actor: UserActor, rows: repo.CallUpRow[], withInvitees: boolean) {
  const orgs = await foreign.orgsById(
    s,
    rows.map((r) => r.orgId),
  );
  const invitees = await inviteesOf(
    s,
    rows.map((r) => r.id),
  );
  return rows.map((r): CallUp => {
    const mine = invitees.filter((i) => i.callUpId === r.id);
    const count = (resp: CallUpResponse) => mine.filter((i) => i.response === resp).length;
    const own = mine.find((i) => i.userId === actor.userId);
    const manage = mayManage(s, actor, r);
    return {
      id: r.id,
      org: orgSummary(orgs.get(r.orgId), r.orgId),
      title: r.title,
      description: r.description,
      place: r.place,
      startsAt: r.startsAt.toISOString(),
      endsAt: r.endsAt.toISOString(),
      needed: r.needed,
      state: r.state as CallUpState,
      accepted: count('accepted'),
      declined: count('declined'),
      pending: count('pending'),
      attended: mine.filter((i) => i.attended).length,
      invitees:
        withInvitees && manage
          ? mine.map((i) => ({
              id: i.id,
              name: i.name,
              volunteerId: i.volunteerId,
              userId: i.userId,
              response: i.response as CallUpResponse,
              respondedAt: i.respondedAt?.toISOString() ?? null,
              attended: i.attended,
              hours: i.minutes === null ? null : hoursOf(i.minutes),
            }))
          : [],
      myInvitation: own ? { id: own.id, response: own.response as CallUpResponse } : null,
      createdBy: r.createdBy,
      canManage: manage,
    };
  });
}
