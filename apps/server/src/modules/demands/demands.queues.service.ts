import type { DemandListQuery } from '@jinguo/contracts';
import { AppError } from '../../platform/errors.js';
import { decodeKeysetCursor, encodeCursor } from '../../platform/http/cursor.js';
import { requirePermission, runScoped, type Scoped, type UserActor, pathWithin } from '../../platform/scope.js';
import * as foreign from './demands.directory.repository.js';
import * as repo from './demands.repository.js';
import type { DemandsDeps } from './demands.service.js';
import { idFromCode, listItems } from './demands.views.js';

/** The queues: an org's own, supervised (督办), dispatched ('mine') and whole-subtree lists, and whom to dispatch to. */
export function createQueues(deps: DemandsDeps) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) =>
    runScoped(deps.handle, actor, async (s) => {
      await repo.confineToOwn(s);
      return fn(s);
    });

  return {
    list: (actor: UserActor, q: DemandListQuery) =>
      run(actor, async (s) => {
        let org = { id: actor.scope.orgId, path: actor.scope.path };
        if (q.orgId !== undefined) {
          const o = (await foreign.orgsById(s, [q.orgId])).get(q.orgId);
          if (!o || !pathWithin(o.path, actor.scope.path)) throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
          org = { id: o.id, path: o.path };
        }
        // a volunteer has only what was dispatched to her
        const view = actor.permissions.has('demand.read') ? q.view : 'mine';
        const filter: repo.ListFilter = {
          states: q.state === undefined ? [] : Array.isArray(q.state) ? q.state : [q.state],
          source: q.source,
          category: q.category,
          overdue: q.overdue,
        };
        if (q.q) {
          const codeId = idFromCode(q.q);
          if (codeId !== null) filter.id = codeId;
          else filter.titleContains = q.q;
        }
        const after = decodeKeysetCursor(q.cursor, 'timestamp');
        const rows = await repo.listDemands(s, { view, org, userId: actor.userId, filter, after, limit: q.limit });
        const page = rows.slice(0, q.limit);
        const last = page[page.length - 1];
        const key = (d: repo.DemandRow) => (view === 'all' ? d.receivedAt : d.feedbackDueAt).toISOString();
        return {
          items: await listItems(s, page),
          nextCursor: rows.length > q.limit && last ? encodeCursor({ k: key(last), id: last.id }) : null,
        };
      }),

    /** Cadres and volunteers a demand of `orgId` can be dispatched to. */
    handlers: (actor: UserActor, orgId: number) =>
      run(actor, async (s) => {
        requirePermission(actor, 'demand.write');
        const o = (await foreign.orgsById(s, [orgId])).get(orgId);
        if (!o || !pathWithin(o.path, actor.scope.path)) throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
        return {
          items: (await foreign.handlersOfOrg(s, o.path)).map((u) => ({
            id: u.id,
            displayName: u.displayName,
            roles: u.roles as ('cadre' | 'volunteer')[],
          })),
        };
      }),
  };
}
