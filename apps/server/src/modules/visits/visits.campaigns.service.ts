import {
  CAMPAIGN_LEVELS,
  campaignLevelOf,
  type Campaign,
  type CampaignInput,
  type CampaignProgress,
  type CampaignTarget,
  type OrgType,
} from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import type { DbHandle } from '../../platform/db/client.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { requirePermission, runScoped, type Scoped, type UserActor, pathWithin } from '../../platform/scope.js';
import * as repo from './visits.campaigns.repository.js';
import * as foreign from './visits.directory.repository.js';
import { campaignProgress } from './visits.progress.service.js';

export function campaignStatus(c: repo.CampaignRow, today: string): Campaign['status'] {
  if (c.closedAt) return 'closed';
  if (today < c.startsOn) return 'upcoming';
  if (today > c.endsOn) return 'ended';
  return 'active';
}

export interface CampaignsDeps {
  handle: DbHandle;
  today: () => string;
}

/** A campaign as the API shows it, with the acting org's part of its progress. */
async function view(deps: CampaignsDeps, s: Scoped, actor: UserActor, c: repo.CampaignRow): Promise<Campaign> {
  const org = (await foreign.orgsById(s, [c.orgId])).get(c.orgId);
  // the progress of the acting org's part (the launching org's when it is in the actor's subtree)
  const partOrg = pathWithin(c.orgPath, actor.scope.path) ? c.orgId : actor.scope.orgId;
  const p = await repo.progressOf(s, c.id, partOrg);
  return {
    id: c.id,
    org: {
      id: c.orgId,
      code: org?.code ?? '',
      name: org?.name ?? '',
      type: (org?.type ?? 'city_federation') as OrgType,
    },
    name: c.name,
    description: c.description,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    targets: c.targets as CampaignTarget[],
    status: campaignStatus(c, deps.today()),
    planned: p.plannedTotal,
    done: p.done,
    createdBy: c.createdBy,
    createdAt: c.createdAt.toISOString(),
    canClose: actor.permissions.has('campaign.manage') && pathWithin(c.orgPath, actor.scope.path) && !c.closedAt,
  };
}

export async function requireCampaign(s: Scoped, id: number) {
  const c = await repo.findCampaign(s, id);
  if (!c) throw new AppError('CAMPAIGN_NOT_FOUND');
  return c;
}

/** Launches a campaign for the org's subtree with targets per level, and its progress rows. */
async function launch(deps: CampaignsDeps, s: Scoped, actor: UserActor, input: CampaignInput): Promise<Campaign> {
  requirePermission(actor, 'campaign.manage');
  const org = (await foreign.orgsById(s, [input.orgId])).get(input.orgId);
  if (!org || org.status !== 'active' || !pathWithin(org.path, actor.scope.path))
    throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
  if (input.endsOn < input.startsOn)
    throw fieldError(
      'VALIDATION_FAILED',
      'endsOn',
      '结束日期不能早于开始日期',
      'the end date cannot be before the start date',
    );
  const own = campaignLevelOf(org.type);
  if (own === null)
    throw fieldError(
      'VALIDATION_FAILED',
      'orgId',
      '只有市、区县、镇街、村社妇联可以发起走访活动',
      'only city, district, town and village federations launch campaigns',
    );
  const seen = new Set<string>();
  input.targets.forEach((t, i) => {
    if (CAMPAIGN_LEVELS.indexOf(t.level) < CAMPAIGN_LEVELS.indexOf(own))
      throw fieldError(
        'VALIDATION_FAILED',
        `targets.${i}.level`,
        '不能为上级组织设定走访任务',
        'targets can only be set for the launching level and below',
      );
    if (seen.has(t.level))
      throw fieldError('VALIDATION_FAILED', `targets.${i}.level`, '同一层级只能设定一次', 'each level is set once');
    seen.add(t.level);
  });
  const c = await repo.insertCampaign(s, {
    orgId: org.id,
    orgPath: org.path,
    districtId: org.districtId,
    name: input.name,
    description: input.description,
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    targets: input.targets,
    createdByUserId: actor.userId,
    createdBy: actor.displayName,
  });
  const rows = await foreign.createProgressRows(s, c.id, org.path, input.targets);
  await appendAudit(s.tx, actor, {
    action: 'campaign.launch',
    targetType: 'campaign',
    targetId: c.id,
    orgId: org.id,
    orgPath: org.path,
    after: { ...input, progressRows: rows },
  });
  return view(deps, s, actor, c);
}

/**
 * 三访 campaigns: a higher org launches one for its subtree with targets per level; each org sees its part and its
 * progress.
 */
export function createCampaigns(deps: CampaignsDeps) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);

  return {
    requireCampaign,
    launch: (actor: UserActor, input: CampaignInput) => run(actor, (s) => launch(deps, s, actor, input)),
    /** Inside the caller's transaction (the demo loader). */
    launchIn: (s: Scoped, actor: UserActor, input: CampaignInput) => launch(deps, s, actor, input),

    list: (actor: UserActor, q: { orgId?: number | undefined; status?: Campaign['status'] | undefined }) =>
      run(actor, async (s) => {
        let path = actor.scope.path;
        if (q.orgId !== undefined) {
          const o = (await foreign.orgsById(s, [q.orgId])).get(q.orgId);
          if (!o || !pathWithin(o.path, actor.scope.path)) throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
          path = o.path;
        }
        const rows = await repo.listCampaigns(s, path);
        const views: Campaign[] = [];
        // One query at a time on the transaction's connection
        for (const c of rows) views.push(await view(deps, s, actor, c));
        return { items: q.status ? views.filter((v) => v.status === q.status) : views };
      }),

    get: (actor: UserActor, id: number) => run(actor, async (s) => view(deps, s, actor, await requireCampaign(s, id))),

    close: (actor: UserActor, id: number) =>
      run(actor, async (s) => {
        requirePermission(actor, 'campaign.manage');
        const c = await requireCampaign(s, id);
        if (!pathWithin(c.orgPath, actor.scope.path)) throw new AppError('FORBIDDEN');
        if (c.closedAt) throw new AppError('CAMPAIGN_CLOSED');
        const after = await repo.closeCampaign(s, id, actor.username);
        await appendAudit(s.tx, actor, {
          action: 'campaign.close',
          targetType: 'campaign',
          targetId: id,
          orgId: c.orgId,
          orgPath: c.orgPath,
        });
        return view(deps, s, actor, after);
      }),

    /** Planned vs done for an org's part (its subtree), each of its children, and each visitor at it. */
    progress: (actor: UserActor, id: number, orgId: number | undefined): Promise<CampaignProgress> =>
      run(actor, async (s) => {
        const c = await requireCampaign(s, id);
        return campaignProgress(s, actor, c, orgId);
      }),
  };
}
export type Campaigns = ReturnType<typeof createCampaigns>;
