import {
  canBeChildOf,
  DEFAULT_OFFICE_HOURS,
  maskPhone,
  ORG_TYPES,
  SPACE_TYPES,
  type Coverage,
  type CreateOrgInput,
  type OrgDetail,
  type OrgNode,
  type OrgSearchHit,
  type OrgSummary,
  type OrgType,
  type UpdateOrgInput,
} from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import type { Config } from '../../platform/config.js';
import type { FieldCrypto } from '../../platform/crypto.js';
import type { DbHandle } from '../../platform/db/client.js';
import { AppError, fieldError } from '../../platform/errors.js';
import {
  readScoped,
  requirePermission,
  runScoped,
  type Actor,
  type Scoped,
  type UserActor,
} from '../../platform/scope.js';
import { pinyinKeys } from './organizations.names.policy.js';
import { villagesWithSpaceOf } from './organizations.statistics.js';
import { allowedOrgActions } from './organizations.policy.js';
import * as reads from './organizations.reads.repository.js';
import * as repo from './organizations.repository.js';
import { termView } from './organizations.officers.service.js';

export interface OrgDeps {
  handle: DbHandle;
  crypto: FieldCrypto;
  today: () => string;
  config: Pick<Config, 'subtreeReadTimeoutMs'>;
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

/** The detail of an org inside a write's transaction (the same statement the read endpoint runs alone). */
export async function detailOf(s: Scoped, deps: OrgDeps, org: repo.OrgRow): Promise<OrgDetail> {
  const detail = await reads.readDetail(s, org.id);
  if (!detail) throw new AppError('ORG_NOT_FOUND');
  return detailView(s.actor, deps, detail);
}

function detailView(actor: Actor, deps: OrgDeps, d: reads.DetailRow): OrgDetail {
  return {
    id: d.id,
    code: d.code,
    name: d.name,
    type: d.type,
    status: d.status,
    parentId: d.parentId,
    depth: d.depth,
    childCount: d.childCount,
    shortName: d.shortName,
    divisionCode: d.divisionCode,
    address: d.address,
    contactName: d.contactName,
    contactPhone: d.contactPhoneEnc ? maskPhone(deps.crypto.decrypt(d.contactPhoneEnc)) : null,
    foundedOn: d.foundedOn,
    validFrom: d.validFrom,
    validTo: d.validTo,
    mergedInto: d.mergedInto,
    ancestors: d.ancestors,
    officeHours: d.officeHours,
    inheritedOfficeHours: d.inheritedOfficeHours ?? { hours: DEFAULT_OFFICE_HOURS, from: null },
    currentTerm: d.currentTerm ? termView(d.currentTerm, deps.today()) : null,
    allowedActions: allowedOrgActions(actor, { id: d.id, type: d.type as OrgType, status: d.status, path: d.path }),
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

    children: async (
      actor: UserActor,
      orgId: number,
      opts: { at?: string | undefined; includeInactive: boolean },
    ): Promise<{ items: OrgNode[] }> => {
      if (opts.at) {
        const at = opts.at;
        return run(actor, async (s) => {
          await requireOrg(s, orgId);
          return { items: await repo.childrenAt(s, orgId, at) };
        });
      }
      const [row] = await readScoped<{ found: boolean; items: OrgNode[] }>(deps.handle, actor, (s) =>
        reads.childrenStatement(s, orgId, opts.includeInactive),
      );
      if (!row?.found) throw new AppError('ORG_NOT_FOUND');
      return { items: row.items };
    },

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

    detail: async (actor: UserActor, orgId: number): Promise<OrgDetail> => {
      const [row] = await readScoped<{ detail: reads.DetailRow }>(deps.handle, actor, (s) =>
        reads.detailStatement(s, orgId),
      );
      if (!row) throw new AppError('ORG_NOT_FOUND');
      return detailView(actor, deps, row.detail);
    },

    create: (actor: UserActor, input: CreateOrgInput) =>
      run(actor, async (s) => {
        requirePermission(actor, 'org.write');
        const parent = await requireOrg(s, input.parentId, 'parentId');
        requireActive(parent, 'parentId');
        if (!canBeChildOf(input.type, parent.type as OrgType)) {
          throw fieldError(
            'ORG_INVALID_PARENT',
            'type',
            '该类型的组织不能建在此上级组织下',
            'an organization of this type cannot sit under this parent',
          );
        }
        const [id] = await repo.nextOrgIds(s, 1);
        const code = input.code ?? `${parent.code}-${id}`;
        if (await repo.codeTaken(s, code)) throw new AppError('ORG_CODE_TAKEN', { field: 'code' });
        const path = `${parent.path}.${id}`;
        const today = deps.today();
        const org = await repo.insertOrg(s, {
          id: id!,
          code,
          name: input.name,
          shortName: input.shortName ?? null,
          type: input.type,
          status: 'active',
          parentId: parent.id,
          path,
          depth: parent.depth + 1,
          districtId: repo.districtOfPath(path),
          address: input.address ?? null,
          contactName: input.contactName ?? null,
          contactPhoneEnc: input.contactPhone ? deps.crypto.encrypt(input.contactPhone) : null,
          foundedOn: input.foundedOn ?? null,
          validFrom: today,
          ...pinyinKeys(input.name),
        });
        const reorgId = await repo.insertReorganization(s, {
          kind: 'create',
          effectiveDate: today,
          reason: '新建组织',
          summary: `新建 ${org.name}（上级：${parent.name}）`,
          details: { parentId: parent.id },
          orgIds: [org.id, parent.id],
          orgPath: parent.path,
          actorId: actor.userId,
          actorName: actor.username,
        });
        await repo.openVersion(s, org, today, reorgId);
        await appendAudit(s.tx, actor, {
          action: 'org.create',
          targetType: 'organization',
          targetId: org.id,
          orgId: org.id,
          orgPath: org.path,
          after: auditView(org, deps.crypto),
        });
        return detailOf(s, deps, org);
      }),

    update: (actor: UserActor, orgId: number, input: UpdateOrgInput) =>
      run(actor, async (s) => {
        requirePermission(actor, 'org.write');
        const before = await requireOrg(s, orgId);
        requireActive(before);
        const { contactPhone, ...rest } = input;
        const patch = {
          ...rest,
          ...(contactPhone !== undefined
            ? { contactPhoneEnc: contactPhone ? deps.crypto.encrypt(contactPhone) : null }
            : {}),
        };
        const after = Object.keys(patch).length ? await repo.updateOrgRow(s, orgId, patch) : before;
        await appendAudit(s.tx, actor, {
          action: 'org.update',
          targetType: 'organization',
          targetId: orgId,
          orgId,
          orgPath: after.path,
          before: auditView(before, deps.crypto),
          after: auditView(after, deps.crypto),
        });
        return detailOf(s, deps, after);
      }),

    coverage: async (actor: UserActor, orgId: number): Promise<Coverage> => {
      const [row] = await readScoped<{ coverage: reads.CoverageRow }>(
        deps.handle,
        actor,
        (s) => reads.coverageStatement(s, orgId),
        { timeoutMs: deps.config.subtreeReadTimeoutMs },
      );
      if (!row) throw new AppError('ORG_NOT_FOUND');
      const c = row.coverage;
      const stock = (metric: string) => Number(c.stocks[metric] ?? 0);
      /** { type: count } of the metrics `prefix.<type>` that count anything */
      const byType = (prefix: string, types: readonly string[]) =>
        Object.fromEntries(types.map((t) => [t, stock(`${prefix}.${t}`)]).filter(([, n]) => Number(n) > 0));
      return {
        orgId,
        villages: stock('organizations.stock.village_federation'),
        villagesWithFederation: Number(c.withFederation),
        villagesWithWomensHome: stock(villagesWithSpaceOf('womens_home')),
        villagesWithParentsSchool: stock(villagesWithSpaceOf('parents_school')),
        villagesWithRightsStation: stock(villagesWithSpaceOf('rights_station')),
        womensGroups: stock('organizations.stock.womens_group'),
        termsOverdue: Number(c.termsOverdue),
        orgsByType: byType('organizations.stock', Object.keys(ORG_TYPES)),
        spacesByType: byType('organizations.spaces', Object.keys(SPACE_TYPES)),
        activeSpaces: Number(c.activeSpaces),
      };
    },
  };
}
export type OrganizationsService = ReturnType<typeof createOrganizationsService>;
