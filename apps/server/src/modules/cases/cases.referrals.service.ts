import type { z } from 'zod';
import { REFERRAL_MACHINE, type AgencyKind, type ReferralInboxQuery } from '@jinguo/contracts';
import type { AgencyReferralView, ReferralDecision } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError } from '../../platform/errors.js';
import { decodeCursor, decodeKeysetCursor, encodeCursor, invalidCursor } from '../../platform/http/cursor.js';
import { notify } from '../../platform/notifications/index.js';
import { requirePermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import { count, nowOf, type CasesDeps } from './cases.access.service.js';
import { orgNames } from './cases.directory.repository.js';
import {
  agencyInbox,
  agencyOfUser,
  caseWorkerIds,
  findAgencyReferral,
  updateReferral,
  type ReferralPatch,
} from './cases.referrals.repository.js';
import * as repo from './cases.repository.js';
import { createRosterService } from './cases.rosters.service.js';
import { partyViews, referralView } from './cases.views.js';

/** The inbox's keyset `{ p, k, id }`: a priority the inbox writes (0–4), sent_at and id; anything else is a 400. */
function decodeInboxCursor(cursor: string | undefined): { p: number; at: string; id: number } | null {
  const key = decodeKeysetCursor(cursor, 'timestamp');
  if (!key) return null;
  const { p } = decodeCursor<{ p: unknown }>(cursor)!;
  if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p > 4) throw invalidCursor();
  return { p, at: key.k, id: key.id };
}

/**
 * The partner agency's side (联动单位). Its users are not scoped by a subtree but by their agency: they see the
 * referrals sent to it and, through them, what those cases need — never a list of the district's cases.
 */
export function createAgencyService(deps: CasesDeps) {
  const { crypto } = deps;
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);

  async function agencyOf(s: Scoped, actor: UserActor) {
    const agency = await agencyOfUser(s, actor.userId);
    if (!agency)
      throw new AppError('FORBIDDEN', {
        zh: '您的账号未关联联动单位',
        en: 'Your account is not linked to a partner agency',
      });
    return agency;
  }

  async function referralFor(s: Scoped, actor: UserActor, referralId: number) {
    const agency = await agencyOf(s, actor);
    const r = await findAgencyReferral(s, agency.id, referralId);
    if (!r) throw new AppError('REFERRAL_NOT_FOUND');
    return { agency, r };
  }

  async function agencyView(
    s: Scoped,
    agency: repo.AgencyRow,
    r: repo.ReferralRow,
    /** The case, when the caller has read it already. */
    known?: repo.CaseRow,
  ): Promise<z.infer<typeof AgencyReferralView>> {
    const c = known ?? (await repo.findCaseById(s, r.caseId));
    const d = await repo.details(s, r.caseId);
    if (!c || !d) throw new AppError('REFERRAL_NOT_FOUND');
    const orgs = await orgNames(s, [c.orgId, agency.orgId]);
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
    /**
     * A page of the agency's inbox, what needs it first (to accept, to answer, urgent first; then newest first). The
     * first page also counts what waits to be accepted and answered, for the figures that must not count one page.
     */
    inbox: (actor: UserActor, q: ReferralInboxQuery) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.referral.respond');
        const after = decodeInboxCursor(q.cursor);
        const agency = await agencyOf(s, actor);
        const { rows, counts } = await agencyInbox(s, agency.id, { status: q.status, after, limit: q.limit });
        const orgs = await orgNames(s, [agency.orgId]);
        const page = rows.slice(0, q.limit);
        const last = page[page.length - 1];
        return {
          agency: {
            id: agency.id,
            name: agency.name,
            kind: agency.kind as AgencyKind,
            org: { id: agency.orgId, name: orgs.get(agency.orgId) ?? '' },
            active: agency.active,
          },
          items: page.map((r) => ({
            ...referralView(crypto, r, agency, orgs.get(agency.orgId) ?? ''),
            caseNo: r.caseNo,
            caseType: r.caseType,
          })),
          nextCursor:
            rows.length > q.limit && last
              ? encodeCursor({ p: last.inboxPriority, k: last.sentKey, id: last.id })
              : null,
          counts,
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
        const patch: ReferralPatch = { status: to };
        if (input.action === 'accept') patch.acceptedAt = now;
        if (input.action === 'decline') Object.assign(patch, { declinedAt: now, declineReason: input.reason });
        if (input.action === 'report') {
          patch.reports = [
            ...(r.reports as unknown[]),
            { at: now.toISOString(), by, textEnc: crypto.encrypt(input.text), final: input.final },
          ];
          if (input.final) patch.answeredAt = now;
        }
        // Everything that reads or writes the case comes first, the referral's own change last: a decline ends the
        // agency's access to the case (no live referral), and row-level security then hides it — its history too.
        const c = await repo.findCaseById(s, r.caseId);
        if (!c) throw new AppError('REFERRAL_NOT_FOUND');
        const view = await agencyView(s, agency, { ...r, ...patch }, c);
        await repo.insertEvent(s, c, { kind: `referral_${step}`, detail: { referralId: r.id, agency: agency.name } });
        if (step === 'answer') await count(s, c.orgPath, { 'cases.referrals_answered': 1 }, now);
        await notify(s.tx, {
          kind: `case.referral_${step}`,
          recipients: (await caseWorkerIds(s, c.id)).map((u) => ({ user: u })),
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
        await updateReferral(s, r.id, patch);
        return view;
      }),

    ...createRosterService(deps),
  };
}
export type AgencyService = ReturnType<typeof createAgencyService>;
