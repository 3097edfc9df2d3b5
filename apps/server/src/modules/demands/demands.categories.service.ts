import type { DeadlineSpec, Urgency } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError } from '../../platform/errors.js';
import { requirePermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import { feedbackSpec } from './demands.deadlines.policy.js';
import * as repo from './demands.repository.js';
import type { DemandsDeps } from './demands.service.js';

export async function categorySpec(
  s: Scoped,
  code: string,
  urgency: Urgency,
  field = 'category',
): Promise<DeadlineSpec> {
  const c = await repo.category(s, code);
  if (!c)
    throw new AppError('CATEGORY_UNKNOWN', {
      field,
      zh: `诉求类别不存在：${code}`,
      en: `Unknown demand category: ${code}`,
    });
  return feedbackSpec(urgency, c.deadlines as Partial<Record<string, DeadlineSpec>>);
}

/** The category dictionary: built-in categories and those an org adds, each with its feedback deadlines. */
export function createCategories(deps: DemandsDeps) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) =>
    runScoped(deps.handle, actor, async (s) => {
      await repo.confineToOwn(s);
      return fn(s);
    });

  return {
    categories: (actor: UserActor) =>
      run(actor, async (s) => ({
        items: (await repo.categories(s)).map((c) => ({
          code: c.code,
          name: { 'zh-CN': c.nameZh, 'en-US': c.nameEn },
          builtin: c.builtin,
          deadlines: c.deadlines as Record<string, DeadlineSpec>,
        })),
      })),

    createCategory: (
      actor: UserActor,
      input: { code: string; nameZh: string; nameEn: string; deadlines: Partial<Record<Urgency, DeadlineSpec>> },
    ) =>
      run(actor, async (s) => {
        requirePermission(actor, 'catalogue.write');
        const row = await repo.insertCategory(s, {
          code: input.code,
          nameZh: input.nameZh,
          nameEn: input.nameEn,
          deadlines: input.deadlines,
          builtin: false,
        });
        if (!row)
          throw new AppError('CONFLICT', {
            field: 'code',
            zh: '类别代码已存在',
            en: 'The category code already exists',
          });
        await appendAudit(s.tx, actor, {
          action: 'demand.category.create',
          targetType: 'demand_category',
          targetId: input.code,
          after: input,
        });
        return {
          code: row.code,
          name: { 'zh-CN': row.nameZh, 'en-US': row.nameEn },
          builtin: false,
          deadlines: row.deadlines as Record<string, DeadlineSpec>,
        };
      }),
  };
}
