import { pathWithin } from '../../platform/scope.js';
import { campaignLevelOf, type CampaignProgress, type CampaignTarget, type OrgType } from '@jinguo/contracts';
import { AppError } from '../../platform/errors.js';
import type { Scoped, UserActor } from '../../platform/scope.js';
import * as repo from './visits.campaigns.repository.js';
import * as foreign from './visits.directory.repository.js';

const rate = (done: number, planned: number) => (planned > 0 ? Math.round((done / planned) * 10_000) / 10_000 : null);

/** Planned vs done for an org's part of a campaign (its subtree), each of its children, and each visitor at it. */
export async function campaignProgress(
  s: Scoped,
  actor: UserActor,
  c: repo.CampaignRow,
  orgId: number | undefined,
): Promise<CampaignProgress> {
  const oid = orgId ?? (pathWithin(c.orgPath, actor.scope.path) ? c.orgId : actor.scope.orgId);
  const org = (await foreign.orgsById(s, [oid])).get(oid);
  if (!org || !pathWithin(org.path, actor.scope.path) || !pathWithin(org.path, c.orgPath))
    throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
  const self = await repo.progressOf(s, c.id, oid);
  const children = await foreign.childProgress(s, c.id, oid);
  const level = campaignLevelOf(org.type);
  const target = (c.targets as CampaignTarget[]).find((t) => t.level === level);
  const visitors = target ? await foreign.visitorsAt(s, oid, target.visitorRoles) : [];
  const done = await repo.visitsByVisitor(
    s,
    c.id,
    visitors.map((v) => v.id),
  );
  const summary = (o: { id: number; code: string; name: string; type: string }) => ({
    id: o.id,
    code: o.code,
    name: o.name,
    type: o.type as OrgType,
  });
  return {
    campaignId: c.id,
    self: {
      org: summary(org),
      planned: self.plannedTotal,
      done: self.done,
      rate: rate(self.done, self.plannedTotal),
    },
    children: children.map((ch) => ({
      org: summary(ch),
      planned: Number(ch.planned_total),
      done: Number(ch.done),
      rate: rate(Number(ch.done), Number(ch.planned_total)),
    })),
    visitors: visitors.map((v) => ({
      user: { id: v.id, displayName: v.displayName },
      planned: target?.plannedPerVisitor ?? 0,
      done: done.get(v.id) ?? 0,
    })),
  };
}
