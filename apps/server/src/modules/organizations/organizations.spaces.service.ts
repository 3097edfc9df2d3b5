import type { Space, SpaceInput, SpaceType } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError } from '../../platform/errors.js';
import { requirePermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import * as repo from './organizations.spaces.repository.js';
import { requireActive, requireOrg, type OrgDeps } from './organizations.service.js';

function spaceView(r: repo.SpaceRow): Space {
  return {
    id: r.id,
    orgId: r.orgId,
    type: r.type as SpaceType,
    name: r.name,
    address: r.address,
    openingHours: r.openingHours,
    services: r.services,
    areaSqm: r.areaSqm,
    openedOn: r.openedOn,
    activityCount: r.activityCount,
  };
}

/** 阵地: 妇女之家, 儿童之家, 家长学校, 维权站… of an organization. */
export function createSpacesService(deps: OrgDeps) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);
  const fields = (input: Partial<SpaceInput>) => ({
    ...(input.type !== undefined ? { type: input.type } : {}),
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.address !== undefined ? { address: input.address } : {}),
    ...(input.openingHours !== undefined ? { openingHours: input.openingHours } : {}),
    ...(input.services !== undefined ? { services: input.services } : {}),
    ...(input.areaSqm !== undefined ? { areaSqm: input.areaSqm } : {}),
    ...(input.openedOn !== undefined ? { openedOn: input.openedOn } : {}),
  });
  async function requireSpace(s: Scoped, id: number) {
    const space = await repo.findSpace(s, id);
    if (!space) throw new AppError('NOT_FOUND');
    return space;
  }

  return {
    list: (actor: UserActor, orgId: number) =>
      run(actor, async (s) => {
        await requireOrg(s, orgId);
        return { items: (await repo.spacesOf(s, orgId)).map(spaceView) };
      }),
    create: (actor: UserActor, orgId: number, input: SpaceInput) =>
      run(actor, async (s) => {
        requirePermission(actor, 'org.write');
        const org = await requireOrg(s, orgId);
        requireActive(org);
        const row = await repo.insertSpace(s, {
          orgId,
          orgPath: org.path,
          districtId: org.districtId,
          type: input.type,
          name: input.name,
          ...fields(input),
        });
        await appendAudit(s.tx, actor, {
          action: 'space.create',
          targetType: 'space',
          targetId: row.id,
          orgId,
          orgPath: org.path,
          after: spaceView(row),
        });
        return spaceView(row);
      }),
    update: (actor: UserActor, spaceId: number, input: Partial<SpaceInput>) =>
      run(actor, async (s) => {
        requirePermission(actor, 'org.write');
        const before = await requireSpace(s, spaceId);
        const after = await repo.updateSpace(s, spaceId, fields(input));
        await appendAudit(s.tx, actor, {
          action: 'space.update',
          targetType: 'space',
          targetId: spaceId,
          orgId: after.orgId,
          orgPath: after.orgPath,
          before: spaceView(before),
          after: spaceView(after),
        });
        return spaceView(after);
      }),
    remove: (actor: UserActor, spaceId: number) =>
      run(actor, async (s) => {
        requirePermission(actor, 'org.write');
        const before = await requireSpace(s, spaceId);
        await repo.deleteSpace(s, spaceId);
        await appendAudit(s.tx, actor, {
          action: 'space.delete',
          targetType: 'space',
          targetId: spaceId,
          orgId: before.orgId,
          orgPath: before.orgPath,
          before: spaceView(before),
        });
        return null;
      }),
  };
}
