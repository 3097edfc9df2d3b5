import {
  canTransitionTerm,
  maskPhone,
  type Officer,
  type OfficerInput,
  type Term,
  type TermState,
} from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { requirePermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import * as repo from './organizations.officers.repository.js';
import { requireActive, requireOrg, type OrgDeps } from './organizations.service.js';

type TermHistory = { from: TermState | null; to: TermState; at: string; note: string | null }[];

export function termView(
  t: Pick<repo.TermRow, 'id' | 'orgId' | 'number' | 'state' | 'startsOn' | 'dueOn' | 'isCurrent' | 'history'>,
  today: string,
): Term {
  return {
    id: t.id,
    orgId: t.orgId,
    number: t.number,
    state: t.state as TermState,
    startsOn: t.startsOn,
    dueOn: t.dueOn,
    overdue: t.isCurrent && (t.state === 'elected' || t.state === 'filed') && t.dueOn < today,
    history: t.history as TermHistory,
  };
}

function officerView(o: repo.OfficerRow, deps: OrgDeps): Officer {
  return {
    id: o.id,
    orgId: o.orgId,
    termId: o.termId,
    name: o.name,
    position: o.position as Officer['position'],
    phone: o.phoneEnc ? maskPhone(deps.crypto.decrypt(o.phoneEnc)) : null,
    isPartTime: o.isPartTime,
    contactPoint: o.contactPoint,
    startedOn: o.startedOn,
    endedOn: o.endedOn,
    changeKind: o.changeKind as Officer['changeKind'],
  };
}

/** Officers (主席, 副主席, 执委) and terms (届) with the election state machine of PRODUCT §2.1. */
export function createOfficersService(deps: OrgDeps) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);

  return {
    listOfficers: (actor: UserActor, orgId: number) =>
      run(actor, async (s) => {
        await requireOrg(s, orgId);
        return { items: (await repo.officersOf(s, orgId)).map((o) => officerView(o, deps)) };
      }),

    addOfficer: (actor: UserActor, orgId: number, input: OfficerInput) =>
      run(actor, async (s) => {
        requirePermission(actor, 'org.officers.write');
        const org = await requireOrg(s, orgId);
        requireActive(org);
        if (input.termId) {
          const term = await repo.findTerm(s, input.termId);
          if (!term || term.orgId !== orgId)
            throw fieldError('NOT_FOUND', 'termId', '届次不存在', 'no such term for this organization');
        }
        const row = await repo.insertOfficer(s, {
          orgId,
          orgPath: org.path,
          districtId: org.districtId,
          termId: input.termId ?? null,
          name: input.name,
          position: input.position,
          phoneEnc: input.phone ? deps.crypto.encrypt(input.phone) : null,
          isPartTime: input.isPartTime,
          contactPoint: input.contactPoint ?? null,
          startedOn: input.startedOn,
          changeKind: input.changeKind,
        });
        const view = officerView(row, deps);
        await appendAudit(s.tx, actor, {
          action: 'officer.create',
          targetType: 'officer',
          targetId: row.id,
          orgId,
          orgPath: org.path,
          after: view,
        });
        return view;
      }),

    endOfficer: (actor: UserActor, officerId: number, input: { endedOn: string; reason: string }) =>
      run(actor, async (s) => {
        requirePermission(actor, 'org.officers.write');
        const before = await repo.findOfficer(s, officerId);
        if (!before) throw new AppError('NOT_FOUND');
        if (before.endedOn)
          throw new AppError('CONFLICT', { zh: '该任职已结束', en: 'This appointment has already ended' });
        if (input.endedOn < before.startedOn)
          throw fieldError(
            'VALIDATION_FAILED',
            'endedOn',
            '结束日期早于任职日期',
            'the end date precedes the start date',
          );
        const after = await repo.endOfficer(s, officerId, input.endedOn, input.reason);
        const view = officerView(after, deps);
        await appendAudit(s.tx, actor, {
          action: 'officer.end',
          targetType: 'officer',
          targetId: officerId,
          orgId: after.orgId,
          orgPath: after.orgPath,
          before: officerView(before, deps),
          after: view,
          reason: input.reason,
        });
        return view;
      }),

    listTerms: (actor: UserActor, orgId: number) =>
      run(actor, async (s) => {
        await requireOrg(s, orgId);
        return { items: (await repo.termsOf(s, orgId)).map((t) => termView(t, deps.today())) };
      }),

    createTerm: (
      actor: UserActor,
      orgId: number,
      input: { number: number; startsOn?: string | null | undefined; dueOn: string },
    ) =>
      run(actor, async (s) => {
        requirePermission(actor, 'org.officers.write');
        const org = await requireOrg(s, orgId);
        requireActive(org);
        const existing = await repo.termsOf(s, orgId);
        if (existing.some((t) => t.number === input.number))
          throw fieldError('CONFLICT', 'number', '该届次已存在', 'this term number already exists');
        const current = existing.find((t) => t.isCurrent);
        const row = await repo.insertTerm(s, {
          orgId,
          orgPath: org.path,
          districtId: org.districtId,
          number: input.number,
          state: 'planned',
          startsOn: input.startsOn ?? null,
          dueOn: input.dueOn,
          isCurrent: !current,
          history: [{ from: null, to: 'planned', at: new Date().toISOString(), note: null }],
        });
        const view = termView(row, deps.today());
        await appendAudit(s.tx, actor, {
          action: 'term.create',
          targetType: 'term',
          targetId: row.id,
          orgId,
          orgPath: org.path,
          after: view,
        });
        return view;
      }),

    transitionTerm: (actor: UserActor, termId: number, input: { to: TermState; note?: string | undefined }) =>
      run(actor, async (s) => {
        requirePermission(actor, 'org.officers.write');
        const before = await repo.findTerm(s, termId);
        if (!before) throw new AppError('NOT_FOUND');
        const from = before.state as TermState;
        if (!canTransitionTerm(from, input.to)) {
          throw new AppError('TERM_INVALID_TRANSITION', {
            field: 'to',
            zh: `换届状态不能从「${from}」变为「${input.to}」`,
            en: `An election cannot go from "${from}" to "${input.to}"`,
          });
        }
        const history = [
          ...(before.history as TermHistory),
          { from, to: input.to, at: new Date().toISOString(), note: input.note ?? null },
        ];
        const becomesCurrent = input.to === 'elected';
        const after = await repo.updateTerm(s, termId, {
          state: input.to,
          history,
          ...(becomesCurrent ? { isCurrent: true, startsOn: before.startsOn ?? deps.today() } : {}),
        });
        if (becomesCurrent) await repo.clearCurrentTerm(s, before.orgId, termId);
        const view = termView(after, deps.today());
        await appendAudit(s.tx, actor, {
          action: 'term.transition',
          targetType: 'term',
          targetId: termId,
          orgId: before.orgId,
          orgPath: before.orgPath,
          before: termView(before, deps.today()),
          after: view,
          ...(input.note ? { reason: input.note } : {}),
        });
        return view;
      }),
  };
}
