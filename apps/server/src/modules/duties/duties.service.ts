import type { Checklist, ChecklistInput, MemberProgress, OrgType, ProgressStatus } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import type { DbHandle } from '../../platform/db/client.js';
import { fieldError } from '../../platform/errors.js';
import type { Extensions } from '../../platform/modules.js';
import { hasPermission, requireOrgInScope, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import { checklistProblem, memberProgress, yearElapsed, type DutyItemSpec } from './duties.policy.js';
import * as repo from './duties.repository.js';

export interface DutiesDeps {
  handle: DbHandle;
  today: () => string;
  extensions: Pick<Extensions, 'duties'>;
}

type Org = NonNullable<Awaited<ReturnType<typeof repo.orgsById>> extends Map<number, infer O> ? O : never>;
export const orgSummary = (o: Org | undefined, id: number) => ({
  id,
  code: o?.code ?? '',
  name: o?.name ?? '',
  type: (o?.type ?? 'village_federation') as OrgType,
});

export async function requireOrg(s: Scoped, orgId: number, field = 'orgId') {
  return requireOrgInScope(s, (await repo.orgsById(s, [orgId])).get(orgId), { field, active: true });
}

/** The duty kinds every module declared, with their labels. */
export function dutyKinds(deps: Pick<DutiesDeps, 'extensions'>) {
  return deps.extensions.duties.flatMap((d) => d.counter.kinds.map((k) => ({ ...k, module: d.module })));
}

/** How many of each kind each user did in the period: every module's counter, in the reader's transaction. */
export async function countDuties(
  deps: Pick<DutiesDeps, 'extensions'>,
  s: Scoped,
  userIds: readonly number[],
  from: string,
  to: string,
): Promise<Map<number, Record<string, number>>> {
  const out = new Map<number, Record<string, number>>(userIds.map((id) => [id, {}]));
  if (!userIds.length) return out;
  for (const { counter } of deps.extensions.duties)
    for (const r of await counter.count(s, { userIds, from, to })) {
      const m = out.get(r.userId);
      if (m) m[r.kind] = (m[r.kind] ?? 0) + r.value;
    }
  return out;
}

/** Checklists (configure, read the one in force) and progress (a 执委's own, her org's table of who is behind). */
export function createDutiesService(deps: DutiesDeps) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);
  const kindLabels = () => new Map(dutyKinds(deps).map((k) => [k.code, k.label]));
  const yearOf = (y: number | undefined) => y ?? Number(deps.today().slice(0, 4));

  async function checklistView(
    s: Scoped,
    actor: UserActor,
    row: repo.ChecklistRow,
    askedOrgId: number,
  ): Promise<Checklist> {
    const labels = kindLabels();
    const org = (await repo.orgsById(s, [row.orgId])).get(row.orgId);
    return {
      id: row.id,
      org: orgSummary(org, row.orgId),
      year: row.year,
      name: row.name,
      items: (row.items as DutyItemSpec[]).map((i) => ({
        ...i,
        kindLabel: labels.get(i.kind) ?? { 'zh-CN': i.kind, 'en-US': i.kind },
      })),
      inherited: row.orgId !== askedOrgId,
      canEdit: hasPermission(actor, 'duty.manage') && row.orgId === askedOrgId,
    };
  }

  /** Progress of members against a checklist, through today for this year (the whole year for a past one). */
  async function progressOf(
    s: Scoped,
    checklist: repo.ChecklistRow,
    members: { id: number; displayName: string; orgId: number }[],
  ): Promise<MemberProgress[]> {
    const today = deps.today();
    const from = `${checklist.year}-01-01`;
    const end = `${checklist.year}-12-31`;
    const to = today < end ? today : end;
    const counts = await countDuties(
      deps,
      s,
      members.map((m) => m.id),
      from,
      to,
    );
    const orgs = await repo.orgsById(
      s,
      members.map((m) => m.orgId),
    );
    const elapsed = yearElapsed(checklist.year, today);
    return members.map((m) => ({
      user: { id: m.id, displayName: m.displayName },
      org: orgSummary(orgs.get(m.orgId), m.orgId),
      ...memberProgress(checklist.items as DutyItemSpec[], counts.get(m.id) ?? {}, elapsed),
    }));
  }

  async function saveChecklistIn(s: Scoped, actor: UserActor, input: ChecklistInput): Promise<Checklist> {
    const org = await requireOrg(s, input.orgId);
    const problem = checklistProblem(input.items, new Set(dutyKinds(deps).map((k) => k.code)));
    if (problem)
      throw fieldError(
        'VALIDATION_FAILED',
        `items.${problem.index}.kind`,
        problem.reason === 'unknown' ? '没有这种履职事项' : '同一事项列了两次',
        problem.reason === 'unknown' ? 'no module counts this duty kind' : 'the kind is listed twice',
      );
    const row = await repo.upsertChecklist(s, {
      orgId: org.id,
      orgPath: org.path,
      year: input.year,
      name: input.name,
      items: input.items,
      updatedBy: actor.displayName,
    });
    await appendAudit(s.tx, actor, {
      action: 'duty.checklist.save',
      targetType: 'duty_checklist',
      targetId: row.id,
      orgId: org.id,
      orgPath: org.path,
      after: { year: input.year, name: input.name, items: input.items },
    });
    return checklistView(s, actor, row, org.id);
  }

  return {
    progressOf,
    kinds: () => ({ items: dutyKinds(deps).map((k) => ({ code: k.code, module: k.module, label: k.label })) }),

    checklist: (actor: UserActor, q: { orgId?: number | undefined; year?: number | undefined }) =>
      run(actor, async (s) => {
        const org = await requireOrg(s, q.orgId ?? actor.scope.orgId);
        const row = await repo.effectiveChecklist(s, org.path, yearOf(q.year));
        return row ? checklistView(s, actor, row, org.id) : null;
      }),

    saveChecklist: (actor: UserActor, input: ChecklistInput) => run(actor, (s) => saveChecklistIn(s, actor, input)),
    saveChecklistIn: (s: Scoped, actor: UserActor, input: ChecklistInput) => saveChecklistIn(s, actor, input),
    table: (
      actor: UserActor,
      q: { orgId?: number | undefined; year?: number | undefined; status?: ProgressStatus | undefined },
    ) =>
      run(actor, async (s) => {
        const org = await requireOrg(s, q.orgId ?? actor.scope.orgId);
        const year = yearOf(q.year);
        const row = await repo.effectiveChecklist(s, org.path, year);
        if (!row) return { year, checklist: null, members: [], behind: 0 };
        const members = await progressOf(s, row, await repo.executiveMembers(s, org.path));
        const order: Record<ProgressStatus, number> = { behind: 0, on_track: 1, done: 2 };
        members.sort((a, b) => order[a.status] - order[b.status] || a.itemsDone - b.itemsDone);
        return {
          year,
          checklist: await checklistView(s, actor, row, org.id),
          members: q.status ? members.filter((m) => m.status === q.status) : members,
          behind: members.filter((m) => m.status === 'behind').length,
        };
      }),

    /** The caller's own progress on the checklist in force at her home org. */
    mine: (actor: UserActor, year: number) =>
      run(actor, async (s) => {
        const row = await repo.effectiveChecklist(s, actor.homePath, year);
        const me = { id: actor.userId, displayName: actor.displayName, orgId: actor.homeOrgId };
        if (!row) return { year, checklist: null, progress: null };
        const [progress] = await progressOf(s, row, [me]);
        return { year, checklist: await checklistView(s, actor, row, actor.homeOrgId), progress: progress ?? null };
      }),
  };
}
export type DutiesService = ReturnType<typeof createDutiesService>;
