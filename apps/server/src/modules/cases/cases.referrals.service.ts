import type { z } from 'zod';
import { and, desc, eq, sql } from 'drizzle-orm';
import { REFERRAL_MACHINE, type AgencyKind } from '@jinguo/contracts';
import type { AgencyReferralView, ReferralDecision } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError } from '../../platform/errors.js';
import { notify } from '../../platform/notifications/index.js';
import { requirePermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import { orgRepository } from '../organizations/index.js';
import { count, nowOf, type CasesDeps } from './cases.access.service.js';
import * as repo from './cases.repository.js';
import { agencyUsers, caseReferrals, mediators, partnerAgencies } from './cases.tables.js';
import { partyViews, referralView } from './cases.views.js';

/**
 * The partner agency's side (联动单位). Its users are not scoped by a subtree but by their agency: they see the
 * referrals sent to it and, through them, what those cases need — never a list of the district's cases.
 */
export function createAgencyService(deps: CasesDeps) {
  const { crypto } = deps;
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);

  async function agencyOf(s: Scoped, actor: UserActor) {
    const [link] = await s.tx
      .select({ agency: partnerAgencies })
      .from(agencyUsers)
      .innerJoin(partnerAgencies, eq(partnerAgencies.id, agencyUsers.agencyId))
      .where(eq(agencyUsers.userId, actor.userId));
    if (!link)
      throw new AppError('FORBIDDEN', {
        zh: '您的账号未关联联动单位',
        en: 'Your account is not linked to a partner agency',
      });
    return link.agency;
  }

  async function referralFor(s: Scoped, actor: UserActor, referralId: number) {
    const agency = await agencyOf(s, actor);
    const [r] = await s.tx
      .select()
      .from(caseReferrals)
      .where(and(eq(caseReferrals.id, referralId), eq(caseReferrals.agencyId, agency.id)));
    if (!r) throw new AppError('REFERRAL_NOT_FOUND');
    return { agency, r };
  }

  async function agencyView(
    s: Scoped,
    agency: repo.AgencyRow,
    r: repo.ReferralRow,
  ): Promise<z.infer<typeof AgencyReferralView>> {
    const c = await repo.findCaseById(s, r.caseId);
    const d = await repo.details(s, r.caseId);
    if (!c || !d) throw new AppError('REFERRAL_NOT_FOUND');
    const orgs = await repo.orgNames(s, [c.orgId, agency.orgId]);
    const parties = await partyViews(s, await repo.parties(s, c.id));
    const allowed = Object.keys(REFERRAL_MACHINE[r.status as keyof typeof REFERRAL_MACHINE])
      .filter((a) => a !== 'withdraw')
      .map((a) => (a === 'answer' ? 'report' : a)) as ('accept' | 'decline' | 'report')[];
    return {
      ...referralView(crypto, r, agency, orgs.get(agency.orgId) ?? ''),
      case: {
        caseNo: c.caseNo,
        caseType: c.caseType as never,
        riskLevel: (d.riskLevel ?? null) as never,
        narrative: crypto.decrypt(d.narrativeEnc),
        involvesMinor: d.involvesMinor,
        org: { id: c.orgId, name: orgs.get(c.orgId) ?? '' },
        parties: parties.map((p) => ({ role: p.role, name: p.name, gender: p.gender, minor: p.minor })),
      },
      allowedActions: [...new Set(allowed)],
    };
  }

  return {
    inbox: (actor: UserActor, status?: string) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.referral.respond');
        const agency = await agencyOf(s, actor);
        const rows = await s.tx
          .select()
          .from(caseReferrals)
          .where(and(eq(caseReferrals.agencyId, agency.id), status ? eq(caseReferrals.status, status) : sql`true`))
          .orderBy(desc(caseReferrals.sentAt))
          .limit(200);
        const headers = new Map<number, repo.CaseRow>();
        for (const r of rows) {
          const c = await repo.findCaseById(s, r.caseId);
          if (c) headers.set(c.id, c);
        }
        const orgs = await repo.orgNames(s, [agency.orgId]);
        return {
          agency: {
            id: agency.id,
            name: agency.name,
            kind: agency.kind as AgencyKind,
            org: { id: agency.orgId, name: orgs.get(agency.orgId) ?? '' },
            active: agency.active,
          },
          items: rows
            .filter((r) => headers.has(r.caseId))
            .map((r) => ({
              ...referralView(crypto, r, agency, orgs.get(agency.orgId) ?? ''),
              caseNo: headers.get(r.caseId)!.caseNo,
              caseType: headers.get(r.caseId)!.caseType as never,
            })),
        };
      }),

    /** One referral with what the case needs; reading it is a read of the case, audited. */
    get: (actor: UserActor, referralId: number) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.referral.respond');
        const { agency, r } = await referralFor(s, actor, referralId);
        const v = await agencyView(s, agency, r);
        await appendAudit(s.tx, actor, {
          action: 'case.read',
          targetType: 'case',
          targetId: r.caseId,
          orgPath: r.orgPath,
          after: { via: 'referral', referralId, agencyId: agency.id },
        });
        return v;
      }),

    respond: (actor: UserActor, referralId: number, input: z.infer<typeof ReferralDecision>) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.referral.respond');
        const { agency, r } = await referralFor(s, actor, referralId);
        const machine = REFERRAL_MACHINE[r.status as keyof typeof REFERRAL_MACHINE];
        const step = input.action === 'report' ? (input.final ? 'answer' : 'report') : input.action;
        const to = machine[step];
        if (!to)
          throw new AppError('REFERRAL_INVALID_TRANSITION', {
            zh: `转介当前为“${r.status}”，不能执行该操作`,
            en: `A referral in state ${r.status} cannot ${step}`,
          });
        const now = nowOf(deps);
        const by = `${agency.name} ${actor.displayName}`;
        const patch: Partial<typeof caseReferrals.$inferInsert> = { status: to };
        if (input.action === 'accept') patch.acceptedAt = now;
        if (input.action === 'decline') Object.assign(patch, { declinedAt: now, declineReason: input.reason });
        if (input.action === 'report') {
          patch.reports = [
            ...(r.reports as unknown[]),
            { at: now.toISOString(), by, textEnc: crypto.encrypt(input.text), final: input.final },
          ];
          if (input.final) patch.answeredAt = now;
        }
        await s.tx.update(caseReferrals).set(patch).where(eq(caseReferrals.id, r.id));
        const c = await repo.findCaseById(s, r.caseId);
        if (!c) throw new AppError('REFERRAL_NOT_FOUND');
        await repo.insertEvent(s, c, { kind: `referral_${step}`, detail: { referralId: r.id, agency: agency.name } });
        if (step === 'answer') await count(s, c.orgPath, { 'cases.referrals_answered': 1 }, now);
        await notify(s.tx, {
          kind: `case.referral_${step}`,
          recipients: (await workerIds(s, c.id)).map((u) => ({ user: u })),
          title: {
            'zh-CN': `${agency.name}${{ accept: '已接收', decline: '退回了', report: '反馈了进展：', answer: '办结反馈：' }[step]}维权案件 ${c.caseNo} 的转介`,
            'en-US': `${agency.name}: referral of case ${c.caseNo} ${step === 'answer' ? 'answered' : `${step}ed`}`,
          },
          link: `/cases/${c.id}`,
          target: { type: 'case', id: c.id },
          orgPath: c.orgPath,
        });
        await appendAudit(s.tx, actor, {
          action: `case.referral.${step}`,
          targetType: 'case',
          targetId: c.id,
          orgPath: c.orgPath,
          after: { referralId: r.id, status: to },
        });
        const [after] = await s.tx.select().from(caseReferrals).where(eq(caseReferrals.id, r.id));
        return agencyView(s, agency, after!);
      }),

    /* Administration: agencies, their users, the mediator roster (case.agencies.manage). */
    listAgencies: (actor: UserActor, orgId?: number) =>
      run(actor, async (s) => {
        const path = orgId ? (await orgRepository.findOrg(s, orgId))?.path : null;
        const rows = await s.tx
          .select()
          .from(partnerAgencies)
          .where(path ? sql`${partnerAgencies.orgPath} @> ${path}::ltree` : sql`true`)
          .orderBy(partnerAgencies.kind, partnerAgencies.id);
        const orgs = await repo.orgNames(
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
        const org = await orgRepository.findOrg(s, input.orgId);
        if (!org || !(org.path === s.scopePath || org.path.startsWith(`${s.scopePath}.`)))
          throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
        const [a] = await s.tx
          .insert(partnerAgencies)
          .values({ orgId: org.id, orgPath: org.path, districtId: org.districtId, name: input.name, kind: input.kind })
          .returning();
        await appendAudit(s.tx, actor, {
          action: 'case.agency.create',
          targetType: 'partner_agency',
          targetId: a!.id,
          orgId: org.id,
          orgPath: org.path,
          after: input,
        });
        return {
          id: a!.id,
          name: a!.name,
          kind: a!.kind as AgencyKind,
          org: { id: org.id, name: org.name },
          active: a!.active,
        };
      }),
    listMediators: (actor: UserActor) =>
      run(actor, async (s) => {
        const rows = await s.tx.select().from(mediators).orderBy(mediators.id);
        const orgs = await repo.orgNames(
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
        const org = await orgRepository.findOrg(s, input.orgId);
        if (!org || !(org.path === s.scopePath || org.path.startsWith(`${s.scopePath}.`)))
          throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
        const [m] = await s.tx
          .insert(mediators)
          .values({
            orgId: org.id,
            orgPath: org.path,
            districtId: org.districtId,
            name: input.name,
            userId: input.userId ?? null,
            specialty: input.specialty ?? null,
          })
          .returning();
        await appendAudit(s.tx, actor, {
          action: 'case.mediator.create',
          targetType: 'mediator',
          targetId: m!.id,
          orgId: org.id,
          orgPath: org.path,
          after: input,
        });
        return {
          id: m!.id,
          name: m!.name,
          org: { id: org.id, name: org.name },
          userId: m!.userId,
          specialty: m!.specialty,
          active: m!.active,
        };
      }),
  };
}
export type AgencyService = ReturnType<typeof createAgencyService>;

/** The case's assigned workers (ids only): the agency notifies them of its answers. */
async function workerIds(s: Scoped, caseId: number): Promise<number[]> {
  const rows = (await s.tx.execute(sql`select jinguo_case_workers(${caseId}) as ids`)) as unknown as {
    rows: { ids: number[] | null }[];
  };
  return (rows.rows[0]?.ids ?? []).map(Number);
}
