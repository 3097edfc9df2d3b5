import { DEFAULT_OFFICE_HOURS, type DeadlineSpec, type DemandCategory, type Urgency } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError } from '../../platform/errors.js';
import { requirePermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import { feedbackSpec, isRoundTheClock, type DeadlineRule } from './demands.deadlines.policy.js';
import * as foreign from './demands.directory.repository.js';
import * as repo from './demands.repository.js';
import type { DemandsDeps } from './demands.service.js';

async function requireCategory(s: Scoped, code: string, field = 'category') {
  const c = await repo.category(s, code);
  if (!c)
    throw new AppError('CATEGORY_UNKNOWN', {
      field,
      zh: `诉求类别不存在：${code}`,
      en: `Unknown demand category: ${code}`,
    });
  return c;
}

/**
 * What a demand's deadlines are counted by: its category's tier for its urgency, whether it runs round the clock, and
 * the office hours of the org that owns it (its own, the nearest set above it, else the default).
 */
export async function deadlineRule(
  s: Scoped,
  d: { category: string; urgency: Urgency; orgPath: string },
  field = 'category',
): Promise<DeadlineRule> {
  const c = await requireCategory(s, d.category, field);
  return {
    spec: feedbackSpec(d.urgency, c.deadlines as Partial<Record<string, DeadlineSpec>>),
    roundTheClock: isRoundTheClock(d.urgency, c.roundTheClock),
    officeHours: (await foreign.officeHoursAt(s, d.orgPath)) ?? DEFAULT_OFFICE_HOURS,
  };
}

const categoryView = (c: NonNullable<Awaited<ReturnType<typeof repo.category>>>): DemandCategory => ({
  code: c.code,
  name: { 'zh-CN': c.nameZh, 'en-US': c.nameEn },
  builtin: c.builtin,
  deadlines: c.deadlines as Record<string, DeadlineSpec>,
  roundTheClock: c.roundTheClock,
});

/** The category dictionary: built-in categories and those an org adds, each with its feedback deadlines. */
export function createCategories(deps: DemandsDeps) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) =>
    runScoped(deps.handle, actor, async (s) => {
      await repo.confineToOwn(s);
      return fn(s);
    });

  return {
    categories: (actor: UserActor) =>
      run(actor, async (s) => ({ items: (await repo.categories(s)).map(categoryView) })),

    createCategory: (
      actor: UserActor,
      input: {
        code: string;
        nameZh: string;
        nameEn: string;
        deadlines: Partial<Record<Urgency, DeadlineSpec>>;
        roundTheClock: boolean;
      },
    ) =>
      run(actor, async (s) => {
        requirePermission(actor, 'catalogue.write');
        const row = await repo.insertCategory(s, {
          code: input.code,
          nameZh: input.nameZh,
          nameEn: input.nameEn,
          deadlines: input.deadlines,
          roundTheClock: input.roundTheClock,
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
        return categoryView(row);
      }),

    /**
     * Marks a category round-the-clock or back. The dictionary serves every org, so only a cadre acting for the top
     * org changes it; demands already open keep the deadlines they were given.
     */
    updateCategory: (actor: UserActor, code: string, input: { roundTheClock: boolean }) =>
      run(actor, async (s) => {
        requirePermission(actor, 'catalogue.write');
        if (actor.scope.path.includes('.'))
          throw new AppError('FORBIDDEN', {
            field: 'roundTheClock',
            zh: '诉求类别为全市共用，只能由市级妇联修改',
            en: 'Demand categories serve every org: only the top-level federation may change them',
          });
        const before = await requireCategory(s, code, 'code');
        const after = await repo.updateCategory(s, code, { roundTheClock: input.roundTheClock });
        await appendAudit(s.tx, actor, {
          action: 'demand.category.update',
          targetType: 'demand_category',
          targetId: code,
          before: { roundTheClock: before.roundTheClock },
          after: { roundTheClock: after.roundTheClock },
        });
        return categoryView(after);
      }),
  };
}
