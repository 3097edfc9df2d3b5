import type { OrgType, SpaceActivity, TrainingRecord, TrainingRecordInput, TrainingSheet } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError } from '../../platform/errors.js';
import { runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import * as foreign from './activities.directory.repository.js';
import { TRAINING_KINDS } from './activities.policy.js';
import * as repo from './activities.repository.js';
import { spaceFigures } from './activities.spaces.repository.js';
import { requireOrg, type ActivitiesDeps } from './activities.service.js';

/** A person's trainings: training activities she attended (their hours or credits) and external ones recorded. */
export async function trainingsOf(s: Scoped, personId: number, from?: string, to?: string): Promise<TrainingRecord[]> {
  const attended = (await repo.attendanceOfPerson(s, personId, from, to)).filter(({ a }) =>
    TRAINING_KINDS.includes(a.kind),
  );
  const external = await repo.trainingsOfPerson(s, personId, from, to);
  return [
    ...attended.map(({ a, attendanceId }): TrainingRecord => ({
      source: 'activity',
      id: attendanceId,
      activityId: a.id,
      title: a.title,
      provider: a.organiser,
      heldOn: a.startsOn,
      hours: a.hours,
      credits: a.credits,
    })),
    ...external.map((t): TrainingRecord => ({
      source: 'external',
      id: t.id,
      activityId: null,
      title: t.title,
      provider: t.provider,
      heldOn: t.heldOn,
      hours: t.hours,
      credits: t.credits,
    })),
  ].sort((x, y) => y.heldOn.localeCompare(x.heldOn));
}

const sum = (xs: (number | null)[]) => Math.round(xs.reduce<number>((t, x) => t + (x ?? 0), 0) * 10) / 10;

/** 领头雁: the training record of cadres and 执委 per person; and the spaces with their activity figures. */
export function createTrainings(deps: ActivitiesDeps) {
  async function requirePerson(s: Scoped, personId: number) {
    const p = await deps.people.findPerson(s, personId);
    if (!p) throw new AppError('PERSON_NOT_FOUND', { field: 'personId' });
    return p;
  }
  return {
    sheet: (actor: UserActor, personId: number, from?: string, to?: string) =>
      runScoped(deps.handle, actor, async (s): Promise<TrainingSheet> => {
        const p = await requirePerson(s, personId);
        const items = await trainingsOf(s, p.id, from, to);
        return {
          person: { id: p.id, name: p.name },
          totalHours: sum(items.map((i) => i.hours)),
          totalCredits: sum(items.map((i) => i.credits)),
          items,
        };
      }),

    /** An external training (a course of the city federation, the party school …) recorded for a person. */
    record: (actor: UserActor, input: TrainingRecordInput) =>
      runScoped(deps.handle, actor, async (s) => {
        const p = await requirePerson(s, input.personId);
        const t = await repo.insertTraining(s, {
          personId: p.id,
          orgPath: p.orgPath,
          districtId: p.districtId,
          title: input.title,
          provider: input.provider,
          heldOn: input.heldOn,
          hours: input.hours ?? null,
          credits: input.credits ?? null,
          createdBy: actor.displayName,
        });
        await appendAudit(s.tx, actor, {
          action: 'training.record',
          targetType: 'person',
          targetId: p.id,
          orgPath: p.orgPath,
          after: { trainingId: t.id, title: t.title, hours: t.hours, credits: t.credits },
        });
        return { id: t.id };
      }),

    /** The spaces of a subtree with their opening hours and activity figures (active: one held in 12 months). */
    spaces: (actor: UserActor, orgId?: number) =>
      runScoped(deps.handle, actor, async (s): Promise<{ items: SpaceActivity[] }> => {
        const org = await requireOrg(s, actor, orgId ?? actor.scope.orgId);
        const spaces = await deps.organizations.spacesWithin(s, org.path);
        const figures = await spaceFigures(
          s,
          spaces.map((x) => x.id),
          deps.today(),
        );
        const orgs = await foreign.orgsById(
          s,
          spaces.map((x) => x.orgId),
        );
        return {
          items: spaces.map((x) => {
            const f = figures.get(x.id);
            const o = orgs.get(x.orgId);
            return {
              id: x.id,
              org: {
                id: x.orgId,
                code: o?.code ?? '',
                name: o?.name ?? '',
                type: (o?.type ?? 'village_federation') as OrgType,
              },
              type: x.type,
              name: x.name,
              openingHours: x.openingHours,
              activities: f?.activities ?? 0,
              activitiesLast12Months: f?.activitiesLast12Months ?? 0,
              lastHeldOn: f?.lastHeldOn ?? null,
              active: (f?.activitiesLast12Months ?? 0) > 0,
            };
          }),
        };
      }),
  };
}
