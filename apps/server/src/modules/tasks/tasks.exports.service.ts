import type { FormDefinition } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import type { DbHandle } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import { inScope, pathWithin, runScoped, type UserActor } from '../../platform/scope.js';
import type { BoardService } from './tasks.board.service.js';
import * as foreign from './tasks.directory.repository.js';
import { requireTask } from './tasks.dispatch.service.js';
import { aggregateWorkbook, submissionsWorkbook } from './tasks.excel.js';

/** Excel exports of a task's aggregate and of every submission (audited: they leave the platform). */
export function createExports(deps: { handle: DbHandle; board: BoardService }) {
  return {
    aggregate: async (
      actor: UserActor,
      taskId: number,
      q: { orgId?: number | undefined; include: 'submitted' | 'approved' },
    ) => {
      const a = await deps.board.aggregate(actor, taskId, q);
      const t = await deps.board.requireDispatcherTask(actor, taskId);
      const bytes = await aggregateWorkbook(t.title, a);
      await runScoped(deps.handle, actor, (s) =>
        appendAudit(s.tx, actor, {
          action: 'task.export',
          targetType: 'task',
          targetId: t.id,
          orgId: t.orgId,
          orgPath: t.orgPath,
          after: { kind: 'aggregate', orgId: a.org.id },
        }),
      );
      return { bytes, fileName: `${t.title}-汇总-${a.org.name}.xlsx` };
    },
    submissions: (
      actor: UserActor,
      taskId: number,
      q: { orgId?: number | undefined; include: 'submitted' | 'approved' },
    ) =>
      runScoped(deps.handle, actor, async (s) => {
        const t = await requireTask(s, taskId);
        if (!inScope(s, t.orgPath)) throw new AppError('FORBIDDEN');
        if (!t.definition)
          throw new AppError('VALIDATION_FAILED', {
            field: 'taskId',
            zh: '该任务没有报表',
            en: 'This task has no form',
          });
        const regionId = q.orgId ?? t.orgId;
        const region = (await foreign.orgsById(s, [regionId])).get(regionId);
        if (!region || !pathWithin(region.path, t.orgPath) || !inScope(s, region.path))
          throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
        const states = q.include === 'approved' ? ['approved'] : ['submitted', 'approved'];
        const rows = await foreign.submissionsUnder(s, t.id, region.path, states);
        const bytes = await submissionsWorkbook(t.definition as FormDefinition, rows);
        await appendAudit(s.tx, actor, {
          action: 'task.export',
          targetType: 'task',
          targetId: t.id,
          orgId: t.orgId,
          orgPath: t.orgPath,
          after: { kind: 'submissions', orgId: region.id, rows: rows.length },
        });
        return { bytes, fileName: `${t.title}-明细-${region.name}.xlsx`, rows: rows.length };
      }),
  };
}
