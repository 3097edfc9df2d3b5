import type { VisitInput, VisitListItem, VisitListQuery } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import type { DbHandle } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import type { Files } from '../../platform/files/index.js';
import { decodeKeysetCursor, encodeCursor } from '../../platform/http/cursor.js';
import { runScoped, type Scoped, type UserActor, pathWithin } from '../../platform/scope.js';
import type { DemandIntake } from '../demands/index.js';
import type { PeopleApi } from '../people/index.js';
import type { Campaigns } from './visits.campaigns.service.js';
import * as foreign from './visits.directory.repository.js';
import { requireEditable } from './visits.policy.js';
import { createVisitPhotos } from './visits.photos.service.js';
import { createVisit, needToDemand, requireVisit } from './visits.recording.service.js';
import * as repo from './visits.repository.js';
import { VISIT_METRICS } from './visits.statistics.js';
import { visitViews } from './visits.views.js';

export interface VisitsDeps {
  handle: DbHandle;
  today: () => string;
  files: Files;
  /** The demands module's intake: each need raised becomes a demand in the same transaction. */
  demands: DemandIntake;
  /** The people module: the persons a visit names. */
  people: Pick<PeopleApi, 'findPerson' | 'personNames'>;
}

/** Visit records: record (visits.recording.service.ts), read, list, turn a need into a demand, photos. */
export function createVisitsService(deps: VisitsDeps, campaigns: Campaigns) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) =>
    runScoped(deps.handle, actor, async (s) => {
      await repo.confineToOwn(s);
      return fn(s);
    });
  const createIn = (s: Scoped, actor: UserActor, input: VisitInput) => createVisit(deps, campaigns, s, actor, input);

  return {
    create: (actor: UserActor, input: VisitInput) => run(actor, (s) => createIn(s, actor, input)),
    /** Inside the caller's transaction (the demo loader). */
    createIn,

    get: (actor: UserActor, id: number) =>
      run(actor, async (s) => (await visitViews(deps, s, actor, [await requireVisit(s, id)]))[0]!),

    list: (actor: UserActor, q: VisitListQuery) =>
      run(actor, async (s) => {
        let path = actor.scope.path;
        if (q.orgId !== undefined) {
          const o = (await foreign.orgsById(s, [q.orgId])).get(q.orgId);
          if (!o || !pathWithin(o.path, actor.scope.path)) throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
          path = o.path;
        }
        const filter: repo.VisitListFilter = {
          campaignId: q.campaignId,
          kind: q.kind,
          visitorUserId: q.mine ? actor.userId : undefined,
          from: q.from,
          to: q.to,
        };
        const after = decodeKeysetCursor(q.cursor, 'date');
        const rows = await repo.listVisits(s, { path, filter, after, limit: q.limit });
        const page = rows.slice(0, q.limit);
        const full = await visitViews(deps, s, actor, page);
        const items: VisitListItem[] = full.map((v) => ({
          id: v.id,
          org: v.org,
          campaign: v.campaign,
          kind: v.kind,
          visitedOn: v.visitedOn,
          place: v.place,
          visitors: v.visitors,
          followUpOn: v.followUpOn,
          createdBy: v.createdBy,
          subjects: [
            ...v.persons.map((p) => p.name),
            ...v.families.map((f) => f.name),
            ...v.orgs.map((o) => o.name),
          ].join('、'),
          needCount: v.needs.length,
          photoCount: v.photos.length,
        }));
        const last = page[page.length - 1];
        return {
          items,
          nextCursor: rows.length > q.limit && last ? encodeCursor({ k: last.visitedOn, id: last.id }) : null,
        };
      }),

    /** "Each need becomes a demand in one step": converts a need noted without a demand. */
    convertNeed: (actor: UserActor, visitId: number, needId: number) =>
      run(actor, async (s) => {
        const v = await requireVisit(s, visitId);
        requireEditable(actor, v);
        const n = (await repo.needsOf(s, [v.id])).find((x) => x.id === needId);
        if (!n) throw new AppError('NOT_FOUND', { field: 'needId' });
        if (n.demandId)
          throw new AppError('CONFLICT', {
            field: 'needId',
            zh: '该需求已转为诉求',
            en: 'This need is already a demand',
          });
        const subjects = (await repo.subjectsOf(s, [v.id])).filter((x) => x.personId);
        await needToDemand(deps, s, v, n, subjects.length === 1 ? subjects[0]!.personId : null);
        await appendAudit(s.tx, actor, {
          action: 'visit.need.to_demand',
          targetType: 'visit',
          targetId: v.id,
          orgId: v.orgId,
          orgPath: v.orgPath,
          after: { needId },
        });
        return (await visitViews(deps, s, actor, [v]))[0]!;
      }),

    ...createVisitPhotos(deps),
  };
}
export type VisitsService = ReturnType<typeof createVisitsService>;
export { VISIT_METRICS };
