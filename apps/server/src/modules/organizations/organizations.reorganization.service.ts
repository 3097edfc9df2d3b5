import { inOrder } from '../../platform/db/client.js';
import {
  type DissolveOrgInput,
  type MergeOrgInput,
  type MoveOrgInput,
  type OrgHistory,
  type OrgType,
  type RenameOrgInput,
  type Reorganization,
  type SplitOrgInput,
} from '@jinguo/contracts';
import { AppError, fieldError } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.js';
import { requirePermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import { isBelowScopeRoot } from './organizations.policy.js';
import * as reorgRepo from './organizations.reorganization.repository.js';
import * as repo from './organizations.repository.js';
import { detailOf, requireActive, requireOrg, type OrgDeps } from './organizations.service.js';
import {
  beginReorganization as begin,
  createOrgAt,
  dissolveOrg,
  mergeOrg,
  moveOrg,
  renameOrg,
} from './organizations.reorganization-steps.service.js';

/** The reorganizations users ask for over HTTP, each one transaction of the steps, and their history. */
export function createReorganizationService(deps: OrgDeps) {
  /** Loads an org the actor may restructure: in scope, active, and strictly below the acting root. */
  async function target(s: Scoped, actor: UserActor, orgId: number) {
    requirePermission(actor, 'org.reorganize');
    const org = await requireOrg(s, orgId);
    requireActive(org);
    if (!isBelowScopeRoot(actor, { ...org, type: org.type as OrgType })) throw new AppError('FORBIDDEN');
    return org;
  }
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);

  return {
    rename: (actor: UserActor, orgId: number, input: RenameOrgInput) =>
      run(actor, async (s) => {
        const org = await target(s, actor, orgId);
        const c = await begin(s, deps, 'rename', input, `${org.name} 更名为 ${input.name}`, [org]);
        return detailOf(s, deps, await renameOrg(c, org, input.name, input.effectiveDate, input.reason));
      }),

    move: (actor: UserActor, orgId: number, input: MoveOrgInput) =>
      run(actor, async (s) => {
        const org = await target(s, actor, orgId);
        const parent = await requireOrg(s, input.newParentId, 'newParentId');
        requireActive(parent, 'newParentId');
        const c = await begin(s, deps, 'move', input, `${org.name} 迁移至 ${parent.name} 之下`, [org, parent], {
          from: org.parentId,
          to: parent.id,
        });
        return detailOf(s, deps, await moveOrg(c, org, parent, input.effectiveDate, input.reason));
      }),

    merge: (actor: UserActor, orgId: number, input: MergeOrgInput) =>
      run(actor, async (s) => {
        const org = await target(s, actor, orgId);
        const into = await requireOrg(s, input.targetId, 'targetId');
        requireActive(into, 'targetId');
        const c = await begin(s, deps, 'merge', input, `${org.name} 并入 ${into.name}`, [org, into], { into: into.id });
        await mergeOrg(c, org, into, input.effectiveDate, input.reason);
        return detailOf(s, deps, (await repo.findOrg(s, into.id))!);
      }),

    split: (actor: UserActor, orgId: number, input: SplitOrgInput) =>
      run(actor, async (s) => {
        const org = await target(s, actor, orgId);
        const parent = await requireOrg(s, org.parentId!, 'parentId');
        const children = await repo.childrenOf(s, org.id, false);
        const assigned = input.parts.flatMap((p) => p.childIds);
        const unknown = assigned.filter((id) => !children.some((c) => c.id === id));
        if (unknown.length || new Set(assigned).size !== assigned.length || assigned.length !== children.length) {
          throw fieldError(
            'VALIDATION_FAILED',
            'parts',
            '每个下级组织必须且只能分配给一个新组织',
            'every child must be assigned to exactly one new organization',
          );
        }
        const c = await begin(
          s,
          deps,
          'split',
          input,
          `${org.name} 拆分为 ${input.parts.map((p) => p.name).join('、')}`,
          [org, parent],
          { parts: input.parts },
        );
        const created: repo.OrgRow[] = [];
        for (const [i, part] of input.parts.entries()) {
          const code = part.code ?? `${org.code}-${i + 1}`;
          const fresh = await createOrgAt(
            c,
            parent,
            { name: part.name, code, type: org.type as OrgType },
            input.effectiveDate,
          );
          for (const childId of part.childIds)
            await moveOrg(c, (await repo.findOrg(s, childId))!, fresh, input.effectiveDate, input.reason);
          created.push(fresh);
        }
        // The split org's own records (spaces, accounts) go to the first part; the reorganization record says so.
        await mergeOrg(c, org, created[0]!, input.effectiveDate, input.reason);
        return { items: await inOrder(created, async (o) => detailOf(s, deps, (await repo.findOrg(s, o.id))!)) };
      }),

    dissolve: (actor: UserActor, orgId: number, input: DissolveOrgInput) =>
      run(actor, async (s) => {
        const org = await target(s, actor, orgId);
        const c = await begin(s, deps, 'dissolve', input, `撤销 ${org.name}`, [org]);
        return detailOf(s, deps, await dissolveOrg(c, org, input.effectiveDate, input.reason));
      }),

    history: (actor: UserActor, orgId: number) =>
      run(actor, async (s): Promise<OrgHistory> => {
        await requireOrg(s, orgId);
        const versions = await reorgRepo.versionsOf(s, orgId);
        const reorgs = await reorgRepo.reorganizationsOf(s, orgId);
        return {
          versions: versions.map(({ v, parentCode, parentName, parentType }) => ({
            name: v.name,
            code: v.code,
            type: v.type as OrgType,
            status: v.status as 'active',
            validFrom: v.validFrom,
            validTo: v.validTo,
            reorganizationId: v.reorganizationId,
            parent:
              v.parentId && parentName
                ? { id: v.parentId, code: parentCode!, name: parentName, type: parentType as OrgType }
                : null,
          })),
          reorganizations: reorgs.map(reorganizationView),
        };
      }),

    list: (actor: UserActor, cursor: string | undefined, limit: number) =>
      run(actor, async (s) => {
        const after = decodeCursor<{ id: number }>(cursor);
        const rows = await reorgRepo.listReorganizations(s, after ? Number(after.id) || 0 : null, limit);
        const page = rows.slice(0, limit);
        return {
          items: page.map(reorganizationView),
          nextCursor: rows.length > limit ? encodeCursor({ id: page[page.length - 1]!.id }) : null,
        };
      }),
  };
}

function reorganizationView(r: Awaited<ReturnType<typeof reorgRepo.reorganizationsOf>>[number]): Reorganization {
  return {
    id: r.id,
    kind: r.kind as Reorganization['kind'],
    effectiveDate: r.effectiveDate,
    reason: r.reason,
    summary: r.summary,
    actorName: r.actorName,
    recordedAt: r.recordedAt.toISOString(),
  };
}
