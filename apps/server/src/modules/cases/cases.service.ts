import { and, eq, isNull, sql } from 'drizzle-orm';
import {
  BREAK_GLASS_MINUTES,
  caseTransitionTarget,
  FOLLOW_UP_WORKDAYS,
  HIGH_RISK_CONTACT_HOURS,
  maskPhone,
  scoreRisk,
  type CaseChannel,
  type CaseFromDemandInput,
  type CaseIntakeInput,
  type CaseListItem,
  type CaseListQuery,
  type CaseOutcome,
  type CaseTransition,
  type RiskIndicator,
} from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { chinaDate } from '../../platform/calendar/index.js';
import { queryRows } from '../../platform/db/client.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { decodeKeysetCursor, encodeCursor } from '../../platform/http/cursor.js';
import { notify } from '../../platform/notifications/index.js';
import { readScoped, requirePermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import { orgRepository } from '../organizations/index.js';
import type { DemandSummary } from '../demands/index.js';
import { registerPerson, requirePerson } from '../people/index.js';
import {
  actorFacts,
  auditingRefusal,
  count,
  loadCase,
  maskName,
  nowOf,
  requireReadable,
  requireWritable,
  supervisorRecipients,
  type CasesDeps,
  type LoadedCase,
} from './cases.access.service.js';
import { allowedCaseActions, supervises } from './cases.policy.js';
import * as repo from './cases.repository.js';
import {
  caseAccessGrants,
  caseAssessments,
  caseAssignments,
  caseDetails,
  caseFollowUps,
  caseParties,
} from './cases.tables.js';
import { buildCaseView } from './cases.views.js';

const ASSIGNABLE_ROLES = ['case_worker', 'mediator', 'counsellor', 'cadre', 'case_supervisor'];

export function createCasesService(deps: CasesDeps) {
  const { crypto } = deps;
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);

  async function view(s: Scoped, actor: UserActor, l: LoadedCase & { basis: NonNullable<LoadedCase['basis']> }) {
    const d = await repo.details(s, l.c.id);
    const facts = { ...l.facts, contactPending: d?.riskLevel === 'high' && !d.contactedAt };
    const files = await deps.files.listFiles(s, { type: 'case', id: l.c.id });
    return buildCaseView(s, crypto, l.c, {
      basis: l.basis,
      grantExpiresAt: l.grantExpiresAt,
      allowedActions: allowedCaseActions(actorFacts(actor), facts, nowOf(deps)),
      today: deps.today(),
      attachments: files.map((f) => ({
        id: f.id,
        name: f.name,
        mime: f.mime,
        size: f.size,
        uploadedBy: f.createdBy,
        uploadedAt: f.createdAt,
      })),
    });
  }

  /** Reads the case for the actor (entitled only), appends the read to the audit trail, returns the full view. */
  async function readAudited(s: Scoped, actor: UserActor, id: number, action = 'case.read') {
    const l = await requireReadable(s, actor, id, nowOf(deps));
    await appendAudit(s.tx, actor, {
      action,
      targetType: 'case',
      targetId: id,
      orgId: l.c.orgId,
      orgPath: l.c.orgPath,
      after: { caseNo: l.c.caseNo, basis: l.basis },
    });
    return view(s, actor, l);
  }

  /** Records a risk assessment; a case newly high risk alerts the supervisors and must be contacted within 24 h. */
  async function assess(s: Scoped, c: repo.CaseRow, indicators: RiskIndicator[], note: string | undefined) {
    const { score, level } = scoreRisk(indicators);
    const before = await repo.details(s, c.id);
    const now = nowOf(deps);
    await s.tx.insert(caseAssessments).values({
      caseId: c.id,
      orgPath: c.orgPath,
      districtId: c.districtId,
      indicators,
      score,
      level,
      noteEnc: note ? crypto.encrypt(note) : null,
      assessedBy: actorLabel(s),
    });
    const becameHigh = level === 'high' && before?.riskLevel !== 'high';
    await repo.updateDetails(s, c.id, {
      riskLevel: level,
      riskScore: score,
      ...(becameHigh
        ? {
            contactDueAt: deps.calendar.deadline(now, { amount: HIGH_RISK_CONTACT_HOURS, unit: 'hours' }),
            contactedAt: null,
            contactEscalatedAt: null,
          }
        : {}),
      ...(level !== 'high' && !before?.contactedAt ? { contactDueAt: null } : {}),
    });
    await repo.insertEvent(s, c, { kind: 'assessment', detail: { level, score, previous: before?.riskLevel ?? null } });
    if (becameHigh) {
      await count(s, c.orgPath, { 'cases.high_risk': 1 }, now);
      await notify(s.tx, {
        kind: 'case.high_risk',
        recipients: supervisorRecipients(c.orgPath),
        title: {
          'zh-CN': `高风险维权案件 ${c.caseNo}：须在 24 小时内联系当事人`,
          'en-US': `High-risk case ${c.caseNo}: contact within 24 hours`,
        },
        link: `/cases/${c.id}`,
        target: { type: 'case', id: c.id },
        orgPath: c.orgPath,
      });
    }
    return { score, level };
  }

  async function resolveParty(s: Scoped, c: repo.CaseRow, p: CaseIntakeInput['parties'][number], today: string) {
    if ('personId' in p) {
      const person = await requirePerson(s, p.personId, 'parties');
      const minor = !!person.birthDate && ageOn(person.birthDate, today) < 18;
      return {
        personId: person.id,
        name: person.name,
        phoneMasked: person.phoneMasked,
        phoneEnc: null,
        gender: person.gender,
        minor,
        relationship: p.relationship ?? null,
      };
    }
    if ('newPerson' in p) {
      const person = await registerPerson(s, deps, { ...p.newPerson }, { reason: `维权案件 ${c.caseNo} 受理登记` });
      const minor = !!person.birthDate && ageOn(person.birthDate, today) < 18;
      return {
        personId: person.id,
        name: person.name,
        phoneMasked: person.phoneMasked,
        phoneEnc: null,
        gender: person.gender,
        minor,
        relationship: p.relationship ?? null,
      };
    }
    const u = p.unregistered;
    return {
      personId: null,
      name: u.name ?? null,
      phoneMasked: u.phone ? maskPhone(u.phone) : null,
      phoneEnc: u.phone ? crypto.encrypt(u.phone) : null,
      gender: u.gender ?? null,
      minor: u.minor,
      relationship: p.relationship ?? null,
    };
  }

  async function assignUser(s: Scoped, c: repo.CaseRow, userId: number, role: string, field: string) {
    const u = await repo.findUser(s, userId);
    if (
      !u ||
      u.status !== 'active' ||
      !u.roles.some((r) => ASSIGNABLE_ROLES.includes(r)) ||
      !(c.orgPath === u.orgPath || c.orgPath.startsWith(`${u.orgPath}.`))
    ) {
      throw new AppError('CASE_ASSIGNEE_INVALID', { field });
    }
    const existing = await s.tx
      .select({ id: caseAssignments.id })
      .from(caseAssignments)
      .where(
        and(
          eq(caseAssignments.caseId, c.id),
          eq(caseAssignments.userId, userId),
          eq(caseAssignments.role, role),
          isNull(caseAssignments.endedAt),
        ),
      );
    if (existing.length) return u;
    await s.tx
      .insert(caseAssignments)
      .values({ caseId: c.id, orgPath: c.orgPath, districtId: c.districtId, userId, role, assignedBy: actorLabel(s) });
    await repo.insertEvent(s, c, { kind: 'assignment', detail: { userId, name: u.displayName, role } });
    await notify(s.tx, {
      kind: 'case.assigned',
      recipients: [{ user: userId }],
      title: { 'zh-CN': `您被指派承办维权案件 ${c.caseNo}`, 'en-US': `You were assigned case ${c.caseNo}` },
      link: `/cases/${c.id}`,
      target: { type: 'case', id: c.id },
      orgPath: c.orgPath,
    });
    return u;
  }

  async function scheduleFollowUp(
    s: Scoped,
    c: repo.CaseRow,
    dueOn: string,
    reason: 'follow_up_phase' | 'after_closure' | 'manual',
  ) {
    await s.tx
      .insert(caseFollowUps)
      .values({ caseId: c.id, orgPath: c.orgPath, districtId: c.districtId, dueOn, reason });
  }

  /**
   * Takes a checked intake in: the case, its details, parties, first assessment, counters and audit, in the caller's
   * transaction.
   */
  async function intakeIn(s: Scoped, actor: UserActor, input: CaseIntakeInput) {
    const org = await orgRepository.findOrg(s, input.orgId);
    if (!org || org.status !== 'active') throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
    const now = nowOf(deps);
    const today = deps.today();
    const district = org.districtId ? await orgRepository.findOrg(s, org.districtId) : null;
    const caseNo = await repo.nextCaseNo(
      s,
      org.districtId ?? 0,
      district?.divisionCode ?? district?.code ?? org.code.slice(0, 6),
      Number(today.slice(0, 4)),
    );
    const c = await repo.insertCase(s, {
      caseNo,
      orgId: org.id,
      orgPath: org.path,
      districtId: org.districtId,
      caseType: input.caseType,
      status: 'intake',
      openedAt: now,
    });
    await s.tx.insert(caseAssignments).values({
      caseId: c.id,
      orgPath: c.orgPath,
      districtId: c.districtId,
      userId: actor.userId,
      role: 'worker',
      assignedBy: actor.username,
    });
    if (input.workerId && input.workerId !== actor.userId) await assignUser(s, c, input.workerId, 'worker', 'workerId');
    const resolved = [];
    for (const p of input.parties) resolved.push({ role: p.role, ...(await resolveParty(s, c, p, today)) });
    const involvesMinor =
      input.involvesMinor || resolved.some((p) => p.role === 'child' || (p.role === 'victim' && p.minor));
    if (input.channel === 'mandatory_report' && !involvesMinor)
      throw fieldError(
        'VALIDATION_FAILED',
        'involvesMinor',
        '强制报告案件必须涉及未成年人',
        'a mandatory report concerns a minor',
      );
    const victim = resolved.find((p) => p.role === 'victim');
    const hotline = input.hotline;
    await s.tx.insert(caseDetails).values({
      caseId: c.id,
      orgPath: c.orgPath,
      districtId: c.districtId,
      channel: input.channel,
      narrativeEnc: crypto.encrypt(input.narrative),
      occurredOn: input.occurredOn ?? null,
      involvesMinor,
      intake: {
        ...(hotline
          ? {
              hotline: {
                calledAt: hotline.calledAt,
                anonymous: hotline.anonymous,
                operator: hotline.operator ?? actor.displayName,
              },
            }
          : {}),
        ...(input.mandatoryReport ? { mandatoryReport: input.mandatoryReport } : {}),
        ...(input.publicOpinion ? { publicOpinion: input.publicOpinion } : {}),
        ...(input.gridReport ? { gridReport: input.gridReport } : {}),
      },
      callerNameEnc: hotline?.callerName && !hotline.anonymous ? crypto.encrypt(hotline.callerName) : null,
      callbackPhoneEnc: hotline?.callbackPhone ? crypto.encrypt(hotline.callbackPhone) : null,
      callbackPhoneMasked: hotline?.callbackPhone ? maskPhone(hotline.callbackPhone) : null,
      sourceType: input.sourceRef?.type ?? null,
      sourceId: input.sourceRef?.id ?? null,
      victimDisplay: victim?.name ? maskName(victim.name) : '匿名',
    });
    for (const p of resolved) {
      await s.tx.insert(caseParties).values({
        caseId: c.id,
        orgPath: c.orgPath,
        districtId: c.districtId,
        role: p.role,
        personId: p.personId,
        nameEnc: p.name ? crypto.encrypt(p.name) : null,
        nameMasked: p.name ? maskName(p.name) : null,
        phoneEnc: p.phoneEnc,
        phoneMasked: p.phoneMasked,
        gender: p.gender,
        minor: p.minor,
        relationship: p.relationship,
      });
    }
    await repo.insertEvent(s, c, { kind: 'transition', from: null, to: 'intake', detail: { channel: input.channel } });
    await count(s, c.orgPath, { 'cases.reports': 1 }, now);
    if (input.indicators) await assess(s, c, input.indicators, undefined);
    await appendAudit(s.tx, actor, {
      action: 'case.intake',
      targetType: 'case',
      targetId: c.id,
      orgId: org.id,
      orgPath: org.path,
      after: { caseNo, caseType: input.caseType, channel: input.channel, parties: resolved.length, involvesMinor },
    });
    return view(s, actor, await requireReadable(s, actor, c.id, now));
  }

  return {
    view,
    readAudited,
    assessIn: assess,
    scheduleFollowUpIn: scheduleFollowUp,

    intake: (actor: UserActor, input: CaseIntakeInput) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.intake');
        checkIntake(input, false);
        return intakeIn(s, actor, input);
      }),

    /**
     * 诉求转维权: a demand (an online help request from the portal, a hotline call sheet, a visit need, a walk-in…)
     * becomes a case in one transaction — the case records the demand as its source, the requester as the victim
     * unless the worker names the parties, and the demand moves to 'case'.
     */
    fromDemand: (actor: UserActor, demandId: number, input: CaseFromDemandInput) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.intake');
        if (!deps.demands) throw new AppError('DEMAND_NOT_FOUND', { field: 'demandId' });
        const d = await deps.demands.demandForConversion(s, demandId, actor);
        const phone = await deps.demands.demandContactPhone(s, demandId);
        const channel = DEMAND_SOURCE_CHANNEL[d.source];
        // anonymous: no name, but the number she left to be called back on comes along (encrypted, never listed)
        const requester = {
          ...(d.requesterName && !d.anonymous ? { name: d.requesterName } : {}),
          ...(phone ? { phone } : {}),
        };
        const victim: CaseIntakeInput['parties'][number] =
          d.personId !== null
            ? { role: 'victim', personId: d.personId }
            : { role: 'victim', unregistered: { ...requester, minor: false } };
        const intake: CaseIntakeInput = {
          orgId: d.org.id,
          channel,
          caseType: input.caseType,
          narrative: input.narrative ?? `${d.title}\n${d.description}`.slice(0, 5000),
          ...(input.occurredOn ? { occurredOn: input.occurredOn } : {}),
          involvesMinor: input.involvesMinor ?? false,
          ...(channel === 'hotline'
            ? {
                hotline: {
                  calledAt: d.receivedAt,
                  anonymous: d.anonymous,
                  ...(d.requesterName && !d.anonymous ? { callerName: d.requesterName } : {}),
                  ...(phone ? { callbackPhone: phone } : {}),
                },
              }
            : {}),
          sourceRef: { type: 'demand', id: d.id },
          parties: input.parties ?? [victim],
          ...(input.indicators ? { indicators: input.indicators } : {}),
          ...(input.workerId ? { workerId: input.workerId } : {}),
        };
        checkIntake(intake, true);
        const view = await intakeIn(s, actor, intake);
        await deps.demands.linkDemandToCase(s, d.id, view.id);
        return view;
      }),

    get: (actor: UserActor, id: number) =>
      auditingRefusal(deps, actor, () => run(actor, (s) => readAudited(s, actor, id))),

    /** What anyone in the subtree may know: number, type, status, org. */
    summary: (actor: UserActor, id: number) =>
      run(actor, async (s) => {
        const l = await loadCase(s, actor, id, nowOf(deps));
        const orgs = await repo.orgNames(s, [l.c.orgId]);
        return {
          id: l.c.id,
          caseNo: l.c.caseNo,
          caseType: l.c.caseType as CaseListItem['caseType'],
          status: l.c.status as CaseListItem['status'],
          org: { id: l.c.orgId, name: orgs.get(l.c.orgId) ?? '' },
          openedAt: l.c.openedAt.toISOString(),
          allowedActions: allowedCaseActions(actorFacts(actor), l.facts, nowOf(deps)),
        };
      }),

    list: async (actor: UserActor, q: CaseListQuery) => {
      const after = decodeKeysetCursor(q.cursor, 'timestamp');
      const supervisorPath = actor.roles.includes('case_supervisor') ? actor.homePath : null;
      const [res] = await readScoped<{ orgFound: boolean; items: repo.ListedCase[] }>(deps.handle, actor, (s) =>
        repo.caseListStatement(s, {
          ...q,
          userId: actor.userId,
          supervisorPath,
          orgId: q.orgId ?? null,
          after: after ? { at: after.k, id: after.id } : null,
        }),
      );
      if (!res?.orgFound) throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
      const page = res.items.slice(0, q.limit);
      const now = nowOf(deps);
      const items: CaseListItem[] = page.map((c) => {
        const d = c.d;
        const contactDueAt = d?.contactDueAt ? new Date(d.contactDueAt) : null;
        return {
          id: c.id,
          caseNo: c.caseNo,
          caseType: c.caseType as CaseListItem['caseType'],
          status: c.status as CaseListItem['status'],
          org: { id: c.orgId, name: c.orgName },
          openedAt: new Date(c.openedAt).toISOString(),
          access: d ? 'full' : 'existence',
          channel: (d?.channel ?? null) as CaseListItem['channel'],
          riskLevel: (d?.riskLevel ?? null) as CaseListItem['riskLevel'],
          victim: d ? d.victimDisplay : null,
          contactDueAt: contactDueAt?.toISOString() ?? null,
          contactOverdue: d ? d.riskLevel === 'high' && !d.contactedAt && !!contactDueAt && contactDueAt < now : null,
          supervised: d ? d.supervised : null,
          involvesMinor: d ? d.involvesMinor : null,
        };
      });
      const last = page[page.length - 1];
      return {
        items,
        nextCursor: res.items.length > q.limit && last ? encodeCursor({ k: last.openedAt, id: last.id }) : null,
      };
    },

    transition: (
      actor: UserActor,
      id: number,
      input: { transition: CaseTransition; reason?: string | undefined; outcome?: CaseOutcome | undefined },
    ) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.write');
        const now = nowOf(deps);
        const { c } = await requireWritable(s, actor, id, now);
        const target = caseTransitionTarget(c.status as LoadedCase['facts']['status'], input.transition, input.outcome);
        if (!target.ok) {
          if (target.reason === 'outcome_required')
            throw fieldError('VALIDATION_FAILED', 'outcome', '结案须选择结案类型', 'closing needs an outcome');
          throw new AppError('CASE_INVALID_TRANSITION', {
            zh: `案件当前为“${c.status}”，不能执行“${input.transition}”`,
            en: `A case in state ${c.status} cannot ${input.transition}${target.reason === 'early_outcome_only' ? ' with that outcome before follow-up' : ''}`,
          });
        }
        if ((input.transition === 'reopen' || input.transition === 'close') && !input.reason)
          throw fieldError('VALIDATION_FAILED', 'reason', '请填写原因', 'a reason is required');
        if (
          input.transition === 'begin_handling' &&
          c.status === 'assessment' &&
          !(await repo.assessments(s, c.id)).length
        ) {
          throw new AppError('CASE_INVALID_TRANSITION', {
            zh: '请先完成风险评估',
            en: 'Record a risk assessment first',
          });
        }
        const closing = target.to === 'closed';
        const after = await repo.updateCase(s, c.id, c.version, {
          status: target.to,
          ...(closing ? { closedAt: now } : {}),
          ...(input.transition === 'reopen' ? { closedAt: null } : {}),
        });
        if (!after) throw new AppError('CASE_VERSION_CONFLICT');
        if (closing) await repo.updateDetails(s, c.id, { outcome: input.outcome ?? null });
        if (input.transition === 'reopen') await repo.updateDetails(s, c.id, { outcome: null });
        await repo.insertEvent(s, c, {
          kind: 'transition',
          from: c.status,
          to: target.to,
          reason: input.reason ?? null,
          detail: input.outcome ? { outcome: input.outcome } : null,
        });
        const today = deps.today();
        if (input.transition === 'begin_follow_up')
          await scheduleFollowUp(s, c, deps.calendar.addWorkdays(today, FOLLOW_UP_WORKDAYS.phase), 'follow_up_phase');
        if (closing && c.status === 'follow_up')
          for (const n of FOLLOW_UP_WORKDAYS.afterClosure)
            await scheduleFollowUp(s, c, deps.calendar.addWorkdays(today, n), 'after_closure');
        if (closing) await count(s, c.orgPath, { 'cases.closed': 1 }, now);
        await appendAudit(s.tx, actor, {
          action: `case.${input.transition}`,
          targetType: 'case',
          targetId: c.id,
          orgId: c.orgId,
          orgPath: c.orgPath,
          ...(input.reason ? { reason: input.reason } : {}),
          before: { status: c.status },
          after: { status: target.to, outcome: input.outcome ?? null },
        });
        return view(s, actor, await requireReadable(s, actor, c.id, now));
      }),

    assess: (actor: UserActor, id: number, input: { indicators: RiskIndicator[]; note?: string | undefined }) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.write');
        const now = nowOf(deps);
        const { c } = await requireWritable(s, actor, id, now);
        if (c.status === 'closed')
          throw new AppError('CASE_INVALID_TRANSITION', {
            zh: '已结案的案件不能再评估，请先重新启动',
            en: 'Reopen the case before assessing it again',
          });
        const r = await assess(s, c, input.indicators, input.note);
        await repo.touchCase(s, c.id);
        await appendAudit(s.tx, actor, {
          action: 'case.assess',
          targetType: 'case',
          targetId: c.id,
          orgId: c.orgId,
          orgPath: c.orgPath,
          after: r,
        });
        return view(s, actor, await requireReadable(s, actor, c.id, now));
      }),

    markContacted: (actor: UserActor, id: number, note: string) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.write');
        const now = nowOf(deps);
        const { c } = await requireWritable(s, actor, id, now);
        const d = await repo.details(s, c.id);
        if (!d || d.riskLevel !== 'high' || d.contactedAt)
          throw new AppError('CASE_INVALID_TRANSITION', {
            zh: '该案件没有待联系的高风险期限',
            en: 'This case has no pending high-risk contact',
          });
        await repo.updateDetails(s, c.id, { contactedAt: now });
        await repo.insertEvent(s, c, {
          kind: 'contacted',
          reason: note,
          detail: { withinDeadline: !!d.contactDueAt && now <= d.contactDueAt },
        });
        await appendAudit(s.tx, actor, {
          action: 'case.contacted',
          targetType: 'case',
          targetId: c.id,
          orgId: c.orgId,
          orgPath: c.orgPath,
          after: { withinDeadline: !!d.contactDueAt && now <= d.contactDueAt },
        });
        return view(s, actor, await requireReadable(s, actor, c.id, now));
      }),

    assign: (actor: UserActor, id: number, input: { userId: number; role: string }) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.assign');
        const now = nowOf(deps);
        const l = await loadCase(s, actor, id, now);
        if (!supervises(actorFacts(actor), l.c.orgPath))
          throw new AppError(l.basis === null ? 'CASE_ACCESS_DENIED' : 'FORBIDDEN');
        const u = await assignUser(s, l.c, input.userId, input.role, 'userId');
        await appendAudit(s.tx, actor, {
          action: 'case.assign',
          targetType: 'case',
          targetId: id,
          orgId: l.c.orgId,
          orgPath: l.c.orgPath,
          after: { userId: u.id, username: u.username, role: input.role },
        });
        return view(s, actor, await requireReadable(s, actor, id, now));
      }),

    unassign: (actor: UserActor, id: number, assignmentId: number) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.assign');
        const now = nowOf(deps);
        const l = await loadCase(s, actor, id, now);
        if (!supervises(actorFacts(actor), l.c.orgPath))
          throw new AppError(l.basis === null ? 'CASE_ACCESS_DENIED' : 'FORBIDDEN');
        const rows = await s.tx
          .update(caseAssignments)
          .set({ endedAt: now })
          .where(
            and(eq(caseAssignments.id, assignmentId), eq(caseAssignments.caseId, id), isNull(caseAssignments.endedAt)),
          )
          .returning();
        if (!rows[0]) throw new AppError('NOT_FOUND', { field: 'assignmentId' });
        await repo.insertEvent(s, l.c, {
          kind: 'unassignment',
          detail: { userId: rows[0].userId, role: rows[0].role },
        });
        await appendAudit(s.tx, actor, {
          action: 'case.unassign',
          targetType: 'case',
          targetId: id,
          orgId: l.c.orgId,
          orgPath: l.c.orgPath,
          before: { userId: rows[0].userId, role: rows[0].role },
        });
        return view(s, actor, await requireReadable(s, actor, id, now));
      }),

    /** 督办: a supervisor puts the case under supervision (also done by the sweeper when a deadline passes). */
    supervise: (actor: UserActor, id: number, reason: string) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.assign');
        const now = nowOf(deps);
        const l = await loadCase(s, actor, id, now);
        if (!supervises(actorFacts(actor), l.c.orgPath))
          throw new AppError(l.basis === null ? 'CASE_ACCESS_DENIED' : 'FORBIDDEN');
        await superviseIn(s, l.c, reason, now);
        await appendAudit(s.tx, actor, {
          action: 'case.supervise',
          targetType: 'case',
          targetId: id,
          orgId: l.c.orgId,
          orgPath: l.c.orgPath,
          reason,
        });
        return view(s, actor, await requireReadable(s, actor, id, now));
      }),

    safetyPlan: (actor: UserActor, id: number, input: { text: string; items: string[] }) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.write');
        const now = nowOf(deps);
        const { c } = await requireWritable(s, actor, id, now);
        await repo.updateDetails(s, c.id, {
          safetyPlanEnc: crypto.encrypt(JSON.stringify(input)),
          safetyPlanUpdatedAt: now,
          safetyPlanUpdatedBy: actor.username,
        });
        await repo.insertEvent(s, c, { kind: 'safety_plan', detail: { items: input.items.length } });
        await appendAudit(s.tx, actor, {
          action: 'case.safety_plan',
          targetType: 'case',
          targetId: c.id,
          orgId: c.orgId,
          orgPath: c.orgPath,
        });
        return view(s, actor, await requireReadable(s, actor, c.id, now));
      }),

    /** A party's name, phone or ID number in clear: for the entitled, with a reason, always audited. */
    unmaskParty: (
      actor: UserActor,
      id: number,
      partyId: number,
      field: 'name' | 'phone' | 'idNumber',
      reason: string,
    ) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.write');
        const { c } = await requireWritable(s, actor, id, nowOf(deps));
        const [p] = await s.tx
          .select()
          .from(caseParties)
          .where(and(eq(caseParties.id, partyId), eq(caseParties.caseId, id)));
        if (!p) throw new AppError('CASE_PARTY_NOT_FOUND', { field: 'partyId' });
        let value: string | null = null;
        if (field === 'name') value = p.nameEnc ? crypto.decrypt(p.nameEnc) : null;
        else if (p.personId) {
          const [row] = await queryRows<{ phone_enc: string | null; id_number_enc: string | null }>(
            s.tx,
            sql`select phone_enc, id_number_enc from persons where id = ${p.personId}`,
          );
          const enc = field === 'phone' ? row?.phone_enc : row?.id_number_enc;
          value = enc ? crypto.decrypt(enc) : null;
        } else if (field === 'phone') value = p.phoneEnc ? crypto.decrypt(p.phoneEnc) : null;
        await appendAudit(s.tx, actor, {
          action: 'case.unmask',
          targetType: 'case',
          targetId: id,
          orgId: c.orgId,
          orgPath: c.orgPath,
          reason,
          after: { partyId, field },
        });
        return { field, value };
      }),

    /** The hotline call-back number in clear (to call her back), audited. */
    unmaskCallback: (actor: UserActor, id: number, reason: string) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.write');
        const { c } = await requireWritable(s, actor, id, nowOf(deps));
        const d = await repo.details(s, c.id);
        await appendAudit(s.tx, actor, {
          action: 'case.unmask',
          targetType: 'case',
          targetId: id,
          orgId: c.orgId,
          orgPath: c.orgPath,
          reason,
          after: { field: 'callbackPhone' },
        });
        return { field: 'callbackPhone', value: d?.callbackPhoneEnc ? crypto.decrypt(d.callbackPhoneEnc) : null };
      }),

    /** Break-glass: a reasoned, time-limited read for someone in the subtree; the supervisors are alerted; audited. */
    breakGlass: (actor: UserActor, id: number, reason: string) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.breakglass');
        const now = nowOf(deps);
        const l = await loadCase(s, actor, id, now);
        if (l.basis !== null && l.basis !== 'break_glass')
          throw new AppError('CONFLICT', { zh: '您已有权查看该案件', en: 'You may already read this case' });
        const expiresAt = new Date(now.getTime() + BREAK_GLASS_MINUTES * 60_000);
        await s.tx.insert(caseAccessGrants).values({
          caseId: id,
          orgPath: l.c.orgPath,
          districtId: l.c.districtId,
          userId: actor.userId,
          userName: `${actor.displayName}（${actor.username}）`,
          reason,
          grantedAt: now,
          expiresAt,
        });
        // The grant row is the case's record of it (shown to the entitled as accessGrants); a grant holder writes
        // nothing else.
        await notify(s.tx, {
          kind: 'case.break_glass',
          recipients: supervisorRecipients(l.c.orgPath),
          title: {
            'zh-CN': `${actor.displayName} 申请紧急查看维权案件 ${l.c.caseNo}`,
            'en-US': `${actor.displayName} used break-glass access on case ${l.c.caseNo}`,
          },
          body: {
            'zh-CN': `理由：${reason}；有效期 ${BREAK_GLASS_MINUTES} 分钟`,
            'en-US': `Reason: ${reason}; valid for ${BREAK_GLASS_MINUTES} minutes`,
          },
          link: `/cases/${id}`,
          target: { type: 'case', id },
          orgPath: l.c.orgPath,
        });
        await appendAudit(s.tx, actor, {
          action: 'case.break_glass',
          targetType: 'case',
          targetId: id,
          orgId: l.c.orgId,
          orgPath: l.c.orgPath,
          reason,
          after: { expiresAt: expiresAt.toISOString() },
        });
        return readAudited(s, actor, id);
      }),

    addFollowUp: (actor: UserActor, id: number, dueOn: string) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.write');
        const now = nowOf(deps);
        const { c } = await requireWritable(s, actor, id, now);
        if (dueOn < deps.today())
          throw fieldError(
            'VALIDATION_FAILED',
            'dueOn',
            '回访日期不能早于今天',
            'the follow-up date cannot be in the past',
          );
        await scheduleFollowUp(s, c, dueOn, 'manual');
        await repo.insertEvent(s, c, { kind: 'follow_up_scheduled', detail: { dueOn } });
        await appendAudit(s.tx, actor, {
          action: 'case.follow_up.schedule',
          targetType: 'case',
          targetId: id,
          orgId: c.orgId,
          orgPath: c.orgPath,
          after: { dueOn },
        });
        return view(s, actor, await requireReadable(s, actor, id, now));
      }),

    completeFollowUp: (actor: UserActor, id: number, followUpId: number, note: string) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.write');
        const now = nowOf(deps);
        const { c } = await requireWritable(s, actor, id, now);
        const rows = await s.tx
          .update(caseFollowUps)
          .set({ status: 'done', doneAt: now, doneBy: actor.username, noteEnc: crypto.encrypt(note) })
          .where(
            and(eq(caseFollowUps.id, followUpId), eq(caseFollowUps.caseId, id), eq(caseFollowUps.status, 'pending')),
          )
          .returning();
        if (!rows[0]) throw new AppError('FOLLOW_UP_NOT_FOUND', { field: 'followUpId' });
        await repo.insertEvent(s, c, {
          kind: 'follow_up_done',
          detail: { dueOn: rows[0].dueOn, late: rows[0].dueOn < deps.today() },
        });
        await appendAudit(s.tx, actor, {
          action: 'case.follow_up.done',
          targetType: 'case',
          targetId: id,
          orgId: c.orgId,
          orgPath: c.orgPath,
        });
        return view(s, actor, await requireReadable(s, actor, id, now));
      }),
  };

  function actorLabel(s: Scoped) {
    return s.actor.kind === 'user' ? s.actor.username : `system:${s.actor.name}`;
  }
}
export type CasesService = ReturnType<typeof createCasesService>;

/** 督办: marks the case supervised once; the five-mechanism count goes up on the first time only. */
export async function superviseIn(s: Scoped, c: repo.CaseRow, reason: string, now: Date): Promise<boolean> {
  const d = await repo.details(s, c.id);
  if (!d || d.supervised) return false;
  await repo.updateDetails(s, c.id, { supervised: true, supervisedAt: now });
  await repo.insertEvent(s, c, { kind: 'supervised', reason });
  await count(s, c.orgPath, { 'cases.supervised': 1 }, now);
  return true;
}

/** The case channel a demand's source becomes. */
const DEMAND_SOURCE_CHANNEL: Record<DemandSummary['source'], CaseChannel> = {
  online: 'online',
  hotline_12338: 'hotline',
  visit: 'visit',
  walk_in: 'demand',
  grid_report: 'demand',
  deliberation: 'demand',
};

/** `verifiedSource`: the source reference was checked and will be linked by the conversion itself. */
function checkIntake(input: CaseIntakeInput, verifiedSource: boolean) {
  const need = (cond: boolean, field: string, zh: string, en: string) => {
    if (!cond) throw fieldError('VALIDATION_FAILED', field, zh, en);
  };
  need(
    input.parties.some((p) => p.role === 'victim'),
    'parties',
    '至少登记一名受害人（可匿名）',
    'at least one victim (anonymous allowed)',
  );
  if (input.channel === 'hotline')
    need(!!input.hotline, 'hotline', '12338 热线受理须填写来电记录', 'a hotline intake needs the call sheet');
  if (input.channel === 'mandatory_report')
    need(
      !!input.mandatoryReport,
      'mandatoryReport',
      '强制报告须填写报案时间和回执号',
      'a mandatory report needs the police report time and receipt number',
    );
  if (input.channel === 'public_opinion')
    need(
      !!input.publicOpinion,
      'publicOpinion',
      '舆情须填写来源平台和发现时间',
      'a public-opinion incident needs its source and time',
    );
  if (input.channel === 'grid_report')
    need(
      !!input.gridReport,
      'gridReport',
      '网格员报告须填写网格和报告人',
      "a grid worker's report needs the grid and reporter",
    );
  // A demand or a visit need becomes a case through the demands module's conversion (it checks the demand and links
  // it to the case); a bare reference typed into an intake form would be unverified.
  if (!verifiedSource)
    need(
      input.channel !== 'demand' && input.channel !== 'visit' && !input.sourceRef,
      'channel',
      '诉求和走访需求请从诉求办理中转为维权案件',
      'convert a demand or a visit need from the demand itself',
    );
  if (input.hotline?.anonymous)
    need(!input.hotline.callerName, 'hotline.callerName', '匿名来电不记录姓名', 'an anonymous call records no name');
}

function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}
export const chinaDay = chinaDate;
