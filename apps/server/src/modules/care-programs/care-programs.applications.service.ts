import type { ApplicationInput } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { decodeKeysetCursor, encodeCursor } from '../../platform/http/cursor.js';
import {
  districtIdOfPath,
  hasPermission,
  pathWithin,
  requireOrgInScope,
  runScoped,
  type Scoped,
  type UserActor,
} from '../../platform/scope.js';
import { bumpCounters } from '../../platform/stats/index.js';
import { chinaDate } from '../../platform/time.js';
import * as foreign from './care-programs.directory.repository.js';
import {
  checkAmount,
  checkOnce,
  declaredOf,
  idCursor,
  notEligible,
  OWNER,
  requireApplication,
  sensitiveColumns,
  whoIs,
  type Who,
} from './care-programs.filing.service.js';
import { checkEligibility, levelOf, periodKey } from './care-programs.policy.js';
import { personFacts, regionPaths, requireProgram, rulesOf } from './care-programs.programs.service.js';
import * as repo from './care-programs.repository.js';
import type { CareDeps } from './care-programs.service.js';
import { noticeToReviewers } from './care-programs.notices.service.js';
import { applicationListItems, applicationViews, missingOf } from './care-programs.views.js';

export { declaredOf, requireApplication, whoIs, type Who } from './care-programs.filing.service.js';

export function createApplications(deps: CareDeps) {
  /** Files an application as a draft: the person where her household is registered, checked against the rules. */
  async function fileIn(s: Scoped, who: Who, input: ApplicationInput, scopePath: string | null) {
    const p = await requireProgram(s, input.programId, 'programId');
    const today = deps.today();
    if (p.state !== 'open' || today < p.startsOn || (p.endsOn !== null && today > p.endsOn))
      throw new AppError('CARE_PROGRAM_CLOSED', { field: 'programId' });
    const { person, facts } = await personFacts(deps, s, input.personId);
    // she applies where her household is registered: the application is bound to her home org in the registry
    if (scopePath !== null && !pathWithin(person.orgPath, scopePath))
      throw new AppError('PERSON_NOT_FOUND', { field: 'personId' });
    const rules = rulesOf(p).eligibility;
    const declared = input.civilCategory || input.diagnosis ? input : undefined;
    const { problems } = checkEligibility(rules, facts, await regionPaths(s, p), today, declared);
    if (problems.length) throw notEligible(problems);
    if (input.override && !(who.user && hasPermission(who.user, 'care.override')))
      throw new AppError('FORBIDDEN', { field: 'override' });
    const period = periodKey(p.period as never, today);
    const earlier = await checkOnce(s, p, person.id, period, 0, !!input.override);
    const amountFen = checkAmount(p, input.amount);
    const org = (await foreign.orgsById(s, [person.orgId])).get(person.orgId);
    if (!org) throw new AppError('ORG_NOT_FOUND', { field: 'personId' });
    let a = await repo.insertApplication(s, {
      programId: p.id,
      personId: person.id,
      orgId: org.id,
      orgPath: org.path,
      districtId: districtIdOfPath(org.path),
      state: 'draft',
      step: 0,
      stepLevels: [],
      periodKey: period,
      amountFen,
      ...sensitiveColumns(deps, input),
      note: input.note,
      overrideReason: earlier && input.override ? input.override.reason : null,
      source: who.residentId === null ? 'cadre' : 'resident',
      residentId: who.residentId,
      createdBy: who.name,
    });
    if (p.period === 'none') a = await repo.updateApplication(s, a.id, { periodKey: periodKey('none', today, a.id) });
    await appendAudit(s.tx, who.user ?? s.actor, {
      action: 'care.application.create',
      targetType: 'care_application',
      targetId: a.id,
      orgId: org.id,
      orgPath: org.path,
      after: { programId: p.id, personId: person.id, amountFen, source: a.source },
    });
    if (earlier && input.override)
      await appendAudit(s.tx, who.user ?? s.actor, {
        action: 'care.application.override',
        targetType: 'care_application',
        targetId: a.id,
        orgId: org.id,
        orgPath: org.path,
        reason: input.override.reason,
        before: { earlierApplicationId: earlier.id, state: earlier.state },
      });
    return a;
  }

  /** Submits (or resubmits after a return): materials complete, declared facts within the rules, still once only. */
  async function submitIn(s: Scoped, who: Who, id: number) {
    const a = await requireApplication(s, id, true);
    if (a.state !== 'draft' && a.state !== 'returned') throw new AppError('CARE_INVALID_TRANSITION');
    const p = await requireProgram(s, a.programId);
    const r = rulesOf(p);
    const missing = missingOf(p, await repo.materialsOf(s, [a.id]));
    if (missing.length)
      throw new AppError('CARE_MATERIALS_MISSING', {
        field: `materials.${missing[0]!.code}`,
        zh: `缺少必需的申请材料：${missing.map((m) => m.name).join('、')}`,
        en: `Required material is missing: ${missing.map((m) => m.code).join(', ')}`,
        errors: missing.map((m) => ({
          field: `materials.${m.code}`,
          code: 'CARE_MATERIALS_MISSING',
          message: { 'zh-CN': `缺少${m.name}`, 'en-US': `${m.code} is missing` },
        })),
      });
    const declared = declaredOf(deps, a);
    if (r.materials.some((m) => m.code === 'bank_card') && !declared.bankAccount)
      throw fieldError(
        'VALIDATION_FAILED',
        'bankAccount',
        '请填写收款银行账户',
        'a bank account for the payment is required',
      );
    const { facts } = await personFacts(deps, s, a.personId);
    const { problems } = checkEligibility(r.eligibility, facts, await regionPaths(s, p), deps.today(), declared);
    if (problems.length) throw notEligible(problems);
    await checkOnce(s, p, a.personId, a.periodKey, a.id, a.overrideReason !== null);
    const step = a.state === 'returned' ? a.step : 0;
    const now = new Date();
    const updated = await repo.updateApplication(s, a.id, {
      state: 'in_review',
      step,
      stepLevels: r.chain[step]!.levels,
      stepDeadline: deps.calendar.deadline(now, { amount: r.chain[step]!.workdays, unit: 'workdays' }),
      submittedAt: a.submittedAt ?? now,
      reason: null,
    });
    await repo.insertReview(s, {
      applicationId: a.id,
      orgPath: a.orgPath,
      districtId: a.districtId,
      step,
      action: a.state === 'returned' ? 'resubmit' : 'submit',
      byUserId: who.user?.userId ?? null,
      byName: who.name,
      byOrgId: who.user?.scope.orgId ?? null,
    });
    if (a.state === 'draft')
      await bumpCounters(s.tx, { orgPath: a.orgPath, day: chinaDate(now), deltas: { 'care.applications': 1 } });
    await noticeToReviewers(s, p, updated, step);
    await appendAudit(s.tx, who.user ?? s.actor, {
      action: a.state === 'returned' ? 'care.application.resubmit' : 'care.application.submit',
      targetType: 'care_application',
      targetId: a.id,
      orgPath: a.orgPath,
    });
    return updated;
  }

  async function addMaterialIn(s: Scoped, who: Who, id: number, code: string, name: string, bytes: Buffer) {
    const a = await requireApplication(s, id, true);
    if (!['draft', 'returned', 'in_review'].includes(a.state)) throw new AppError('CARE_INVALID_TRANSITION');
    const p = await requireProgram(s, a.programId);
    if (!rulesOf(p).materials.some((m) => m.code === code))
      throw fieldError('VALIDATION_FAILED', 'code', '该项目不需要此类材料', 'the program asks for no such material');
    const f = await deps.files.saveFile(s, {
      owner: { type: OWNER, id: a.id },
      orgPath: a.orgPath,
      districtId: a.districtId,
      name,
      bytes,
      accept: 'documents',
    });
    await repo.insertMaterial(s, {
      applicationId: a.id,
      orgPath: a.orgPath,
      code,
      fileId: f.id,
      name: f.name,
      size: f.size,
    });
    await appendAudit(s.tx, who.user ?? s.actor, {
      action: 'care.application.material',
      targetType: 'care_application',
      targetId: a.id,
      orgPath: a.orgPath,
      after: { code, fileId: f.id },
    });
    return a;
  }

  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);
  const viewOne = async (s: Scoped, actor: UserActor, a: repo.ApplicationRow) =>
    (await applicationViews(s, actor, [a]))[0]!;

  return {
    fileIn,
    submitIn,
    addMaterialIn,
    create: (actor: UserActor, input: ApplicationInput) =>
      run(actor, async (s) => viewOne(s, actor, await fileIn(s, whoIs(actor), input, actor.scope.path))),
    /** Changes the declared facts of a draft or a returned application. */
    patch: (actor: UserActor, id: number, input: Partial<ApplicationInput>) =>
      run(actor, async (s) => {
        const a = await requireApplication(s, id, true);
        if (a.state !== 'draft' && a.state !== 'returned') throw new AppError('CARE_INVALID_TRANSITION');
        const p = await requireProgram(s, a.programId);
        const patch = { ...sensitiveColumns(deps, input), ...(input.note !== undefined ? { note: input.note } : {}) };
        if (input.amount !== undefined) patch.amountFen = checkAmount(p, input.amount);
        const updated = await repo.updateApplication(s, a.id, patch);
        await appendAudit(s.tx, actor, {
          action: 'care.application.update',
          targetType: 'care_application',
          targetId: a.id,
          orgPath: a.orgPath,
          after: { fields: Object.keys(input) },
        });
        return viewOne(s, actor, updated);
      }),
    addMaterial: (actor: UserActor, id: number, code: string, name: string, bytes: Buffer) =>
      run(actor, async (s) => viewOne(s, actor, await addMaterialIn(s, whoIs(actor), id, code, name, bytes))),
    removeMaterial: (actor: UserActor, id: number, fileId: number) =>
      run(actor, async (s) => {
        const a = await requireApplication(s, id, true);
        if (a.state !== 'draft' && a.state !== 'returned') throw new AppError('CARE_INVALID_TRANSITION');
        if (!(await repo.deleteMaterial(s, a.id, fileId))) throw new AppError('FILE_NOT_FOUND', { field: 'fileId' });
        await deps.files.removeFile(s, { type: OWNER, id: a.id }, fileId);
        return viewOne(s, actor, a);
      }),
    material: (actor: UserActor, id: number, fileId: number) =>
      run(actor, async (s) => {
        const a = await requireApplication(s, id);
        const file = await deps.files.readFile(s, { type: OWNER, id: a.id }, fileId);
        await appendAudit(s.tx, actor, {
          action: 'care.application.material.read',
          targetType: 'care_application',
          targetId: a.id,
          orgPath: a.orgPath,
          after: { fileId },
        });
        return file;
      }),
    submit: (actor: UserActor, id: number) =>
      run(actor, async (s) => viewOne(s, actor, await submitIn(s, whoIs(actor), id))),
    withdraw: (actor: UserActor, id: number, reason: string) =>
      run(actor, async (s) => {
        const a = await requireApplication(s, id, true);
        if (!['draft', 'in_review', 'returned'].includes(a.state)) throw new AppError('CARE_INVALID_TRANSITION');
        const updated = await repo.updateApplication(s, a.id, {
          state: 'withdrawn',
          reason,
          stepLevels: [],
          decidedAt: new Date(),
        });
        await repo.insertReview(s, {
          applicationId: a.id,
          orgPath: a.orgPath,
          districtId: a.districtId,
          step: a.step,
          action: 'withdraw',
          opinion: reason,
          byUserId: actor.userId,
          byName: actor.username,
          byOrgId: actor.scope.orgId,
        });
        await appendAudit(s.tx, actor, {
          action: 'care.application.withdraw',
          targetType: 'care_application',
          targetId: a.id,
          orgPath: a.orgPath,
          reason,
        });
        return viewOne(s, actor, updated);
      }),
    /** The diagnosis, civil-affairs category and bank account in clear: a permission and a reason, always audited. */
    unmask: (actor: UserActor, id: number, reason: string) =>
      run(actor, async (s) => {
        const a = await requireApplication(s, id);
        await appendAudit(s.tx, actor, {
          action: 'care.application.unmask',
          targetType: 'care_application',
          targetId: a.id,
          orgPath: a.orgPath,
          reason,
          after: { fields: ['civilCategory', 'diagnosis', 'bankAccount'] },
        });
        return declaredOf(deps, a);
      }),
    get: (actor: UserActor, id: number) => run(actor, async (s) => viewOne(s, actor, await requireApplication(s, id))),
    list: (
      actor: UserActor,
      q: {
        programId?: number | undefined;
        orgId?: number | undefined;
        personId?: number | undefined;
        state?: string | undefined;
        queue?: 'true' | 'false' | undefined;
        cursor?: string | undefined;
        limit: number;
      },
    ) =>
      run(actor, async (s) => {
        let path = actor.scope.path;
        if (q.orgId !== undefined)
          path = requireOrgInScope(s, (await foreign.orgsById(s, [q.orgId])).get(q.orgId), { field: 'orgId' }).path;
        const queue = q.queue === 'true';
        const level = levelOf(actor.scope.orgType);
        if (queue && level === null) return { items: [], nextCursor: null };
        const after = queue ? decodeKeysetCursor(q.cursor, 'timestamp') : idCursor(q.cursor);
        const rows = await repo.listApplications(s, {
          path,
          programId: q.programId,
          personId: q.personId,
          state: q.state,
          queueLevel: queue ? (level ?? undefined) : undefined,
          after,
          limit: q.limit,
        });
        const page = rows.slice(0, q.limit);
        const items = await applicationListItems(s, page);
        const last = page[page.length - 1];
        const nextCursor =
          rows.length > q.limit && last
            ? encodeCursor({ k: queue ? (last.stepDeadline?.toISOString() ?? '') : String(last.id), id: last.id })
            : null;
        return { items, nextCursor };
      }),
  };
}
export type Applications = ReturnType<typeof createApplications>;
