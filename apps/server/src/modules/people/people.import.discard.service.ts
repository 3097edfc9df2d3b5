import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError } from '../../platform/errors.js';
import { runAsSystem, runScoped, systemActor, type UserActor } from '../../platform/scope.js';
import * as repo from './people.import.repository.js';
import { requireImporter, viewOf, type PeopleImportDeps } from './people.import.service.js';

/**
 * Staged personal data does not outlive its use: a preview the importer does not want is discarded at once, and a
 * daily job deletes what is left of any import after the configured days (JINGUO_IMPORT_RETENTION_DAYS).
 */

export const IMPORT_PURGE_QUEUE = 'people-import-purge';
export const IMPORT_PURGE_SECONDS = 24 * 60 * 60;
/** Imports purged per transaction (a finished import's rows with problems may be many). */
const PURGE_BATCH = 20;

export function createImportDiscard(deps: PeopleImportDeps) {
  /** 放弃: a preview never committed — its staged rows deleted, the import kept as discarded (with its counts). */
  const discard = (actor: UserActor, id: number) =>
    runScoped(deps.handle, actor, async (s) => {
      requireImporter(actor);
      const imp = await repo.findImport(s, id, actor.userId, true);
      if (!imp) throw new AppError('NOT_FOUND');
      const previewOnly = imp.status === 'validated' || (imp.status === 'failed' && !imp.queuedAt);
      if (!previewOnly)
        throw new AppError('CONFLICT', {
          field: 'status',
          zh: imp.status === 'discarded' ? '该导入已放弃' : '只能放弃尚未提交的导入预览：已提交的导入不能放弃',
          en:
            imp.status === 'discarded'
              ? 'This import was discarded already'
              : 'Only a preview that was never committed can be discarded',
        });
      const done = await repo.purgeStaged(s, id, { status: 'discarded', finishedAt: new Date() });
      await appendAudit(s.tx, actor, {
        action: 'person.import.discard',
        targetType: 'person_import',
        targetId: id,
        orgId: imp.orgId,
        orgPath: imp.orgPath,
        before: { status: imp.status },
        after: { filename: imp.filename, rows: imp.totalRows },
      });
      return viewOf(s, done);
    });

  /**
   * Deletes the staged rows of every import older than the retention days: a preview never committed becomes
   * discarded, a finished import keeps its counts but no longer its rows. One audit event per import.
   */
  async function purge(): Promise<{ purged: number[] }> {
    const days = deps.config.importRetentionDays;
    const purged: number[] = [];
    for (;;) {
      const batch = await runAsSystem(deps.handle, systemActor('people.import-purge'), async (s) => {
        const due = await repo.importsToPurge(s, days, PURGE_BATCH);
        for (const imp of due) {
          const never = imp.status === 'validated' || imp.status === 'validating';
          await repo.purgeStaged(
            s,
            imp.id,
            never
              ? {
                  status: 'discarded',
                  finishedAt: imp.finishedAt ?? new Date(),
                  error: {
                    'zh-CN': `预览超过 ${days} 天未提交，暂存数据已清除`,
                    'en-US': `The preview was not committed within ${days} days; its staged data was deleted`,
                  },
                }
              : {},
          );
          await appendAudit(s.tx, s.actor, {
            action: 'person.import.purge',
            targetType: 'person_import',
            targetId: imp.id,
            orgId: imp.orgId,
            orgPath: imp.orgPath,
            before: { status: imp.status },
            after: { retentionDays: days },
          });
        }
        return due.map((i) => i.id);
      });
      purged.push(...batch);
      if (batch.length < PURGE_BATCH) return { purged };
    }
  }

  return { discard, purge };
}
