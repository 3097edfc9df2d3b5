import type { Application, ApplicationListItem, ApplicationState, PortalApplication } from '@jinguo/contracts';
import { hasPermission, pathWithin, type Scoped, type UserActor } from '../../platform/scope.js';
import * as foreign from './care-programs.directory.repository.js';
import * as payRepo from './care-programs.payments.repository.js';
import { allowedActions, levelOf, mayActAtStep, toYuan } from './care-programs.policy.js';
import { rulesOf } from './care-programs.programs.service.js';
import * as repo from './care-programs.repository.js';

/* Application rows → API views: sensitive fields masked, the reader's allowed actions attached. */

const MASK = '******';

function missingOf(p: repo.ProgramRow, materials: repo.MaterialRow[]) {
  const have = new Set(materials.map((m) => m.code));
  return rulesOf(p).materials.filter((m) => !have.has(m.code));
}
function materialsView(p: repo.ProgramRow, materials: repo.MaterialRow[]) {
  const defs = rulesOf(p).materials;
  const codes = [...new Set([...defs.map((d) => d.code), ...materials.map((m) => m.code)])];
  return codes.map((code) => ({
    code,
    name: defs.find((d) => d.code === code)?.name ?? code,
    files: materials.filter((m) => m.code === code).map((m) => ({ id: m.fileId, name: m.name, size: m.size })),
  }));
}

export async function applicationViews(
  s: Scoped,
  actor: UserActor | null,
  rows: repo.ApplicationRow[],
  opts: { programs?: Map<number, repo.ProgramRow> } = {},
): Promise<Application[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const programs = opts.programs ?? new Map<number, repo.ProgramRow>();
  for (const pid of new Set(rows.map((r) => r.programId)))
    if (!programs.has(pid)) {
      const p = await repo.findProgram(s, pid);
      if (p) programs.set(pid, p);
    }
  const persons = await foreign.personsById(
    s,
    rows.map((r) => r.personId),
  );
  const reviews = await repo.reviewsOf(s, ids);
  const materials = await repo.materialsOf(s, ids);
  const payments = await payRepo.disbursementsOfApplications(s, ids);
  const orgs = await foreign.orgsById(s, [
    ...rows.map((r) => r.orgId),
    ...reviews.flatMap((r) => (r.byOrgId ? [r.byOrgId] : [])),
  ]);
  const now = Date.now();
  const level = actor ? levelOf(actor.scope.orgType) : null;
  return rows.map((a): Application => {
    const p = programs.get(a.programId)!;
    const chain = rulesOf(p).chain;
    const step = a.state === 'in_review' ? (chain[a.step] ?? null) : null;
    const mine = materials.filter((m) => m.applicationId === a.id);
    const paid = payments.find((d) => d.applicationId === a.id) ?? null;
    const canReviewHere =
      !!actor &&
      !!step &&
      hasPermission(actor, 'care.review') &&
      mayActAtStep(step, level, actor.scope.path, a.orgPath);
    const canPayHere =
      !!actor &&
      hasPermission(actor, 'care.pay') &&
      level !== null &&
      p.paymentLevels.includes(level) &&
      pathWithin(a.orgPath, actor.scope.path);
    return {
      id: a.id,
      program: { id: p.id, code: p.code, name: p.name, period: p.period as Application['program']['period'] },
      person: persons.get(a.personId) ?? { id: a.personId, name: '', idNumberMasked: null },
      org: { id: a.orgId, name: orgs.get(a.orgId)?.name ?? '' },
      state: a.state as ApplicationState,
      step: step ? { index: a.step, code: step.code, name: step.name, levels: step.levels } : null,
      deadline: step && a.stepDeadline ? a.stepDeadline.toISOString() : null,
      overdue: !!step && !!a.stepDeadline && a.stepDeadline.getTime() < now,
      amount: toYuan(a.amountFen),
      periodKey: a.periodKey,
      civilCategoryMasked: a.civilCategoryEnc ? MASK : null,
      diagnosisMasked: a.diagnosisEnc ? MASK : null,
      bankAccountMasked: a.bankAccountMasked,
      note: a.note,
      reason: a.reason,
      overrideReason: a.overrideReason,
      source: a.source as 'cadre' | 'resident',
      submittedAt: a.submittedAt?.toISOString() ?? null,
      reviews: reviews
        .filter((r) => r.applicationId === a.id)
        .map((r) => ({
          step: r.step,
          stepName: chain[r.step]?.name ?? '',
          action: r.action,
          opinion: r.opinion,
          consultations: r.consultations as Application['reviews'][number]['consultations'],
          by: r.byName,
          org: r.byOrgId ? (orgs.get(r.byOrgId)?.name ?? null) : null,
          at: r.at.toISOString(),
        })),
      materials: materialsView(p, mine),
      missingMaterials: missingOf(p, mine).map((m) => m.code),
      disbursement: paid
        ? {
            id: paid.id,
            amount: toYuan(paid.amountFen),
            paidOn: paid.paidOn,
            channel: paid.channel,
            reference: paid.reference,
            proofFileId: paid.proofFileId,
            by: paid.createdBy,
          }
        : null,
      actions: actor
        ? allowedActions(a.state as ApplicationState, {
            canApply: hasPermission(actor, 'care.apply'),
            canReviewHere,
            canPayHere,
          })
        : [],
      version: a.version,
    };
  });
}

/** A page of the list or the queue: program, person, org, step and deadline — three reads for the whole page. */
export async function applicationListItems(s: Scoped, rows: repo.ApplicationRow[]): Promise<ApplicationListItem[]> {
  if (!rows.length) return [];
  const [programs, persons, orgs] = [
    new Map((await repo.programsByIds(s, [...new Set(rows.map((r) => r.programId))])).map((p) => [p.id, p])),
    await foreign.personsById(
      s,
      rows.map((r) => r.personId),
    ),
    await foreign.orgsById(
      s,
      rows.map((r) => r.orgId),
    ),
  ];
  const now = Date.now();
  return rows.map((a) => {
    const p = programs.get(a.programId)!;
    const step = a.state === 'in_review' ? (rulesOf(p).chain[a.step] ?? null) : null;
    return {
      id: a.id,
      program: { id: p.id, code: p.code, name: p.name, period: p.period as Application['program']['period'] },
      person: persons.get(a.personId) ?? { id: a.personId, name: '', idNumberMasked: null },
      org: { id: a.orgId, name: orgs.get(a.orgId)?.name ?? '' },
      state: a.state as ApplicationState,
      step: step ? { index: a.step, code: step.code, name: step.name, levels: step.levels } : null,
      deadline: step && a.stepDeadline ? a.stepDeadline.toISOString() : null,
      overdue: !!step && !!a.stepDeadline && a.stepDeadline.getTime() < now,
      amount: toYuan(a.amountFen),
      submittedAt: a.submittedAt?.toISOString() ?? null,
    };
  });
}

/** What the woman sees on /h5: her application's progress, the reason of a return or refusal; no reviewer names. */
export function portalView(
  p: repo.ProgramRow,
  a: repo.ApplicationRow,
  reviews: repo.ReviewRow[],
  materials: repo.MaterialRow[],
  paidOn: string | null,
): PortalApplication {
  const chain = rulesOf(p).chain;
  return {
    id: a.id,
    program: { id: p.id, name: p.name },
    state: a.state as ApplicationState,
    stepName: a.state === 'in_review' ? (chain[a.step]?.name ?? null) : null,
    reason: a.reason,
    amount: toYuan(a.amountFen),
    submittedAt: a.submittedAt?.toISOString() ?? null,
    history: reviews
      .filter((r) => r.action !== 'comment')
      .map((r) => ({ stepName: chain[r.step]?.name ?? '', action: r.action, at: r.at.toISOString() })),
    materials: materialsView(p, materials),
    missingMaterials: missingOf(p, materials).map((m) => m.code),
    paidOn,
  };
}
export { missingOf };
