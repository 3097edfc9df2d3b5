import type { AgencyKind } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError } from '../../platform/errors.js';
import { requirePermission, runScoped, type Scoped, type UserActor, inScope } from '../../platform/scope.js';
import type { CasesDeps } from './cases.access.service.js';
import { orgNames } from './cases.directory.repository.js';
import { insertAgency, insertMediator, listAgencies, listMediators } from './cases.referrals.repository.js';

/** Administration of the rosters: partner agencies and the mediators (case.agencies.manage to add). */
export function createRosterService(deps: CasesDeps) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);

  return {
    listAgencies: (actor: UserActor, orgId?: number) =>
      run(actor, async (s) => {
        const path = orgId ? (await deps.organizations.findOrg(s, orgId))?.path : null;
        const rows = await listAgencies(s, path);
        const orgs = await orgNames(
          s,
          rows.map((a) => a.orgId),
        );
        return {
          items: rows.map((a) => ({
            id: a.id,
            name: a.name,
            kind: a.kind as AgencyKind,
            org: { id: a.orgId, name: orgs.get(a.orgId) ?? '' },
            active: a.active,
          })),
        };
      }),
    createAgency: (actor: UserActor, input: { orgId: number; name: string; kind: AgencyKind }) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.agencies.manage');
        const org = await deps.organizations.findOrg(s, input.orgId);
        if (!org || !inScope(s, org.path)) throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
        const a = await insertAgency(s, {
          orgId: org.id,
          orgPath: org.path,
          districtId: org.districtId,
          name: input.name,
          kind: input.kind,
        });
        await appendAudit(s.tx, actor, {
          action: 'case.agency.create',
          targetType: 'partner_agency',
          targetId: a.id,
          orgId: org.id,
          orgPath: org.path,
          after: input,
        });
        return {
          id: a.id,
          name: a.name,
          kind: a.kind as AgencyKind,
          org: { id: org.id, name: org.name },
          active: a.active,
        };
      }),
    listMediators: (actor: UserActor) =>
      run(actor, async (s) => {
        const rows = await listMediators(s);
        const orgs = await orgNames(
          s,
          rows.map((m) => m.orgId),
        );
        return {
          items: rows.map((m) => ({
            id: m.id,
            name: m.name,
            org: { id: m.orgId, name: orgs.get(m.orgId) ?? '' },
            userId: m.userId,
            specialty: m.specialty,
            active: m.active,
          })),
        };
      }),
    createMediator: (
      actor: UserActor,
      input: { orgId: number; name: string; userId?: number | undefined; specialty?: string | undefined },
    ) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.agencies.manage');
        const org = await deps.organizations.findOrg(s, input.orgId);
        if (!org || !inScope(s, org.path)) throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
        const m = await insertMediator(s, {
          orgId: org.id,
          orgPath: org.path,
          districtId: org.districtId,
          name: input.name,
          userId: input.userId ?? null,
          specialty: input.specialty ?? null,
        });
        await appendAudit(s.tx, actor, {
          action: 'case.mediator.create',
          targetType: 'mediator',
          targetId: m.id,
          orgId: org.id,
          orgPath: org.path,
          after: input,
        });
        return {
          id: m.id,
          name: m.name,
          org: { id: org.id, name: org.name },
          userId: m.userId,
          specialty: m.specialty,
          active: m.active,
        };
      }),
  };
}
