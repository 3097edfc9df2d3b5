import { canBeChildOf, maskPhone, type Coverage, type CreateOrgInput, type OrgDetail, type OrgNode, type OrgSearchHit, type OrgSummary, type OrgType, type UpdateOrgInput } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import type { FieldCrypto } from '../../platform/crypto.js';
import type { DbHandle } from '../../platform/db/client.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { requirePermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import { pinyinKeys } from './organizations.names.js';
import { allowedOrgActions } from './organizations.policy.js';
import * as repo from './organizations.repository.js';
import { termView } from './organizations.officers.js';

export interface OrgDeps {
  handle: DbHandle;
  crypto: FieldCrypto;
  today: () => string;
}

export async function requireOrg(s: Scoped, id: number, field?: string): Promise<repo.OrgRow> {
  const org = await repo.findOrg(s, id);
  if (!org) throw new AppError('ORG_NOT_FOUND', field ? { field } : {});
  return org;
}

export function requireActive(org: repo.OrgRow, field?: string): void {
  if (org.status !== 'active') throw new AppError('ORG_NOT_ACTIVE', field ? { field } : {});
}

/** The record as the audit trail keeps it: no ciphertext, phone masked. */
export function auditView(org: repo.OrgRow, crypto: FieldCrypto) {
  const { contactPhoneEnc, namePinyin: _p, nameInitials: _i, createdAt: _c, updatedAt: _u, ...rest } = org;
  return { ...rest, contactPhone: contactPhoneEnc ? maskPhone(crypto.decrypt(contactPhoneEnc)) : null };
}

export async function detailOf(s: Scoped, deps: OrgDeps, org: repo.OrgRow): Promise<OrgDetail> {
  const node = await repo.findNode(s, org.id);
  const ancestors = await repo.ancestorsOf(s, org.path);
  const merged = org.mergedIntoId ? await repo.findOrg(s, org.mergedIntoId) : null;
  const term = await repo.currentTerm(s, org.id);
  return {
    ...(node as OrgNode),
    shortName: org.shortName,
    divisionCode: org.divisionCode,
    address: org.address,
    contactName: org.contactName,
    contactPhone: org.contactPhoneEnc ? maskPhone(deps.crypto.decrypt(org.contactPhoneEnc)) : null,
    foundedOn: org.foundedOn,
    validFrom: org.validFrom,
    validTo: org.validTo,
    mergedInto: merged ? repo.toSummary(merged) : null,
    ancestors,
    currentTerm: term ? termView(term, deps.today()) : null,
    allowedActions: allowedOrgActions(s.actor, { id: org.id, type: org.type as OrgType, status: org.status, path: org.path }),
  };
}

export function createOrganizationsService(deps: OrgDeps) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);

  return {
    /** The acting org as the tree's root, with its ancestors for the breadcrumb. */
    treeRoots: (actor: UserActor) =>
      run(actor, async (s) => {
        const node = await repo.findNode(s, actor.scope.orgId);
        if (!node) throw new AppError('ORG_NOT_FOUND');
        return { items: [node], ancestors: await repo.ancestorsOf(s, actor.scope.path) };
      }),

    children: (actor: UserActor, orgId: number, opts: { at?: string | undefined; includeInactive: boolean }) =>
      run(actor, async (s): Promise<{ items: OrgNode[] }> => {
        await requireOrg(s, orgId);
        const items = opts.at ? await repo.childrenAt(s, orgId, opts.at) : await repo.childrenOf(s, orgId, opts.includeInactive);
        return { items };
      }),

    ancestors: (actor: UserActor, orgId: number) =>
      run(actor, async (s): Promise<{ items: OrgSummary[] }> => {
        const org = await requireOrg(s, orgId);
        const all = await repo.ancestorsOf(s, org.path);
        const rootDepth = actor.scope.path.split('.').length - 1;
        return { items: all.slice(rootDepth) };
      }),

    search: (actor: UserActor, q: string, limit: number) =>
      run(actor, async (s): Promise<{ items: OrgSearchHit[] }> => {
        const rootDepth = actor.scope.path.split('.').length - 1;
        const rows = await repo.searchOrgs(s, q, limit);
        return { items: rows.map((r) => ({ ...repo.toSummary(r), path: r.ancestorNames.slice(rootDepth) })) };
      }),

    detail: (actor: UserActor, orgId: number) => run(actor, async (s) => detailOf(s, deps, await requireOrg(s, orgId))),

    create: (actor: UserActor, input: CreateOrgInput) =>
      run(actor, async (s) => {
        requirePermission(actor, 'org.write');
        const parent = await requireOrg(s, input.parentId, 'parentId');
        requireActive(parent, 'parentId');
        if (!canBeChildOf(input.type, parent.type as OrgType)) {
          throw fieldError('ORG_INVALID_PARENT', 'type', '该类型的组织不能建在此上级组织下', 'an organization of this type cannot sit under this parent');
        }
        const [id] = await repo.nextOrgIds(s, 1);
        const code = input.code ?? `${parent.code}-${id}`;
        if (await repo.codeTaken(s, code)) throw new AppError('ORG_CODE_TAKEN', { field: 'code' });
        const path = `${parent.path}.${id}`;
        const today = deps.today();
        const org = await repo.insertOrg(s, {
          id: id!, code, name: input.name, shortName: input.shortName ?? null, type: input.type, status: 'active', parentId: parent.id, path,
          depth: parent.depth + 1, districtId: repo.districtOfPath(path), address: input.address ?? null, contactName: input.contactName ?? null,
          contactPhoneEnc: input.contactPhone ? deps.crypto.encrypt(input.contactPhone) : null, foundedOn: input.foundedOn ?? null,
          validFrom: today, ...pinyinKeys(input.name),
        });
        const reorgId = await repo.insertReorganization(s, {
          kind: 'create', effectiveDate: today, reason: '新建组织', summary: `新建 ${org.name}（上级：${parent.name}）`,
          details: { parentId: parent.id }, orgIds: [org.id, parent.id], orgPath: parent.path, actorId: actor.userId, actorName: actor.username,
        });
        await repo.openVersion(s, org, today, reorgId);
        await appendAudit(s.tx, actor, { action: 'org.create', targetType: 'organization', targetId: org.id, orgId: org.id, orgPath: org.path, after: auditView(org, deps.crypto) });
        return detailOf(s, deps, org);
      }),

    update: (actor: UserActor, orgId: number, input: UpdateOrgInput) =>
      run(actor, async (s) => {
        requirePermission(actor, 'org.write');
        const before = await requireOrg(s, orgId);
        requireActive(before);
        const { contactPhone, ...rest } = input;
        const patch = { ...rest, ...(contactPhone !== undefined ? { contactPhoneEnc: contactPhone ? deps.crypto.encrypt(contactPhone) : null } : {}) };
        const after = Object.keys(patch).length ? await repo.updateOrgRow(s, orgId, patch) : before;
        await appendAudit(s.tx, actor, { action: 'org.update', targetType: 'organization', targetId: orgId, orgId, orgPath: after.path, before: auditView(before, deps.crypto), after: auditView(after, deps.crypto) });
        return detailOf(s, deps, after);
      }),

    coverage: (actor: UserActor, orgId: number) =>
      run(actor, async (s): Promise<Coverage> => {
        const org = await requireOrg(s, orgId);
        const { counts, byType, spaces } = await repo.coverageOf(s, org.path);
        return {
          orgId,
          villages: Number(counts.villages),
          villagesWithFederation: Number(counts.with_federation),
          villagesWithWomensHome: Number(counts.with_womens_home),
          villagesWithParentsSchool: Number(counts.with_parents_school),
          villagesWithRightsStation: Number(counts.with_rights_station),
          womensGroups: Number(counts.womens_groups),
          termsOverdue: Number(counts.terms_overdue),
          orgsByType: Object.fromEntries(byType.map((r) => [r.type, Number(r.n)])),
          spacesByType: Object.fromEntries(spaces.map((r) => [r.type, Number(r.n)])),
        };
      }),
  };
}
export type OrganizationsService = ReturnType<typeof createOrganizationsService>;
