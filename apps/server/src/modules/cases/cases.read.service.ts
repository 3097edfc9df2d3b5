import type { CaseListItem, CaseListQuery, CasesDue } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError } from '../../platform/errors.js';
import { decodeKeysetCursor, encodeCursor } from '../../platform/http/cursor.js';
import { addDays } from '../../platform/time.js';
import { readScoped, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import {
  auditingRefusal,
  loadCase,
  nowOf,
  requireReadable,
  type CasesDeps,
  type LoadedCase,
} from './cases.access.service.js';
import { orgNames } from './cases.directory.repository.js';
import * as dueRepo from './cases.due.repository.js';
import { actorFacts, allowedCaseActions } from './cases.policy.js';
import * as repo from './cases.repository.js';
import { buildCaseView } from './cases.views.js';

/** The full view of a case the actor is entitled to: content, attachments, what she may do next. */
export async function caseView(
  deps: CasesDeps,
  s: Scoped,
  actor: UserActor,
  l: LoadedCase & { basis: NonNullable<LoadedCase['basis']> },
) {
  const d = await repo.details(s, l.c.id);
  if (!d) throw new Error(`case ${l.c.id} has no details row readable here`);
  const facts = { ...l.facts, contactPending: d.riskLevel === 'high' && !d.contactedAt };
  const files = await deps.files.listFiles(s, { type: 'case', id: l.c.id });
  return buildCaseView(s, deps.crypto, l.c, d, {
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
export async function readAudited(deps: CasesDeps, s: Scoped, actor: UserActor, id: number, action = 'case.read') {
  const l = await requireReadable(s, actor, id, nowOf(deps));
  await appendAudit(s.tx, actor, {
    action,
    targetType: 'case',
    targetId: id,
    orgId: l.c.orgId,
    orgPath: l.c.orgPath,
    after: { caseNo: l.c.caseNo, basis: l.basis },
  });
  return caseView(deps, s, actor, l);
}

/** Reading cases: one case (audited), what anyone in the subtree may know of it, the case list. */
export function createCaseReadService(deps: CasesDeps) {
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);

  return {
    view: (s: Scoped, actor: UserActor, l: LoadedCase & { basis: NonNullable<LoadedCase['basis']> }) =>
      caseView(deps, s, actor, l),
    readAudited: (s: Scoped, actor: UserActor, id: number, action?: string) => readAudited(deps, s, actor, id, action),

    get: (actor: UserActor, id: number) =>
      auditingRefusal(deps, actor, () => run(actor, (s) => readAudited(deps, s, actor, id))),

    /** What anyone in the subtree may know: number, type, status, org. */
    summary: (actor: UserActor, id: number) =>
      run(actor, async (s) => {
        const l = await loadCase(s, actor, id, nowOf(deps));
        const orgs = await orgNames(s, [l.c.orgId]);
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

    /**
     * What is due on her own cases (the case list's `mine`): pending follow-ups up to `days` ahead, overdue ones
     * included, and high-risk cases still waiting for their first contact. A named org outside the scope is not found.
     */
    due: (actor: UserActor, q: { orgId?: number | undefined; days: number }): Promise<CasesDue> =>
      run(actor, async (s) => {
        let orgPath: string | null = null;
        if (q.orgId !== undefined) {
          const org = await deps.organizations.findOrg(s, q.orgId);
          if (!org) throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
          orgPath = org.path;
        }
        const f = {
          userId: actor.userId,
          supervisorPath: actor.roles.includes('case_supervisor') ? actor.homePath : null,
          orgPath,
        };
        const today = deps.today();
        const now = nowOf(deps);
        const followUps = await dueRepo.dueFollowUps(s, f, addDays(today, q.days), 100);
        const contacts = await dueRepo.pendingContacts(s, f, 100);
        const names = await orgNames(
          s,
          [...followUps, ...contacts].map((r) => r.orgId),
        );
        const org = (id: number) => ({ id, name: names.get(id) ?? '' });
        return {
          today,
          followUps: followUps.map((r) => ({
            id: r.id,
            caseId: r.caseId,
            caseNo: r.caseNo,
            caseType: r.caseType as CaseListItem['caseType'],
            org: org(r.orgId),
            dueOn: r.dueOn,
            reason: r.reason as CasesDue['followUps'][number]['reason'],
            overdue: r.dueOn < today,
          })),
          contacts: contacts.map((r) => ({
            caseId: r.caseId,
            caseNo: r.caseNo,
            caseType: r.caseType as CaseListItem['caseType'],
            org: org(r.orgId),
            dueAt: r.dueAt!.toISOString(),
            overdue: r.dueAt! < now,
          })),
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
  };
}
