import type { Availability, OrgType, Team, TeamKind, Volunteer, VolunteerSkill } from '@jinguo/contracts';
import type { Scoped } from '../../platform/scope.js';
import * as foreign from './volunteers.directory.repository.js';
import * as repo from './volunteers.repository.js';

/* Teams and volunteers as the API shows them: org, members, teams, hours (pure mapping over what the reads return). */

export const orgSummary = (o: foreign.OrgFacts | undefined, id: number) => ({
  id,
  code: o?.code ?? '',
  name: o?.name ?? '',
  type: (o?.type ?? 'village_federation') as OrgType,
});
export const hoursOf = (minutes: number) => Math.round((minutes / 60) * 100) / 100;

export async function teamViews(deps: { today: () => string }, s: Scoped, rows: repo.TeamRow[]): Promise<Team[]> {
  const orgs = await foreign.orgsById(
    s,
    rows.map((r) => r.orgId),
  );
  const figures = await repo.teamFigures(
    s,
    rows.map((r) => r.id),
    `${deps.today().slice(0, 4)}-01-01`,
  );
  return rows.map((r) => ({
    id: r.id,
    org: orgSummary(orgs.get(r.orgId), r.orgId),
    kind: r.kind as TeamKind,
    name: r.name,
    description: r.description,
    foundedOn: r.foundedOn,
    status: r.status as 'active' | 'dissolved',
    memberCount: figures.get(r.id)?.members ?? 0,
    hoursThisYear: hoursOf(figures.get(r.id)?.minutes ?? 0),
  }));
}

export async function volunteerViews(
  deps: { today: () => string },
  s: Scoped,
  rows: repo.VolunteerRow[],
): Promise<Volunteer[]> {
  const ids = rows.map((r) => r.id);
  const orgs = await foreign.orgsById(
    s,
    rows.map((r) => r.orgId),
  );
  const persons = await foreign.personsById(
    s,
    rows.map((r) => r.personId),
  );
  const accounts = await foreign.usersById(
    s,
    rows.flatMap((r) => (r.userId ? [r.userId] : [])),
  );
  const memberships = await repo.membershipsOf(s, ids);
  const teams = new Map(
    (
      await repo.teamsById(
        s,
        memberships.map((m) => m.teamId),
      )
    ).map((t) => [t.id, t]),
  );
  const minutes = await repo.minutesOf(s, ids, `${deps.today().slice(0, 4)}-01-01`);
  return rows.map((r) => {
    const p = persons.get(r.personId);
    const u = r.userId ? accounts.get(r.userId) : undefined;
    return {
      id: r.id,
      org: orgSummary(orgs.get(r.orgId), r.orgId),
      person: { id: r.personId, name: p?.name ?? '—', idNumberMasked: p?.idNumberMasked ?? null },
      user: r.userId ? { id: r.userId, displayName: u?.displayName ?? `#${r.userId}` } : null,
      skills: r.skills as VolunteerSkill[],
      availability: r.availability as Availability[],
      joinedOn: r.joinedOn,
      status: r.status as 'active' | 'inactive',
      teams: memberships
        .filter((m) => m.volunteerId === r.id && teams.has(m.teamId))
        .map((m) => {
          const t = teams.get(m.teamId)!;
          return { id: t.id, name: t.name, kind: t.kind as TeamKind };
        }),
      hoursTotal: hoursOf(minutes.get(r.id)?.total ?? 0),
      hoursThisYear: hoursOf(minutes.get(r.id)?.year ?? 0),
    };
  });
}
