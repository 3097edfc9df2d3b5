import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError } from '../../platform/errors.js';
import { requirePermission, runScoped, type Scoped, type UserActor, pathWithin } from '../../platform/scope.js';
import * as foreign from './demands.directory.repository.js';
import * as repo from './demands.repository.js';
import type { DemandsDeps } from './demands.service.js';
import { eventActorOf, recordEvent } from './demands.statistics.js';
import { listItems } from './demands.views.js';

/** Suggestions 建议: the list collected on the suggestion route, handed to deputies / CPPCC members. */
export function createSuggestions(deps: DemandsDeps) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) =>
    runScoped(deps.handle, actor, async (s) => {
      await repo.confineToOwn(s);
      return fn(s);
    });

  return {
    suggestions: (actor: UserActor, q: { orgId?: number | undefined; handed?: boolean | undefined }) =>
      run(actor, async (s) => {
        requirePermission(actor, 'demand.read');
        let path = actor.scope.path;
        if (q.orgId !== undefined) {
          const o = (await foreign.orgsById(s, [q.orgId])).get(q.orgId);
          if (!o || !pathWithin(o.path, path)) throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
          path = o.path;
        }
        const rows = await repo.suggestions(s, path, q.handed);
        const items = await listItems(s, rows);
        return {
          items: rows.map((d, i) => ({
            demandId: d.id,
            code: items[i]!.code,
            org: items[i]!.org,
            category: d.category,
            title: d.title,
            suggestion: d.suggestion ?? '',
            suggestedAt: (d.suggestedAt ?? d.receivedAt).toISOString(),
            handedTo: d.suggestionHandedTo,
            handedAt: d.suggestionHandedAt?.toISOString() ?? null,
          })),
        };
      }),

    /** Hands collected suggestions to deputies / CPPCC members: recorded on each demand and in the audit trail. */
    handOver: (actor: UserActor, input: { demandIds: number[]; handedTo: string; note?: string | undefined }) =>
      run(actor, async (s) => {
        requirePermission(actor, 'demand.write');
        const now = new Date();
        for (const id of [...new Set(input.demandIds)]) {
          const d = await repo.findDemand(s, id, { lock: true, visible: repo.demandsWithin(actor.scope.path) });
          if (!d || d.suggestion === null) throw new AppError('DEMAND_NOT_FOUND', { field: 'demandIds' });
          await repo.updateDemand(s, d.id, { suggestionHandedTo: input.handedTo, suggestionHandedAt: now });
          await recordEvent(s, d, eventActorOf(s), {
            action: 'hand_over',
            from: null,
            to: null,
            note: input.note ?? null,
            data: { handedTo: input.handedTo },
          });
          await appendAudit(s.tx, actor, {
            action: 'demand.suggestion.hand_over',
            targetType: 'demand',
            targetId: d.id,
            orgId: d.orgId,
            orgPath: d.orgPath,
            after: { handedTo: input.handedTo },
          });
        }
        return { handed: new Set(input.demandIds).size };
      }),
  };
}
