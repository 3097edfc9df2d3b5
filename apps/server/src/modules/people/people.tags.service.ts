import type { Person } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError } from '../../platform/errors.js';
import { requirePermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import * as repo from './people.repository.js';
import { checkTags, requirePerson, requireWritablePerson, type PeopleDeps } from './people.service.js';

/** The tag dictionary (标签): built-in tags and the ones an org adds. */
export function createTagsService(deps: PeopleDeps, view: (s: Scoped, row: repo.PersonRow) => Promise<Person>) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);

  return {
    tags: (actor: UserActor) =>
      run(actor, async (s) => ({
        items: (await repo.listTagDefinitions(s)).map((t) => ({
          code: t.code,
          name: { 'zh-CN': t.nameZh, 'en-US': t.nameEn },
          category: t.category,
          builtin: t.builtin,
        })),
      })),

    createTag: (actor: UserActor, input: { code: string; nameZh: string; nameEn: string; category: string }) =>
      run(actor, async (s) => {
        requirePermission(actor, 'person.write');
        const row = await repo.insertTagDefinition(s, {
          code: input.code,
          nameZh: input.nameZh,
          nameEn: input.nameEn,
          category: input.category,
          builtin: false,
        });
        if (!row)
          throw new AppError('CONFLICT', { field: 'code', zh: '标签代码已存在', en: 'The tag code already exists' });
        await appendAudit(s.tx, actor, { action: 'tag.create', targetType: 'tag', targetId: input.code, after: input });
        return {
          code: row.code,
          name: { 'zh-CN': row.nameZh, 'en-US': row.nameEn },
          category: row.category,
          builtin: row.builtin,
        };
      }),

    changeTags: (actor: UserActor, id: number, change: { add: string[]; remove: string[] }) =>
      run(actor, async (s) => {
        requirePermission(actor, 'person.write');
        const p = await requireWritablePerson(s, id);
        await checkTags(s, change.add);
        const current = new Set((await repo.currentTags(s, [id])).map((t) => t.tag));
        const add = [...new Set(change.add)].filter((t) => !current.has(t));
        const remove = change.remove.filter((t) => current.has(t));
        await repo.addTags(s, p, add, actor.username);
        await repo.removeTags(s, id, remove, actor.username);
        await appendAudit(s.tx, actor, {
          action: 'person.tags',
          targetType: 'person',
          targetId: id,
          orgId: p.orgId,
          orgPath: p.orgPath,
          before: [...current],
          after: { added: add, removed: remove },
        });
        return view(s, p);
      }),

    tagHistory: (actor: UserActor, id: number) =>
      run(actor, async (s) => {
        await requirePerson(s, id);
        const rows = await repo.tagHistory(s, id);
        return {
          items: rows.map((t) => ({
            code: t.tag,
            addedAt: t.addedAt.toISOString(),
            addedBy: t.addedBy,
            removedAt: t.removedAt?.toISOString() ?? null,
            removedBy: t.removedBy,
          })),
        };
      }),
  };
}
