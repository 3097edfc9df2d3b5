import { canBeChildOf, type OrgType, type Reorganization } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { actorId, actorName, type Scoped, pathWithin } from '../../platform/scope.js';
import { pinyinKeys } from './organizations.names.policy.js';
import * as reorgRepo from './organizations.reorganization.repository.js';
import * as repo from './organizations.repository.js';
import { auditView, type OrgDeps } from './organizations.service.js';

/**
 * Reorganizations change the structure with history: each closes the affected orgs' current versions at the
 * effective date and opens new ones, is recorded once in `reorganizations`, moves the scope of every record under
 * the moved orgs (jinguo_repath), and is audited. The functions take a Scoped so the demo loader can replay a real
 * reorganization as the system actor.
 */
type ReorgDeps = Pick<OrgDeps, 'crypto' | 'today'>;
interface Ctx {
  s: Scoped;
  deps: ReorgDeps;
  reorganizationId: number;
}

async function begin(
  s: Scoped,
  deps: ReorgDeps,
  kind: Reorganization['kind'],
  input: { effectiveDate: string; reason: string },
  summary: string,
  orgs: repo.OrgRow[],
  details: Record<string, unknown> = {},
): Promise<Ctx> {
  if (input.effectiveDate > deps.today())
    throw fieldError(
      'ORG_INVALID_DATE',
      'effectiveDate',
      '生效日期不能晚于今天',
      'the effective date cannot be in the future',
    );
  for (const org of orgs) {
    const from = await reorgRepo.currentVersionStart(s, org.id);
    if (from && input.effectiveDate < from) {
      throw fieldError(
        'ORG_INVALID_DATE',
        'effectiveDate',
        `生效日期不能早于该组织当前状态的起始日期 ${from}`,
        `the effective date cannot precede the start of the current state (${from})`,
      );
    }
  }
  const common = orgs.length ? commonAncestor(orgs.map((o) => o.path)) : '';
  const reorganizationId = await repo.insertReorganization(s, {
    kind,
    effectiveDate: input.effectiveDate,
    reason: input.reason,
    summary,
    details,
    orgIds: orgs.map((o) => o.id),
    orgPath: common,
    actorId: actorId(s.actor),
    actorName: actorName(s.actor),
  });
  return { s, deps, reorganizationId };
}

function commonAncestor(paths: string[]): string {
  const split = paths.map((p) => p.split('.'));
  const out: string[] = [];
  for (let i = 0; ; i++) {
    const label = split[0]![i];
    if (label === undefined || split.some((p) => p[i] !== label)) break;
    out.push(label);
  }
  return out.join('.');
}

async function changeVersion(c: Ctx, orgId: number, date: string, reopen = true): Promise<repo.OrgRow> {
  await reorgRepo.closeVersion(c.s, orgId, date);
  const org = (await repo.findOrg(c.s, orgId))!;
  if (reopen) await repo.openVersion(c.s, org, date, c.reorganizationId);
  return org;
}

async function audit(c: Ctx, action: string, before: repo.OrgRow, after: repo.OrgRow, reason: string) {
  await appendAudit(c.s.tx, c.s.actor, {
    action,
    targetType: 'organization',
    targetId: before.id,
    orgId: after.id,
    orgPath: after.path,
    before: auditView(before, c.deps.crypto),
    after: auditView(after, c.deps.crypto),
    reason,
  });
}

export async function renameOrg(c: Ctx, org: repo.OrgRow, name: string, date: string, reason: string) {
  await repo.updateOrgRow(c.s, org.id, { name, ...pinyinKeys(name) });
  const after = await changeVersion(c, org.id, date);
  await audit(c, 'org.rename', org, after, reason);
  return after;
}

export async function moveOrg(c: Ctx, org: repo.OrgRow, parent: repo.OrgRow, date: string, reason: string) {
  if (pathWithin(parent.path, org.path))
    throw fieldError(
      'ORG_INVALID_PARENT',
      'newParentId',
      '不能迁移到自身或其下级组织之下',
      'cannot move an organization under itself',
    );
  if (!canBeChildOf(org.type as OrgType, parent.type as OrgType))
    throw fieldError(
      'ORG_INVALID_PARENT',
      'newParentId',
      '该组织类型不能迁移到此上级组织之下',
      'this type of organization cannot sit under that parent',
    );
  const newPath = `${parent.path}.${org.id}`;
  await reorgRepo.repathSubtree(c.s, org.path, newPath);
  await repo.updateOrgRow(c.s, org.id, { parentId: parent.id });
  const after = await changeVersion(c, org.id, date);
  await audit(c, 'org.move', org, after, reason);
  return after;
}

/** Children and records of `source` pass to `target`; `source` ends as merged. */
export async function mergeOrg(c: Ctx, source: repo.OrgRow, target: repo.OrgRow, date: string, reason: string) {
  if (source.id === target.id || pathWithin(target.path, source.path))
    throw fieldError(
      'ORG_INVALID_PARENT',
      'targetId',
      '不能合并到自身或其下级组织',
      'cannot merge an organization into itself or its descendant',
    );
  for (const child of await repo.childrenOf(c.s, source.id, false)) {
    await moveOrg(c, (await repo.findOrg(c.s, child.id))!, target, date, reason);
  }
  await reorgRepo.rebindRecords(c.s, (await repo.findOrg(c.s, source.id))!, target);
  await repo.updateOrgRow(c.s, source.id, { status: 'merged', validTo: date, mergedIntoId: target.id });
  const after = await changeVersion(c, source.id, date, false);
  await audit(c, 'org.merge', source, after, reason);
  return after;
}

export async function dissolveOrg(c: Ctx, org: repo.OrgRow, date: string, reason: string) {
  if ((await repo.childrenOf(c.s, org.id, false)).length > 0) throw new AppError('ORG_HAS_CHILDREN');
  await repo.updateOrgRow(c.s, org.id, { status: 'dissolved', validTo: date });
  const after = await changeVersion(c, org.id, date, false);
  await audit(c, 'org.dissolve', org, after, reason);
  return after;
}

export async function createOrgAt(
  c: Ctx,
  parent: repo.OrgRow,
  input: { name: string; code: string; type: OrgType; divisionCode?: string | null },
  date: string,
) {
  const [id] = await repo.nextOrgIds(c.s, 1);
  const path = `${parent.path}.${id}`;
  if (await repo.codeTaken(c.s, input.code)) throw new AppError('ORG_CODE_TAKEN', { field: 'code' });
  const org = await repo.insertOrg(c.s, {
    id: id!,
    code: input.code,
    name: input.name,
    type: input.type,
    status: 'active',
    parentId: parent.id,
    path,
    depth: parent.depth + 1,
    districtId: repo.districtOfPath(path),
    divisionCode: input.divisionCode ?? null,
    validFrom: date,
    foundedOn: date,
    ...pinyinKeys(input.name),
  });
  await repo.openVersion(c.s, org, date, c.reorganizationId);
  await appendAudit(c.s.tx, c.s.actor, {
    action: 'org.create',
    targetType: 'organization',
    targetId: org.id,
    orgId: org.id,
    orgPath: org.path,
    after: auditView(org, c.deps.crypto),
  });
  return org;
}

export { begin as beginReorganization };

/**
 * The root org of a production install (`jinguo init --production` without a province): created once, dated, recorded
 * as a reorganization and audited. A second call with the same code returns the existing root.
 */
export async function createRootOrg(s: Scoped, root: { name: string; code: string; date: string }) {
  const { name, code, date: today } = root;
  const existing = await repo.findOrgByCode(s, code);
  if (existing) return existing;
  const [id] = await repo.nextOrgIds(s, 1);
  const path = String(id);
  const org = await repo.insertOrg(s, {
    id: id!,
    code,
    name,
    type: 'city_federation',
    status: 'active',
    parentId: null,
    path,
    depth: 0,
    districtId: null,
    divisionCode: null,
    validFrom: today,
    ...pinyinKeys(name),
  });
  const reorgId = await repo.insertReorganization(s, {
    kind: 'create',
    effectiveDate: today,
    reason: '初始化生产环境',
    summary: `新建根组织 ${name}`,
    details: { root: true },
    orgIds: [org.id],
    orgPath: path,
    actorId: null,
    actorName: 'system:cli',
  });
  await repo.openVersion(s, org, today, reorgId);
  await appendAudit(s.tx, s.actor, {
    action: 'org.create',
    targetType: 'organization',
    targetId: org.id,
    orgId: org.id,
    orgPath: org.path,
    after: { id: org.id, code: org.code, name: org.name, type: org.type, path: org.path, validFrom: org.validFrom },
    reason: 'jinguo init --production',
  });
  return org;
}
