import type { AssignmentState, Page, TaskKind, WorkItem } from '@jinguo/contracts';
import type { DbHandle } from '../../platform/db/client.js';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.js';
import { runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import * as foreign from './tasks.directory.repository.js';
import { isOverdue } from './tasks.policy.js';
import * as repo from './tasks.repository.js';
import { orgSummary } from './tasks.views.js';

/** The work list of the acting org: what was sent to it (sign, fill, submit) and what it dispatched (progress). */
export function createWorkList(deps: { handle: DbHandle; today: () => string }) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);
  return {
    /** The work list: what was sent to the acting org (inbox) or what it dispatched (sent). */
    list: (
      actor: UserActor,
      q: { box: 'inbox' | 'sent'; state?: AssignmentState | undefined; cursor?: string | undefined; limit: number },
    ): Promise<Page<WorkItem>> =>
      run(actor, async (s) => {
        const before = decodeCursor<{ id: number }>(q.cursor);
        const beforeId = before ? Number(before.id) : null;
        const today = deps.today();
        if (q.box === 'inbox') {
          const rows = await repo.inbox(s, actor.scope.orgId, q.state, beforeId, q.limit + 1);
          const orgs = await foreign.orgsById(
            s,
            rows.map((r) => r.t.orgId),
          );
          const items = rows.slice(0, q.limit).map(({ a, t }): WorkItem => ({
            taskId: t.id,
            assignmentId: a.id,
            kind: t.kind as TaskKind,
            title: t.title,
            from: orgSummary(orgs.get(t.orgId), t.orgId),
            deadline: a.deadline,
            period: t.period,
            state: a.state as AssignmentState,
            overdue: isOverdue(t.kind as TaskKind, a.state as AssignmentState, a.deadline, today),
            hasForm: t.definition !== null,
            progress: null,
            createdAt: t.createdAt.toISOString(),
          }));
          const last = rows.length > q.limit ? items[items.length - 1] : undefined;
          return { items, nextCursor: last ? encodeCursor({ id: last.assignmentId }) : null };
        }
        const rows = await repo.sent(s, actor.scope.orgId, beforeId, q.limit + 1);
        const orgs = await foreign.orgsById(s, [actor.scope.orgId]);
        const items = rows.slice(0, q.limit).map(({ t, done }): WorkItem => ({
          taskId: t.id,
          assignmentId: null,
          kind: t.kind as TaskKind,
          title: t.title,
          from: orgSummary(orgs.get(t.orgId), t.orgId),
          deadline: t.deadline,
          period: t.period,
          state: null,
          overdue: today > t.deadline && done < t.receivers,
          hasForm: t.definition !== null,
          progress: { done, total: t.receivers },
          createdAt: t.createdAt.toISOString(),
        }));
        const last = rows.length > q.limit ? items[items.length - 1] : undefined;
        return { items, nextCursor: last ? encodeCursor({ id: last.taskId }) : null };
      }),
  };
}
